package org.certmap.engine.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule's {@code matchCriteria}: {@code *} matches any run of characters (possibly none), there is
 * no other wildcard and no escape, and the whole value must match.
 *
 * <p>Why not a regex or a backtracking glob: certificate names are chosen by whoever asks for the
 * certificate, and a pattern such as {@code *a*a*a*a*b} against a long run of {@code a} takes
 * exponential or polynomial time in a naive matcher (DESIGN.md Invariant 4: matching time is linear).
 * The pattern is split at the stars into literal segments; the first must be a prefix, the last a
 * suffix, and each one between is found leftmost-first, in order, with Knuth-Morris-Pratt. For
 * star-only globs taking the leftmost occurrence never loses a match (it leaves the most room for the
 * segments after it), so one forward pass decides: time is O(value length + pattern length).
 *
 * <p>Without case sensitivity only ASCII letters fold ({@link AsciiCase}); the default locale never
 * matters.
 *
 * <p>The empty pattern matches only the empty value and is not {@linkplain #isOnlyStars() only stars}.
 */
public final class WildcardPattern {

    private final String pattern;
    private final boolean caseSensitive;
    private final boolean hasStar;
    private final char[] prefix;
    private final char[] suffix;
    private final char[][] middle;
    private final int[][] failure;

    private WildcardPattern(String pattern, boolean caseSensitive) {
        this.pattern = pattern;
        this.caseSensitive = caseSensitive;
        String p = caseSensitive ? pattern : AsciiCase.fold(pattern);
        List<String> segments = split(p);
        this.hasStar = segments.size() > 1;
        this.prefix = segments.get(0).toCharArray();
        this.suffix = hasStar ? segments.get(segments.size() - 1).toCharArray() : new char[0];
        List<String> inner = hasStar ? segments.subList(1, segments.size() - 1) : List.of();
        List<char[]> kept = new ArrayList<>();
        for (String s : inner) {
            if (!s.isEmpty()) {
                kept.add(s.toCharArray());
            }
        }
        this.middle = kept.toArray(new char[0][]);
        this.failure = new int[middle.length][];
        for (int i = 0; i < middle.length; i++) {
            failure[i] = failureTable(middle[i]);
        }
    }

    /** Compiles {@code pattern}; {@code caseSensitive=false} folds ASCII letters only. */
    public static WildcardPattern compile(String pattern, boolean caseSensitive) {
        Objects.requireNonNull(pattern, "pattern");
        return new WildcardPattern(pattern, caseSensitive);
    }

    /** True when the whole of {@code value} matches. */
    public boolean matches(CharSequence value) {
        Objects.requireNonNull(value, "value");
        int n = value.length();
        if (!hasStar) {
            return n == prefix.length && regionMatches(value, 0, prefix);
        }
        if (n < prefix.length + suffix.length
                || !regionMatches(value, 0, prefix)
                || !regionMatches(value, n - suffix.length, suffix)) {
            return false;
        }
        int pos = prefix.length;
        int limit = n - suffix.length;
        for (int i = 0; i < middle.length; i++) {
            int found = indexOf(value, pos, limit, middle[i], failure[i]);
            if (found < 0) {
                return false;
            }
            pos = found + middle[i].length;
        }
        return true;
    }

    /**
     * True when the pattern is one or more {@code *} and nothing else: it matches every value, which
     * is what makes a mapping "broad" (DESIGN.md).
     */
    public boolean isOnlyStars() {
        if (pattern.isEmpty()) {
            return false;
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    public boolean caseSensitive() {
        return caseSensitive;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WildcardPattern w && w.caseSensitive == caseSensitive && w.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + Boolean.hashCode(caseSensitive);
    }

    @Override
    public String toString() {
        return pattern + (caseSensitive ? "" : " (ASCII case-insensitive)");
    }

    private char at(CharSequence value, int i) {
        char c = value.charAt(i);
        return caseSensitive ? c : AsciiCase.fold(c);
    }

    private boolean regionMatches(CharSequence value, int from, char[] literal) {
        for (int i = 0; i < literal.length; i++) {
            if (at(value, from + i) != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /** Knuth-Morris-Pratt: the first index in [from, limit) where {@code needle} starts and ends before limit, or -1. */
    private int indexOf(CharSequence value, int from, int limit, char[] needle, int[] fail) {
        int k = 0;
        for (int i = from; i < limit; i++) {
            char c = at(value, i);
            while (k > 0 && needle[k] != c) {
                k = fail[k - 1];
            }
            if (needle[k] == c) {
                k++;
                if (k == needle.length) {
                    return i - needle.length + 1;
                }
            }
        }
        return -1;
    }

    /** fail[i] = length of the longest proper prefix of needle[0..i] that is also its suffix. */
    private static int[] failureTable(char[] needle) {
        int[] fail = new int[needle.length];
        int k = 0;
        for (int i = 1; i < needle.length; i++) {
            while (k > 0 && needle[k] != needle[i]) {
                k = fail[k - 1];
            }
            if (needle[k] == needle[i]) {
                k++;
            }
            fail[i] = k;
        }
        return fail;
    }

    private static List<String> split(String p) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '*') {
                segments.add(p.substring(start, i));
                start = i + 1;
            }
        }
        segments.add(p.substring(start));
        return segments;
    }
}
