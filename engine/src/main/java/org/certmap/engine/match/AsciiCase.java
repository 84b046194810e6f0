package org.certmap.engine.match;

import java.util.Objects;

/**
 * ASCII-only case folding, the one case rule certmap uses for matching.
 *
 * <p>Why not {@link String#toLowerCase()} or {@link String#equalsIgnoreCase}: the first depends on
 * the default locale (in Turkish, {@code "ADMIN".toLowerCase()} is {@code "admın"}), and both fold
 * far more than ASCII: {@code equalsIgnoreCase} treats the Kelvin sign U+212A as {@code 'k'} and
 * fullwidth letters as their own case pairs, so a certificate name an attacker chose could match a
 * rule written for someone else. Here only {@code A-Z} and {@code a-z} compare without case; every
 * other character compares exactly, in every locale.
 */
public final class AsciiCase {

    private AsciiCase() {
    }

    /** True when both have the same length and equal characters, ASCII letters compared without case. */
    public static boolean equalsIgnoreCase(CharSequence a, CharSequence b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (fold(a.charAt(i)) != fold(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with {@code A-Z} turned into {@code a-z}, and nothing else changed. */
    public static String fold(String s) {
        Objects.requireNonNull(s, "s");
        int n = s.length();
        int first = 0;
        while (first < n && !isUpper(s.charAt(first))) {
            first++;
        }
        if (first == n) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = first; i < n; i++) {
            chars[i] = fold(chars[i]);
        }
        return new String(chars);
    }

    /** {@code c} turned into lower case when it is {@code A-Z}, else {@code c} itself. */
    static char fold(char c) {
        return isUpper(c) ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
