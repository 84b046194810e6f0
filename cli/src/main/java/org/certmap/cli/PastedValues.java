package org.certmap.cli;

import java.util.Locale;

/**
 * Cleans values people copy from dialogs and web pages before the CLI reads them. Windows'
 * certificate dialog puts a left-to-right mark (U+200E) before the thumbprint it shows; web pages
 * and mail add no-break spaces (U+00A0) and zero-width characters; Notepad saves a byte order
 * mark (U+FEFF). None of them can be seen, so an error about "character 1" would be a riddle.
 */
public final class PastedValues {

    private PastedValues() {
    }

    /**
     * Whether {@code c} is an invisible mark: a Unicode format character (category Cf: U+200E,
     * U+200F, U+FEFF, U+200B, U+2060, ...) or a no-break space (U+00A0, U+2007, U+202F).
     */
    public static boolean invisible(char c) {
        return Character.getType(c) == Character.FORMAT || c == '\u00A0' || c == '\u2007' || c == '\u202F';
    }

    /** {@code text} without its invisible marks ({@link #invisible}); line breaks and ordinary spaces stay. */
    public static String withoutInvisible(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (invisible(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * A pasted thumbprint or serial number as lower-case hex digits only: invisible marks, white
     * space and colons removed (as Windows, openssl and browsers print them).
     *
     * @param what what the value is, for the message ("--serial")
     * @throws CliException naming the first character that is not a hex digit (by position, among the visible ones)
     */
    public static String hex(String value, String what) {
        StringBuilder sb = new StringBuilder(value.length());
        int visible = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (invisible(c)) {
                continue;
            }
            visible++;
            if (c == ':' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0 || c > 'f') {
                throw new CliException(what + ": '" + c + "' (character " + visible + ") is not a hex digit;"
                        + " write the value in hex, spaces and colons allowed");
            }
            sb.append(c);
        }
        if (sb.length() == 0) {
            throw new CliException(what + ": empty; give the value in hex");
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code value} is a hex value in the sense of {@link #hex} with {@code digits} digits. */
    public static boolean isHex(String value, int digits) {
        try {
            return hex(value, "value").length() == digits;
        } catch (CliException e) {
            return false;
        }
    }
}
