package org.certmap.engine.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardPatternTest {

    private static boolean matches(String pattern, String value) {
        return WildcardPattern.compile(pattern, true).matches(value);
    }

    private static boolean matchesIgnoringCase(String pattern, String value) {
        return WildcardPattern.compile(pattern, false).matches(value);
    }

    @ParameterizedTest(name = "{0} ~ \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = { // an empty column is null here, meaning ""
        "*|anything|true",
        "*||true",
        "**|x|true",
        "Contoso*|Contoso|true",
        "Contoso*|Contoso Ltd|true",
        "Contoso*|The Contoso|false",
        "*Contoso|The Contoso|true",
        "*Contoso|Contoso Ltd|false",
        "*Contoso*|The Contoso Ltd|true",
        "a*b|ab|true",
        "a*b|aXb|true",
        "a*b|aXbc|false",
        "a*b|ba|false",
        "ab*ab|ab|false",
        "ab*ab|abab|true",
        "ab*ab|aba|false",
        "a*b*c|abc|true",
        "a*b*c|acb|false",
        "a*b*c|aXbYbZc|true",
        "*aab*|aaab|true",
        "*abab*|abaabab|true",
        "*a*a*a|aa|false",
        "*a*a*a|aaa|true",
        "admin|admin|true",
        "admin|admin2|false",
        "admin|xadmin|false",
        "admin||false",
        "|admin|false",
        "||true",
    })
    void matchesWhenGlobThenWholeValueSemantics(String pattern, String value, boolean expected) {
        assertThat(matches(pattern == null ? "" : pattern, value == null ? "" : value)).isEqualTo(expected);
    }

    @Test
    void matchesWhenAgainstNaiveReferenceThenSameResults() {
        Random random = new Random(42);
        String alphabet = "ab*";
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, alphabet, random.nextInt(7));
            String value = randomString(random, "ab", random.nextInt(9));
            assertThat(matches(pattern, value)).as("%s ~ %s", pattern, value).isEqualTo(naive(pattern, 0, value, 0));
        }
    }

    @Test
    void matchesWhenCaseInsensitiveThenOnlyAsciiLettersFold() {
        assertThat(matchesIgnoringCase("contoso*", "CONTOSO Ltd")).isTrue();
        assertThat(matchesIgnoringCase("*ADMIN", "the admin")).isTrue();
        assertThat(matchesIgnoringCase("admin", "\uFF41\uFF44\uFF4D\uFF49\uFF4E")).isFalse(); // fullwidth
        assertThat(matchesIgnoringCase("ADMIN", "\uFF21\uFF24\uFF2D\uFF29\uFF2E")).isFalse();
        assertThat(matchesIgnoringCase("admin", "adm\u0131n")).isFalse(); // Turkish dotless i
        assertThat(matchesIgnoringCase("ADMIN", "ADM\u0130N")).isFalse(); // Turkish dotted capital I
        assertThat(matchesIgnoringCase("K", "\u212A")).isFalse(); // Kelvin sign
        assertThat(matchesIgnoringCase("k*", "\u212Aelvin")).isFalse();
        assertThat(matchesIgnoringCase("stra\u00DFe", "STRASSE")).isFalse(); // no Unicode case mapping
        assertThat(matchesIgnoringCase("caf\u00E9", "CAF\u00C9")).isFalse(); // non-ASCII compares exactly
    }

    @Test
    void matchesWhenCaseSensitiveThenCaseMatters() {
        assertThat(matches("Contoso*", "contoso")).isFalse();
        assertThat(matches("Contoso*", "Contoso")).isTrue();
        assertThat(WildcardPattern.compile("x", true).caseSensitive()).isTrue();
    }

    @Test
    void matchesWhenTurkishDefaultLocaleThenBehavesIdentically() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr"));
            assertThat(matchesIgnoringCase("ADMIN", "admin")).isTrue();
            assertThat(matchesIgnoringCase("admin", "ADMIN")).isTrue();
            assertThat(matchesIgnoringCase("*I*", "xix")).isTrue();
            assertThat(matchesIgnoringCase("admin", "adm\u0131n")).isFalse();
            assertThat(matchesIgnoringCase("ADMIN", "ADM\u0130N")).isFalse();
            assertThat(matchesIgnoringCase("i", "\u0130")).isFalse();
        } finally {
            Locale.setDefault(saved);
        }
    }

    /**
     * Linear time, counted rather than timed (a wall-clock bound in a unit test fails on a loaded
     * machine): the matcher reads each character of the value at most once per pass, so a hostile
     * pattern over 100,000 characters costs at most about 100,000 reads, where a backtracking or
     * quadratic matcher would need ~10^10 steps for the long needle.
     */
    @Test
    void matchesWhenAdversarialPatternThenLinearTime() {
        WildcardPattern suffixB = WildcardPattern.compile("*a*a*a*a*a*b", true);
        WildcardPattern innerB = WildcardPattern.compile("*a*a*a*a*a*b*", false);
        WildcardPattern longNeedle = WildcardPattern.compile("*" + "a".repeat(500) + "b*", true);
        for (int n : new int[] {10_000, 100_000}) {
            for (WildcardPattern p : List.of(suffixB, innerB, longNeedle)) {
                CountingChars value = new CountingChars("a".repeat(n));
                assertThat(p.matches(value)).isFalse();
                assertThat(value.reads).as("%s over %d characters", p, n).isLessThanOrEqualTo(2L * n);
            }
        }
        CountingChars hit = new CountingChars("a".repeat(100_000) + "b");
        assertThat(longNeedle.matches(hit)).isTrue();
        assertThat(hit.reads).isLessThanOrEqualTo(2L * hit.length());
    }

    /** A value that counts how often the matcher reads a character. */
    private static final class CountingChars implements CharSequence {
        private final String s;
        long reads;

        CountingChars(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new UnsupportedOperationException("the matcher must read characters one by one");
        }

        @Override
        public String toString() {
            throw new UnsupportedOperationException("the matcher must not copy the value");
        }
    }

    @Test
    void isOnlyStarsWhenStarsThenTrueElseFalse() {
        assertThat(WildcardPattern.compile("*", true).isOnlyStars()).isTrue();
        assertThat(WildcardPattern.compile("***", false).isOnlyStars()).isTrue();
        assertThat(WildcardPattern.compile("", true).isOnlyStars()).isFalse();
        assertThat(WildcardPattern.compile("*a*", true).isOnlyStars()).isFalse();
        assertThat(WildcardPattern.compile(" *", true).isOnlyStars()).isFalse();
    }

    @Test
    void matchesWhenEmptyPatternThenOnlyEmptyValue() {
        WildcardPattern empty = WildcardPattern.compile("", true);
        assertThat(empty.matches("")).isTrue();
        assertThat(empty.matches(" ")).isFalse();
        assertThat(empty.pattern()).isEmpty();
    }

    @Test
    void matchesWhenSpecialCharactersThenLiteral() {
        assertThat(matches("a?c", "abc")).isFalse();
        assertThat(matches("a?c", "a?c")).isTrue();
        assertThat(matches("[a]*", "[a]x")).isTrue();
        assertThat(matches("a.c", "abc")).isFalse();
        assertThat(matches("\\*", "\\x")).isTrue(); // no escape: backslash is literal, star is a star
        assertThat(matches("CN=*", "CN=admin,OU=x")).isTrue();
        assertThat(matches("a\u0000b", "a\u0000b")).isTrue();
    }

    @Test
    void equalsWhenSamePatternAndCaseThenEqual() {
        assertThat(WildcardPattern.compile("a*", true)).isEqualTo(WildcardPattern.compile("a*", true))
                .hasSameHashCodeAs(WildcardPattern.compile("a*", true))
                .isNotEqualTo(WildcardPattern.compile("a*", false));
    }

    @Test
    void compileWhenNullThenNpe() {
        assertThatThrownBy(() -> WildcardPattern.compile(null, true)).isInstanceOf(NullPointerException.class);
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Exponential textbook matcher, only for tiny inputs. */
    private static boolean naive(String p, int i, String v, int j) {
        if (i == p.length()) {
            return j == v.length();
        }
        if (p.charAt(i) == '*') {
            for (int k = j; k <= v.length(); k++) {
                if (naive(p, i + 1, v, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < v.length() && p.charAt(i) == v.charAt(j) && naive(p, i + 1, v, j + 1);
    }
}
