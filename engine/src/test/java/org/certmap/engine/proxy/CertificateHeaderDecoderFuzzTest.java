package org.certmap.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.NameException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link CertificateHeaderDecoder} for every {@link HeaderFormat}, with the default header
 * names and {@code maxHeaderBytes}. A trusted proxy's header may only fail as a
 * {@link MalformedHeaderException} whose message is certmap's own sentence (printable ASCII, short,
 * never the value: it goes to the log); whatever decodes is at most 16 X.509 certificates whose
 * names certmap can read or refuse with a {@link NameException}.
 *
 * <p>Input: ISO-8859-1 text (header values are bytes); the first NUL-separated part is the value of
 * the certificate header, the others are occurrences of the chain header ({@code xfcc} has none).
 * Seeds: {@code CertificateHeaderDecoderFuzzTestInputs/<format>/}, real header values from the
 * test PKI in each proxy's encoding, and the malformed shapes the format tests pin.
 *
 * <p>To fuzz one format:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=3m mvn -o -pl engine test -Dtest=CertificateHeaderDecoderFuzzTest#xfcc}.
 */
class CertificateHeaderDecoderFuzzTest {

    /** Longer than any sentence certmap writes; a message growing with the input would be an echo. */
    private static final int MAX_MESSAGE = 300;

    @FuzzTest(maxDuration = "3m")
    void pem(byte[] input) {
        decode(HeaderFormat.PEM, input);
    }

    @FuzzTest(maxDuration = "3m")
    void nginx(byte[] input) {
        decode(HeaderFormat.NGINX, input);
    }

    @FuzzTest(maxDuration = "3m")
    void xfcc(byte[] input) {
        decode(HeaderFormat.XFCC, input);
    }

    @FuzzTest(maxDuration = "3m")
    void rfc9440(byte[] input) {
        decode(HeaderFormat.RFC9440, input);
    }

    @FuzzTest(maxDuration = "3m")
    void alb(byte[] input) {
        decode(HeaderFormat.ALB, input);
    }

    private static void decode(HeaderFormat format, byte[] input) {
        CertificateHeaderDecoder decoder = CertificateHeaderDecoder.of(format, null, null, 16384);
        List<String> parts = new ArrayList<>(Arrays.asList(new String(input, StandardCharsets.ISO_8859_1).split("\0", -1)));
        List<String> values = List.of(parts.remove(0));
        List<String> chain = decoder.chainHeader() == null ? List.of() : List.copyOf(parts);
        List<X509Certificate> certificates;
        try {
            certificates = decoder.decode(values, chain);
        } catch (MalformedHeaderException e) {
            String m = e.getMessage();
            assertThat(m).as("message").isNotBlank().startsWith("header ");
            assertThat(m.length()).as("message length of %s", m).isLessThanOrEqualTo(MAX_MESSAGE);
            assertThat(m.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).as("printable ASCII: %s", m).isTrue();
            return;
        }
        assertThat(certificates.size()).isLessThanOrEqualTo(CertificateHeaderDecoder.MAX_CERTIFICATES);
        for (X509Certificate c : certificates) {
            assertThat(c).isNotNull();
            // What the engine does next with a forwarded certificate, before validation.
            CertificateFacts facts = new CertificateFacts(c);
            assertThat(facts.sha256()).hasSize(32);
            try {
                CertificateNames.of(c);
            } catch (NameException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            assertThat(facts.summary().sha256()).isEqualTo(facts.sha256Hex());
            assertThat(facts.summary().subject()).isNotNull();
        }
    }
}
