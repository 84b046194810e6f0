package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.proxy.ProxyFixtures.albEscape;
import static org.certmap.engine.proxy.ProxyFixtures.alice;
import static org.certmap.engine.proxy.ProxyFixtures.intermediate;
import static org.certmap.engine.proxy.ProxyFixtures.nginxEscape;
import static org.certmap.engine.proxy.ProxyFixtures.root;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

/** Formats {@code nginx} ($ssl_client_escaped_cert) and {@code alb} (X-Amzn-Mtls-Clientcert). */
class EscapedPemFormatTest {

    private final CertificateHeaderDecoder nginx = CertificateHeaderDecoder.of(HeaderFormat.NGINX, null, null, 16384);
    private final CertificateHeaderDecoder alb = CertificateHeaderDecoder.of(HeaderFormat.ALB, null, null, 16384);

    private static List<X509Certificate> decode(CertificateHeaderDecoder d, String value)
            throws MalformedHeaderException {
        return d.decode(List.of(value), List.of());
    }

    @Test
    void decodeWhenNginxEscapedPemThenReturnsLeaf() throws Exception {
        String value = nginxEscape(TestPki.pem(alice()));
        assertThat(value).startsWith("-----BEGIN%20CERTIFICATE-----%0A").doesNotContain("+", "/", "=");
        assertThat(decode(nginx, value)).containsExactly(alice());
    }

    @Test
    void decodeWhenNginxEscapedChainThenReturnsLeafFirst() throws Exception {
        assertThat(decode(nginx, nginxEscape(TestPki.pem(alice(), intermediate()))))
                .containsExactly(alice(), intermediate());
    }

    @Test
    void decodeWhenNginxLowercaseEscapesThenReturnsLeaf() throws Exception {
        String value = nginxEscape(TestPki.pem(alice())).replace("%0A", "%0a").replace("%2B", "%2b")
                .replace("%2F", "%2f").replace("%3D", "%3d");
        assertThat(decode(nginx, value)).containsExactly(alice());
    }

    @Test
    void decodeWhenNginxValueHasLiteralPlusThenPlusStaysPlus() throws Exception {
        Issued plus = ProxyFixtures.withPlus();
        String value = nginxEscape(plus.pem()).replace("%2B", "+");
        assertThat(value).contains("+");
        assertThat(decode(nginx, value)).containsExactly(plus.certificate());
    }

    @Test
    void decodeWhenNginxBadPercentEscapeThenMalformed() {
        String value = nginxEscape(TestPki.pem(alice()));
        assertThatThrownBy(() -> decode(nginx, value.replaceFirst("%0A", "%0G")))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("bad percent-escape at offset");
        assertThatThrownBy(() -> decode(nginx, value + "%4"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("bad percent-escape");
    }

    @Test
    void decodeWhenNginxEscapesNonAsciiThenMalformed() {
        String value = nginxEscape(TestPki.pem(alice())).replaceFirst("MII", "%C3%A9MII");
        assertThatThrownBy(() -> decode(nginx, value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void decodeWhenNginxTruncatedThenMalformed() {
        String value = nginxEscape(TestPki.pem(alice()));
        assertThatThrownBy(() -> decode(nginx, value.substring(0, value.length() - 40)))
                .isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenAlbLeafOnlyThenReturnsLeaf() throws Exception {
        assertThat(decode(alb, albEscape(TestPki.pem(alice())))).containsExactly(alice());
    }

    @Test
    void decodeWhenAlbPassthroughChainThenReturnsLeafThenChain() throws Exception {
        String value = albEscape(TestPki.pem(alice(), intermediate(), root()));
        assertThat(decode(alb, value)).containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenAlbValueHasUnencodedPlusSlashEqualsThenTheyStay() throws Exception {
        Issued plus = ProxyFixtures.withPlus();
        String value = albEscape(plus.pem());
        assertThat(value).contains("+").doesNotContain("%2B", "%2F", "%3D");
        assertThat(decode(alb, value)).containsExactly(plus.certificate());
    }

    @Test
    void decodeWhenAlbLeafHeaderConfiguredThenReadsIt() throws Exception {
        CertificateHeaderDecoder leafOnly =
                CertificateHeaderDecoder.of(HeaderFormat.ALB, "X-Amzn-Mtls-Clientcert-Leaf", null, 16384);
        assertThat(decode(leafOnly, albEscape(TestPki.pem(alice())))).containsExactly(alice());
    }

    @Test
    void decodeWhenAlbBase64OfGarbageThenMalformed() {
        String value = albEscape("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> decode(alb, value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate");
    }
}
