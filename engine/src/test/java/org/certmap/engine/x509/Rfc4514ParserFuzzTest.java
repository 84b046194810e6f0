package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link DistinguishedName#parse} (an {@code issuer} attribute of the mapping file, and what
 * {@code explain} and logs print). The documented failure is {@link IllegalArgumentException} with
 * the position; a string that parses must print ({@code toString()}) as a safe log line that parses
 * back to an equal name printing the same, and the name must be stable under a second round.
 *
 * <p>Input: UTF-8 text, or after a leading 0xFF byte raw UTF-16BE chars (so that unpaired
 * surrogates, which the parser refuses, occur). Seeds: {@code Rfc4514ParserFuzzTestInputs/parse/}.
 *
 * <p>To fuzz: {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=3m mvn -o -pl engine test -Dtest=Rfc4514ParserFuzzTest}.
 */
class Rfc4514ParserFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void parse(byte[] input) {
        String text = FuzzChecks.text(input);
        DistinguishedName dn;
        try {
            dn = DistinguishedName.parse(text);
        } catch (IllegalArgumentException e) {
            FuzzChecks.assertMessage(e);
            assertThat(e.getMessage()).as("the documented form: where, and what was expected").contains(" at position ");
            return;
        }
        FuzzChecks.assertSafeAndRoundTrips(dn);
        assertThat(dn.canonical()).isNotNull();
    }
}
