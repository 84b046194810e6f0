package org.certmap.engine.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Checks and decodes standard base64 (RFC 4648 section 4) inside a header value.
 *
 * <p>Checked here rather than by {@link Base64.Decoder} alone because the JDK's messages quote the
 * offending character, and ours must not contain header data: errors give the offset only.
 */
final class Base64Text {

    private Base64Text() {
    }

    /**
     * Decodes {@code s[from, to)}.
     *
     * @param skipWhitespace  ignore spaces, tabs, CR and LF (PEM bodies, where httpd turns line
     *                        breaks into spaces)
     * @param paddingOptional accept missing {@code =} padding (RFC 8941 section 4.2.7 asks byte
     *                        sequence parsers to)
     * @param what            names the text in messages, e.g. "value" or "PEM block 2"
     */
    static byte[] decode(CharSequence s, int from, int to, boolean skipWhitespace, boolean paddingOptional,
            String what) throws MalformedHeaderException {
        byte[] buf = new byte[to - from];
        int n = 0;
        int pad = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (skipWhitespace && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                continue;
            }
            if (c == '=' && pad < 2) {
                pad++;
                continue;
            }
            if (pad > 0 || !isAlphabet(c)) {
                throw new MalformedHeaderException(what + ": not valid base64 at offset " + i);
            }
            buf[n++] = (byte) c;
        }
        if (n == 0) {
            throw new MalformedHeaderException(what + ": no base64 data");
        }
        if (pad > 0 ? (n + pad) % 4 != 0 : n % 4 == 1 || (!paddingOptional && n % 4 != 0)) {
            throw new MalformedHeaderException(what + ": base64 is truncated (" + n + " characters, "
                    + pad + " padding)");
        }
        try {
            return Base64.getDecoder().decode(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            // Not reachable after the checks above; the JDK's message may quote input, so drop it.
            throw new MalformedHeaderException(what + ": not valid base64");
        }
    }

    static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
