package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.proxy.ProxyFixtures.MARKER;
import static org.certmap.engine.proxy.ProxyFixtures.alice;
import static org.certmap.engine.proxy.ProxyFixtures.sfBinary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What holds for every format: absence, duplicates, size, count limits, safe messages. */
class CertificateHeaderDecoderTest {

    private static final int MAX = 16384;

    private static CertificateHeaderDecoder decoder(HeaderFormat format) {
        return CertificateHeaderDecoder.of(format, null, null, MAX);
    }

    @Test
    void ofWhenNamesNullThenUsesFormatDefaults() {
        CertificateHeaderDecoder d = decoder(HeaderFormat.RFC9440);
        assertThat(d.format()).isEqualTo(HeaderFormat.RFC9440);
        assertThat(d.header()).isEqualTo("Client-Cert");
        assertThat(d.chainHeader()).isEqualTo("Client-Cert-Chain");
        assertThat(decoder(HeaderFormat.PEM).chainHeader()).isNull();
    }

    @Test
    void ofWhenNamesGivenThenUsesThem() {
        CertificateHeaderDecoder d = CertificateHeaderDecoder.of(HeaderFormat.ALB, "X-Amzn-Mtls-Clientcert-Leaf",
                null, 8192);
        assertThat(d.header()).isEqualTo("X-Amzn-Mtls-Clientcert-Leaf");
        assertThat(d.chainHeader()).isNull();
        assertThat(d.toString()).contains("alb", "X-Amzn-Mtls-Clientcert-Leaf", "8192");
    }

