package org.certmap.engine.x509;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a name as one RFC 4514 line, most specific RDN first, for logs and {@code explain}.
 *
 * <p>Why more escaping than RFC 4514 asks for: the subject is chosen by whoever requested the
 * certificate and goes into the server log. Besides RFC 4514's special characters, every control
 * character (NUL, CR, LF, NEL...), format character (bidi overrides, zero-width), line or paragraph
 * separator and non-ASCII space is written as {@code \XX} UTF-8 escapes, so a hostile name can
 * neither break nor forge a log line nor hide what it contains. {@code =} is escaped too, so that
 * an OU whose value is {@code CN=admin} prints as {@code OU=CN\=admin}. The output parses back with
 * {@link DistinguishedName#parse} to an equal name.
 */
final class Rfc4514Writer {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Rfc4514Writer() {
    }

    static String write(List<List<Ava>> rdnsInDerOrder) {
        StringBuilder sb = new StringBuilder();
        for (int r = rdnsInDerOrder.size() - 1; r >= 0; r--) {
            List<Ava> rdn = rdnsInDerOrder.get(r);
            for (int a = 0; a < rdn.size(); a++) {
                if (a > 0) {
                    sb.append('+');
                }
                appendAva(sb, rdn.get(a));
            }
            if (r > 0) {
                sb.append(',');
            }
        }
        return sb.toString();
    }

    static void appendAva(StringBuilder sb, Ava ava) {
        sb.append(AttributeType.displayName(ava.oid())).append('=');
        if (ava.value() == null) {
            sb.append('#').append(ava.hex());
        } else {
            appendValue(sb, ava.value());
        }
    }

    private static void appendValue(StringBuilder sb, String v) {
        int n = v.length();
        for (int i = 0; i < n; ) {
            int cp = v.codePointAt(i);
            int width = Character.charCount(cp);
            if (isSpecial(cp) || (i == 0 && (cp == ' ' || cp == '#')) || (i + width == n && cp == ' ')) {
                sb.append('\\').append((char) cp);
            } else if (mustHexEscape(cp)) {
                hexEscape(sb, cp);
            } else {
                sb.appendCodePoint(cp);
            }
            i += width;
        }
    }

    private static boolean isSpecial(int c) {
        return c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' || c == '=';
    }

    private static boolean mustHexEscape(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE:
                return true;
            case Character.SPACE_SEPARATOR:
                return cp != ' ';
            default:
                return false;
        }
    }

    private static void hexEscape(StringBuilder sb, int cp) {
        // An unpaired surrogate has no UTF-8 form; the decoders never produce one, parse() refuses it.
        byte[] utf8 = Character.isSurrogate((char) cp) && cp <= 0xFFFF
                ? "\uFFFD".getBytes(StandardCharsets.UTF_8)
                : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            sb.append('\\').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }
}
