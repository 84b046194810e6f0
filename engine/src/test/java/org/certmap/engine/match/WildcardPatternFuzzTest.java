package org.certmap.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link WildcardPattern} against two references written without its tricks: a dynamic
 * program over the chars, and (for well-formed UTF-16) a {@link Pattern} built by quoting the
 * literal runs. {@code Pattern.CASE_INSENSITIVE} without {@code UNICODE_CASE} folds US-ASCII only,
 * which is exactly certmap's rule: the Kelvin sign, fullwidth letters and dotless i never fold.
 *
 * <p>Input layout (seeds in {@code WildcardPatternFuzzTestInputs/matches/}): byte 0 holds flags
 * (bit 0: compare without case; bit 1: the rest is raw UTF-16BE, so lone surrogates occur; else
 * UTF-8), then the pattern, a NUL, and the value. Inputs are cut to small sizes: the DP is
 * quadratic and the regex backtracks (it is only asked where that stays cheap); the matcher is linear.
 *
 * <p>Regression mode runs the seeds in every {@code mvn test}; to fuzz:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=3m mvn -o -pl engine test -Dtest=WildcardPatternFuzzTest}.
 */
class WildcardPatternFuzzTest {

    private static final int MAX_PATTERN = 48;
    private static final int MAX_VALUE = 160;

    @FuzzTest(maxDuration = "3m")
    void matches(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean caseSensitive = (input[0] & 1) == 0;
        boolean utf16 = (input[0] & 2) != 0;
        String text;
        if (utf16) {
            // Chars built by hand: the JDK's UTF-16 decoder would replace lone surrogates.
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i + 1 < input.length; i += 2) {
                sb.append((char) (((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF)));
            }
            text = sb.toString();
        } else {
            text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        }
        int nul = text.indexOf('\0');
        String pattern = nul < 0 ? text : text.substring(0, nul);
        String value = nul < 0 ? "" : text.substring(nul + 1);
        if (pattern.length() > MAX_PATTERN) {
            pattern = pattern.substring(0, MAX_PATTERN);
        }
        if (value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE);
        }

        WildcardPattern compiled = WildcardPattern.compile(pattern, caseSensitive);
        boolean actual = compiled.matches(value);

        boolean expected = reference(pattern, value, caseSensitive);
        assertThat(actual).as("pattern %s value %s caseSensitive %s", escape(pattern), escape(value), caseSensitive)
                .isEqualTo(expected);
        if (wellFormed(pattern) && wellFormed(value) && regexIsCheap(pattern, value)) {
            assertThat(actual).as("regex reference: pattern %s value %s caseSensitive %s", escape(pattern),
                    escape(value), caseSensitive).isEqualTo(regex(pattern, caseSensitive).matcher(value).matches());
        }
        assertThat(compiled.isOnlyStars()).isEqualTo(!pattern.isEmpty() && pattern.chars().allMatch(c -> c == '*'));
        if (compiled.isOnlyStars()) {
            assertThat(actual).isTrue();
        }
        // Folding only ASCII letters is an equivalence: folding the value first never changes the answer.
        if (!caseSensitive) {
            assertThat(compiled.matches(foldAscii(value))).isEqualTo(actual);
        }
    }

    /** Classic glob DP: dp[i][j] = pattern[0..i) matches value[0..j). */
    static boolean reference(String pattern, String value, boolean caseSensitive) {
        int m = pattern.length();
        int n = value.length();
        boolean[][] dp = new boolean[m + 1][n + 1];
        dp[0][0] = true;
        for (int i = 1; i <= m; i++) {
            char p = pattern.charAt(i - 1);
            for (int j = 0; j <= n; j++) {
                if (p == '*') {
                    dp[i][j] = dp[i - 1][j] || (j > 0 && dp[i][j - 1]);
                } else {
                    dp[i][j] = j > 0 && dp[i - 1][j - 1] && same(p, value.charAt(j - 1), caseSensitive);
                }
            }
        }
        return dp[m][n];
    }

    private static boolean same(char a, char b, boolean caseSensitive) {
        return caseSensitive ? a == b : foldAscii(a) == foldAscii(b);
    }

    private static char foldAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static String foldAscii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(foldAscii(s.charAt(i)));
        }
        return sb.toString();
    }

    private static Pattern regex(String pattern, boolean caseSensitive) {
        StringBuilder re = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= pattern.length(); i++) {
            if (i == pattern.length() || pattern.charAt(i) == '*') {
                if (i > start) {
                    re.append(Pattern.quote(pattern.substring(start, i)));
                }
                if (i < pattern.length() && (i == 0 || pattern.charAt(i - 1) != '*')) {
                    re.append(".*"); // one per run of stars: ".*.*" means the same and backtracks far more
                }
                start = i + 1;
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL | (caseSensitive ? 0 : Pattern.CASE_INSENSITIVE));
    }

    /**
     * The regex backtracks: about (value length + 1) to the power of the runs of stars (a run is
     * one {@code .*}). Keep the reference to what it answers in well under a millisecond.
     */
    private static boolean regexIsCheap(String pattern, String value) {
        int runs = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '*' && (i == 0 || pattern.charAt(i - 1) != '*')) {
                runs++;
            }
        }
        return Math.pow(value.length() + 1, runs) <= 100_000;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