    @Test
    void ofWhenChainHeaderWithXfccThenRefuses() {
        assertThatThrownBy(() -> CertificateHeaderDecoder.of(HeaderFormat.XFCC, null, "X-Chain", MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Chain=");
    }

    @Test
    void ofWhenHeaderNotATokenThenRefuses() {
        assertThatThrownBy(() -> CertificateHeaderDecoder.of(HeaderFormat.PEM, "SSL CLIENT", null, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header name");
        assertThatThrownBy(() -> CertificateHeaderDecoder.of(HeaderFormat.PEM, "", null, MAX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenChainHeaderEqualsHeaderThenRefuses() {
        assertThatThrownBy(() -> CertificateHeaderDecoder.of(HeaderFormat.RFC9440, null, "client-cert", MAX))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenLimitNotPositiveThenRefuses() {
        assertThatThrownBy(() -> CertificateHeaderDecoder.of(HeaderFormat.PEM, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(HeaderFormat.class)
    void decodeWhenNoHeaderThenReturnsEmpty(HeaderFormat format) throws Exception {
        assertThat(decoder(format).decode(List.of(), List.of())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HeaderFormat.class)
    void decodeWhenEmptyOrBlankOrHttpdNullThenReturnsEmpty(HeaderFormat format) throws Exception {
        CertificateHeaderDecoder d = decoder(format);
        assertThat(d.decode(List.of(""), List.of())).isEmpty();
        assertThat(d.decode(List.of("  \t "), List.of())).isEmpty();
        assertThat(d.decode(List.of("(null)"), List.of())).isEmpty();
        assertThat(d.decode(List.of(" (null) "), List.of())).isEmpty();
        assertThat(d.decode(Arrays.asList((String) null), List.of())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HeaderFormat.class)
    void decodeWhenHeaderTwiceThenMalformedWithoutValues(HeaderFormat format) {
        String pem = TestPki.pem(alice());
        assertThatThrownBy(() -> decoder(format).decode(List.of(MARKER, pem), List.of()))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("2 values")
                .hasMessageContaining(decoder(format).header())
                .hasMessageNotContaining(MARKER)
                .hasMessageNotContaining("BEGIN");
    }

    @Test
    void decodeWhenHeaderTwiceEvenIfBothEmptyThenMalformed() {
        assertThatThrownBy(() -> decoder(HeaderFormat.PEM).decode(List.of("", ""), List.of()))
                .isInstanceOf(MalformedHeaderException.class);
    }

    @ParameterizedTest
    @EnumSource(HeaderFormat.class)
    void decodeWhenValueLongerThanLimitThenMalformed(HeaderFormat format) {
        CertificateHeaderDecoder d = CertificateHeaderDecoder.of(format, null, null, 100);
        String value = MARKER + "A".repeat(101 - MARKER.length());
        assertThatThrownBy(() -> d.decode(List.of(value), List.of()))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("101 bytes")
                .hasMessageContaining("maxHeaderBytes 100")
                .hasMessageNotContaining(MARKER);
    }

    @Test
    void decodeWhenValueExactlyAtLimitThenAccepted() throws Exception {
        String value = TestPki.base64OneLine(alice());
        CertificateHeaderDecoder d = CertificateHeaderDecoder.of(HeaderFormat.PEM, null, null, value.length());
        assertThat(d.decode(List.of(value), List.of())).containsExactly(alice());
    }

    @Test
    void decodeWhenChainHeaderTogetherTooLargeThenMalformed() {
        String leaf = sfBinary(alice());
        CertificateHeaderDecoder d = CertificateHeaderDecoder.of(HeaderFormat.RFC9440, null, null, leaf.length());
        String chainPart = sfBinary(ProxyFixtures.intermediate());
        assertThatThrownBy(() -> d.decode(List.of(leaf), List.of(chainPart, chainPart)))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("Client-Cert-Chain");
    }

    @Test
    void decodeWhenMoreThanSixteenCertificatesThenMalformed() {
        String pem = TestPki.pem(alice()).repeat(17);
        assertThatThrownBy(() -> decoder(HeaderFormat.PEM).decode(List.of(pem), List.of()))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("more than 16 certificates");
    }

    @Test
    void decodeWhenSixteenCertificatesThenAccepted() throws Exception {
        String pem = TestPki.pem(alice()).repeat(16);
        assertThat(CertificateHeaderDecoder.of(HeaderFormat.PEM, null, null, 65536).decode(List.of(pem), List.of()))
                .hasSize(16);
    }

    @Test
    void decodeWhenChainValuesGivenButNoChainHeaderThenIgnoresThem() throws Exception {
        assertThat(decoder(HeaderFormat.PEM).decode(List.of(TestPki.pem(alice())), List.of(MARKER)))
                .containsExactly(alice());
    }

    @Test
    void decodeWhenResultThenUnmodifiable() throws Exception {
        List<java.security.cert.X509Certificate> certs =
                decoder(HeaderFormat.PEM).decode(List.of(TestPki.pem(alice())), List.of());
        assertThatThrownBy(() -> certs.add(alice())).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> badValues() {
        String b64 = TestPki.base64OneLine(alice());
        String half = b64.substring(0, b64.length() / 2);
        List<Arguments> a = new ArrayList<>();
        for (HeaderFormat f : HeaderFormat.values()) {
            a.add(Arguments.of(f, MARKER));
            a.add(Arguments.of(f, half + MARKER));
            a.add(Arguments.of(f, "-----BEGIN CERTIFICATE-----" + MARKER + "-----END CERTIFICATE-----"));
            a.add(Arguments.of(f, "-----BEGIN " + MARKER + "-----"));
            a.add(Arguments.of(f, ":" + half + MARKER + ":"));
            a.add(Arguments.of(f, "Cert=\"" + MARKER + "\""));
            a.add(Arguments.of(f, "Cert=" + half + "%" + MARKER));
            a.add(Arguments.of(f, MARKER + "=\"x"));
        }
        return a.stream();
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void decodeWhenMalformedThenMessageNeverContainsTheValue(HeaderFormat format, String value) {
        assertThatThrownBy(() -> decoder(format).decode(List.of(value), List.of()))
                .isInstanceOf(MalformedHeaderException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(MARKER).doesNotContain("SECRET");
                    }
                });
    }

    @Test
    void decodeWhenMalformedChainThenMessageNamesChainHeaderNotValue() {
        assertThatThrownBy(() -> decoder(HeaderFormat.RFC9440)
                .decode(List.of(sfBinary(alice())), List.of(":" + MARKER + ":")))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageStartingWith("header Client-Cert-Chain: ")
                .hasMessageNotContaining(MARKER);
    }
}
