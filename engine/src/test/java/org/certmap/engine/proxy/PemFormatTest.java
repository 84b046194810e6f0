package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.proxy.ProxyFixtures.alice;
import static org.certmap.engine.proxy.ProxyFixtures.base64;
import static org.certmap.engine.proxy.ProxyFixtures.httpdSpaces;
import static org.certmap.engine.proxy.ProxyFixtures.intermediate;
import static org.certmap.engine.proxy.ProxyFixtures.root;

import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.List;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;

/** Format {@code pem}: httpd SSL_CLIENT_CERT, Tomcat SSLValve style, HAProxy bare base64. */
class PemFormatTest {

    private final CertificateHeaderDecoder decoder = CertificateHeaderDecoder.of(HeaderFormat.PEM, null, null, 16384);

    private List<java.security.cert.X509Certificate> decode(String value) throws MalformedHeaderException {
        return decoder.decode(List.of(value), List.of());
    }

    @Test
    void decodeWhenPemWithLineBreaksThenReturnsLeaf() throws Exception {
        assertThat(decode(TestPki.pem(alice()))).containsExactly(alice());
    }

    @Test
    void decodeWhenHttpdReplacedLineBreaksWithSpacesThenReturnsLeaf() throws Exception {
        String value = httpdSpaces(TestPki.pem(alice()));
        assertThat(value).doesNotContain("\n").contains("----- MII");
        assertThat(decode(value)).containsExactly(alice());
    }

    @Test
    void decodeWhenPemWithoutAnyLineBreaksThenReturnsLeaf() throws Exception {
        String value = "-----BEGIN CERTIFICATE-----" + TestPki.base64OneLine(alice()) + "-----END CERTIFICATE-----";
        assertThat(decode(value)).containsExactly(alice());
    }

    @Test
    void decodeWhenPemWithCrLfAndTabsThenReturnsLeaf() throws Exception {
        String value = TestPki.pem(alice()).replace("\n", "\r\n\t");
        assertThat(decode(value)).containsExactly(alice());
    }

    @Test
    void decodeWhenBareBase64WithoutArmorThenReturnsLeaf() throws Exception {
        assertThat(decode(TestPki.base64OneLine(alice()))).containsExactly(alice());
    }

    @Test
    void decodeWhenBareBase64WrappedWithSpacesThenReturnsLeaf() throws Exception {
        String wrapped = Base64.getMimeEncoder(64, new byte[] {' '}).encodeToString(TestPki.encoded(alice()));
        assertThat(decode(wrapped)).containsExactly(alice());
    }

    @Test
    void decodeWhenLeafAndChainInOneValueThenReturnsLeafFirst() throws Exception {
        String value = httpdSpaces(TestPki.pem(alice(), intermediate(), root()));
        assertThat(decode(value)).containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenChainHeaderConfiguredThenAppendsItsCertificatesInOrder() throws Exception {
        CertificateHeaderDecoder d = CertificateHeaderDecoder.of(HeaderFormat.PEM, null, "SSL_CLIENT_CERT_CHAIN", 16384);
        assertThat(d.decode(List.of(httpdSpaces(TestPki.pem(alice()))),
                List.of(httpdSpaces(TestPki.pem(intermediate())), "(null)", TestPki.pem(root()))))
                .containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenBase64TruncatedThenMalformed() {
        String pem = TestPki.pem(alice());
        int end = pem.indexOf("\n-----END");
        String truncated = pem.substring(0, end - 3) + pem.substring(end);
        assertThatThrownBy(() -> decode(truncated))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void decodeWhenEndLineMissingThenMalformed() {
        String pem = TestPki.pem(alice());
        String cut = pem.substring(0, pem.length() / 2);
        assertThatThrownBy(() -> decode(cut))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("no END line");
    }

    @Test
    void decodeWhenBase64OfNonCertificateBytesThenMalformed() {
        String value = base64("this is not a certificate at all".getBytes());
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate (32 bytes");
    }

    @Test
    void decodeWhenDerCutShortThenMalformedWithCause() {
        byte[] der = TestPki.encoded(alice());
        String value = base64(java.util.Arrays.copyOf(der, der.length / 2));
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate")
                .hasCauseInstanceOf(CertificateException.class);
    }

    @Test
    void decodeWhenSequenceThatIsNotACertificateThenMalformedWithCause() {
        assertThatThrownBy(() -> decode(base64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})))
                .isInstanceOf(MalformedHeaderException.class)
                .hasCauseInstanceOf(CertificateException.class);
    }

    @Test
    void decodeWhenBytesFollowTheCertificateThenMalformed() {
        byte[] der = TestPki.encoded(alice());
        byte[] longer = java.util.Arrays.copyOf(der, der.length + 3);
        assertThatThrownBy(() -> decode(base64(longer)))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("3 bytes after the certificate");
    }

    @Test
    void decodeWhenInvalidBase64CharacterThenMalformedWithOffset() {
        String b64 = TestPki.base64OneLine(alice());
        String bad = b64.substring(0, 17) + "!" + b64.substring(18);
        assertThatThrownBy(() -> decode(bad))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not valid base64 at offset 17");
    }

    @Test
    void decodeWhenOtherPemBlockTypeThenMalformed() {
        String value = TestPki.pem(alice()).replace("CERTIFICATE", "PRIVATE KEY");
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not a CERTIFICATE");
    }

    @Test
    void decodeWhenTextAroundPemBlocksThenMalformed() {
        String value = "subject=CN=alice " + TestPki.pem(alice());
        assertThatThrownBy(() -> decode(value))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("unexpected text at offset 0");
    }

    @Test
    void decodeWhenPaddingMisplacedThenMalformed() {
        String b64 = TestPki.base64OneLine(alice());
        assertThatThrownBy(() -> decode("QQ=" + b64))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not valid base64 at offset 3");
    }

    @Test
    void decodeWhenQuotedLikeHaproxyPlusQThenMalformed() {
        String value = "\"" + TestPki.base64OneLine(alice()) + "\"";
        assertThatThrownBy(() -> decode(value)).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenBase64OfPemTextThenMalformed() {
        String doubleEncoded = base64(TestPki.pem(alice()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> decode(doubleEncoded))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not a DER SEQUENCE");
    }

    @Test
    void decodeWhenDerHoldsMarkerTextThenNoMessageInTheCauseChainContainsIt() {
        byte[] marker = ProxyFixtures.MARKER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] der = new byte[marker.length + 4];
        der[0] = 0x30;
        der[1] = (byte) (marker.length + 2);
        der[2] = 0x0C;
        der[3] = (byte) marker.length;
        System.arraycopy(marker, 0, der, 4, marker.length);
        assertThatThrownBy(() -> decode(base64(der)))
                .isInstanceOf(MalformedHeaderException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET");
                    }
                });
    }
}
