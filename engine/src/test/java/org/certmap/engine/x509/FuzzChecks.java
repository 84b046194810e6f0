package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** What every fuzz target of this package asserts about a name it could read. */
final class FuzzChecks {

    private FuzzChecks() {
    }

    /**
     * {@link DistinguishedName#toString()} is one log line that hides nothing (Invariant 7): no
     * control, format, line or paragraph separator, no space but U+0020, no lone surrogate; and it
     * parses back to an equal name that prints the same.
     */
    static void assertSafeAndRoundTrips(DistinguishedName dn) {
        String text = dn.toString();
        assertLogSafe(text);
        DistinguishedName again;
        try {
            again = DistinguishedName.parse(text);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("toString() of a name does not parse back: " + escape(text) + ": "
                    + e.getMessage(), e);
        }
        assertThat(again).as("parse(toString()) of %s", escape(text)).isEqualTo(dn);
        assertThat(again.canonical()).isEqualTo(dn.canonical());
        assertThat(again.toString()).isEqualTo(text);
        assertThat(again.size()).isEqualTo(dn.size());
    }

    static void assertLogSafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean bad = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || (type == Character.SPACE_SEPARATOR && cp != ' ');
            if (bad) {
                throw new AssertionError("unescaped U+" + Integer.toHexString(cp).toUpperCase() + " at " + i
                        + " in " + escape(text));
            }
            i += Character.charCount(cp);
        }
    }

    /** Messages are sentences of certmap's, never echoes of input: short and ASCII. */
    static void assertMessage(Throwable e) {
        assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
    }

    static String escape(String s) {
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

    /** Text from fuzz bytes: UTF-8 (lenient), or, after a 0xFF byte, raw UTF-16BE chars (lone surrogates too). */
    static String text(byte[] input) {
        if (input.length > 0 && input[0] == (byte) 0xFF) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i + 1 < input.length; i += 2) {
                sb.append((char) (((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF)));
            }
            return sb.toString();
        }
        return new String(input, StandardCharsets.UTF_8);
    }
}
