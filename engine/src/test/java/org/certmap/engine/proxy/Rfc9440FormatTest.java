package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.proxy.ProxyFixtures.alice;
import static org.certmap.engine.proxy.ProxyFixtures.base64;
import static org.certmap.engine.proxy.ProxyFixtures.intermediate;
import static org.certmap.engine.proxy.ProxyFixtures.root;
import static org.certmap.engine.proxy.ProxyFixtures.sfBinary;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

/** Format {@code rfc9440}: Client-Cert and Client-Cert-Chain as RFC 8941 byte sequences. */
class Rfc9440FormatTest {

    private final CertificateHeaderDecoder decoder =
            CertificateHeaderDecoder.of(HeaderFormat.RFC9440, null, null, 16384);

    private List<X509Certificate> decode(String value, String... chain) throws MalformedHeaderException {
        return decoder.decode(List.of(value), List.of(chain));
    }

    @Test
    void decodeWhenClientCertThenReturnsLeaf() throws Exception {
        assertThat(decode(sfBinary(alice()))).containsExactly(alice());
    }

    @Test
    void decodeWhenClientCertChainThenReturnsLeafThenChain() throws Exception {
        assertThat(decode(sfBinary(alice()), sfBinary(intermediate()) + ", " + sfBinary(root())))
                .containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenChainSplitOverSeveralFieldLinesThenConcatenatesInOrder() throws Exception {
        assertThat(decode(sfBinary(alice()), sfBinary(intermediate()), sfBinary(root())))
                .containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenChainWithoutClientCertThenReturnsEmpty() throws Exception {
        assertThat(decoder.decode(List.of(), List.of(sfBinary(intermediate())))).isEmpty();
    }

    @Test
    void decodeWhenChainEmptyThenReturnsLeaf() throws Exception {
        assertThat(decode(sfBinary(alice()), "")).containsExactly(alice());
    }

    @Test
    void decodeWhenSpacesAroundItemThenReturnsLeaf() throws Exception {
        assertThat(decode("  " + sfBinary(alice()) + "  ")).containsExactly(alice());
    }

    @Test
    void decodeWhenParametersThenIgnoresThem() throws Exception {
        assertThat(decode(sfBinary(alice()) + ";a=1;b;c=\"x;y\";d=?0;e=tok/en;f=-1.5;g=:AAAA:",
                sfBinary(intermediate()) + ";x=1, " + sfBinary(root())))
                .containsExactly(alice(), intermediate(), root());
    }

    @Test
    void decodeWhenPaddingMissingThenAcceptedAsRfc8941Asks() throws Exception {
        Issued padded = ProxyFixtures.withPadding();
        String value = sfBinary(padded.certificate()).replace("=", "");
        assertThat(decode(value)).containsExactly(padded.certificate());
    }

    @Test
    void decodeWhenColonsMissingThenMalformed() {
        assertThatThrownBy(() -> decode(TestPki.base64OneLine(alice())))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("expected ':'");
    }

    @Test
    void decodeWhenClosingColonMissingThenMalformed() {
        assertThatThrownBy(() -> decode(":" + TestPki.base64OneLine(alice())))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("no closing ':'");
    }

    @Test
    void decodeWhenPemInsteadOfByteSequenceThenMalformed() {
        assertThatThrownBy(() -> decode(TestPki.pem(alice()).replace('\n', ' ')))
                .isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenWhitespaceInsideByteSequenceThenMalformed() {
        String b64 = TestPki.base64OneLine(alice());
        assertThatThrownBy(() -> decode(":" + b64.substring(0, 64) + " " + b64.substring(64) + ":"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not valid base64 at offset 65");
    }

    @Test
    void decodeWhenBase64UrlAlphabetThenMalformed() {
        String b64 = TestPki.base64OneLine(alice());
        assertThatThrownBy(() -> decode(":" + b64.substring(0, 10) + "-" + b64.substring(11) + ":"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void decodeWhenTruncatedBase64ThenMalformed() {
        String b64 = TestPki.base64OneLine(alice());
        String cut = b64.substring(0, b64.length() - 30);
        assertThatThrownBy(() -> decode(":" + cut + ":")).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenEmptyByteSequenceThenMalformed() {
        assertThatThrownBy(() -> decode("::"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate");
    }

    @Test
    void decodeWhenByteSequenceOfNonCertificateThenMalformed() {
        assertThatThrownBy(() -> decode(":" + base64("hello, world".getBytes()) + ":"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("not an X.509 certificate");
    }

    @Test
    void decodeWhenTextAfterItemThenMalformed() {
        assertThatThrownBy(() -> decode(sfBinary(alice()) + " x"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> decode(sfBinary(alice()) + ", " + sfBinary(alice())))
                .isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void decodeWhenBadParameterThenMalformed() {
        assertThatThrownBy(() -> decode(sfBinary(alice()) + ";A=1"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("bad parameter key");
        assertThatThrownBy(() -> decode(sfBinary(alice()) + ";a=\"open"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("bad parameter value");
    }

    @Test
    void decodeWhenChainHasTrailingCommaThenMalformed() {
        assertThatThrownBy(() -> decode(sfBinary(alice()), sfBinary(intermediate()) + ","))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageStartingWith("header Client-Cert-Chain: ")
                .hasMessageContaining("ends with ','");
    }

    @Test
    void decodeWhenChainMemberIsNotByteSequenceThenMalformed() {
        assertThatThrownBy(() -> decode(sfBinary(alice()), sfBinary(intermediate()) + ", (" + sfBinary(root()) + ")"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("member 2");
    }

    @Test
    void decodeWhenChainMemberIsGarbageThenMalformed() {
        assertThatThrownBy(() -> decode(sfBinary(alice()), ":AAAA:"))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("certificate 2 of 2");
    }

    @Test
    void decodeWhenClientCertTwiceThenMalformed() {
        assertThatThrownBy(() -> decoder.decode(List.of(sfBinary(alice()), sfBinary(alice())), List.of()))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("2 values");
    }
}
