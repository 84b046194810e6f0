package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of RFC 8941 (Structured Field Values for HTTP) that RFC 9440 needs: an Item that is a
 * Byte Sequence ({@code :base64:}), and a List of them, each possibly with parameters (which RFC
 * 8941 says to parse and, when unknown, ignore).
 *
 * <p>Strict where the RFC is strict (colons required, no whitespace inside, no trailing comma,
 * nothing after the item), lenient where it asks parsers to be: missing {@code =} padding and
 * non-zero pad bits are accepted (section 4.2.7).
 */
final class StructuredFieldParser {

    private final String s;
    private int pos;

    private StructuredFieldParser(String s) {
        this.s = s;
    }

    /** Parses a field that must be one Byte Sequence Item (RFC 8941 section 4.2, "Item"). */
    static byte[] byteSequenceItem(String field, String what) throws MalformedHeaderException {
        StructuredFieldParser p = new StructuredFieldParser(field);
        p.skipSp();
        byte[] der = p.byteSequenceWithParameters(what);
        p.skipSp();
        if (p.pos != field.length()) {
            throw new MalformedHeaderException(what + ": unexpected text at offset " + p.pos
                    + " after the byte sequence");
        }
        return der;
    }

    /** Parses a field that must be a List of Byte Sequences (RFC 8941 section 4.2.1). */
    static List<byte[]> byteSequenceList(String field, String what, int max) throws MalformedHeaderException {
        StructuredFieldParser p = new StructuredFieldParser(field);
        List<byte[]> out = new ArrayList<>();
        p.skipSp();
        while (p.pos < field.length()) {
            ValueDecoder.add(out, p.byteSequenceWithParameters(what + ", member " + (out.size() + 1)), max);
            p.skipOws();
            if (p.pos == field.length()) {
                return out;
            }
            if (field.charAt(p.pos) != ',') {
                throw new MalformedHeaderException(what + ": expected ',' at offset " + p.pos);
            }
            p.pos++;
            p.skipOws();
            if (p.pos == field.length()) {
                throw new MalformedHeaderException(what + ": ends with ','");
            }
        }
        return out;
    }

    private byte[] byteSequenceWithParameters(String what) throws MalformedHeaderException {
        if (pos >= s.length() || s.charAt(pos) != ':') {
            throw new MalformedHeaderException(what + ": expected ':' (a byte sequence) at offset " + pos);
        }
        byte[] bytes = byteSequence(what);
        parameters(what);
        return bytes;
    }

    private byte[] byteSequence(String what) throws MalformedHeaderException {
        int start = ++pos;
        int end = s.indexOf(':', start);
        if (end < 0) {
            throw new MalformedHeaderException(what + ": byte sequence at offset " + (start - 1)
                    + " has no closing ':'");
        }
        pos = end + 1;
        if (end == start) {
            return new byte[0];
        }
        return Base64Text.decode(s, start, end, false, true, what);
    }

    /** Parameters are parsed (so that a malformed one is an error) and ignored. */
    private void parameters(String what) throws MalformedHeaderException {
        while (pos < s.length() && s.charAt(pos) == ';') {
            pos++;
            skipSp();
            int keyStart = pos;
            if (pos < s.length() && (isLcAlpha(s.charAt(pos)) || s.charAt(pos) == '*')) {
                pos++;
                while (pos < s.length() && isKeyChar(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos == keyStart) {
                throw new MalformedHeaderException(what + ": bad parameter key at offset " + pos);
            }
            if (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
                bareItem(what);
            }
        }
    }

    /** Any RFC 8941 bare item, as a parameter value; only its syntax matters. */
    private void bareItem(String what) throws MalformedHeaderException {
        int start = pos;
        char c = pos < s.length() ? s.charAt(pos) : 0;
        if (c == ':') {
            byteSequence(what);
            return;
        }
        if (c == '"') {
            for (pos++; pos < s.length(); pos++) {
                char d = s.charAt(pos);
                if (d == '\\' && pos + 1 < s.length() && (s.charAt(pos + 1) == '"' || s.charAt(pos + 1) == '\\')) {
                    pos++;
                } else if (d == '"') {
                    pos++;
                    return;
                } else if (d < 0x20 || d > 0x7e || d == '\\') {
                    break;
                }
            }
        } else if (c == '?') {
            if (pos + 1 < s.length() && (s.charAt(pos + 1) == '0' || s.charAt(pos + 1) == '1')) {
                pos += 2;
                return;
            }
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (c == '-') {
                pos++;
            }
            int whole = 0;
            int fraction = -1;
            for (; pos < s.length(); pos++) {
                char d = s.charAt(pos);
                if (d >= '0' && d <= '9') {
                    if (fraction < 0) {
                        whole++;
                    } else {
                        fraction++;
                    }
                } else if (d == '.' && fraction < 0) {
                    fraction = 0;
                } else {
                    break;
                }
            }
            if (fraction < 0 ? whole >= 1 && whole <= 15 : whole >= 1 && whole <= 12 && fraction >= 1 && fraction <= 3) {
                return;
            }
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*') {
            pos++;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return;
        }
        throw new MalformedHeaderException(what + ": bad parameter value at offset " + start);
    }

    private void skipSp() {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isKeyChar(char c) {
        return isLcAlpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*';
    }

    /** RFC 9110 tchar, plus ':' and '/' as RFC 8941 tokens allow. */
    private static boolean isTokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
    }
}
