package org.certmap.engine.proxy;

/**
 * Percent-decoding (RFC 3986 section 2.1) and nothing else.
 *
 * <p>Not {@link java.net.URLDecoder}: that is form decoding, which turns {@code +} into a space,
 * and base64 is full of {@code +}. nginx escapes {@code +}; AWS ALB deliberately leaves
 * {@code +}, {@code =} and {@code /} unescaped; either way a {@code +} must stay a {@code +}.
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * Decodes {@code %XX} escapes; every other character is kept. Decoded bytes become chars
     * ISO-8859-1 style: PEM is ASCII, and anything else is refused by the PEM reader.
     */
    static String decode(String s, String what) throws MalformedHeaderException {
        int first = s.indexOf('%');
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int hi = i + 1 < s.length() ? hex(s.charAt(i + 1)) : -1;
            int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
            if (hi < 0 || lo < 0) {
                throw new MalformedHeaderException(what + ": bad percent-escape at offset " + i);
            }
            out.append((char) (hi * 16 + lo));
            i += 2;
        }
        return out.toString();
    }

    /**
     * The value of an ASCII hex digit, or -1 (also for IPv6 literals): {@link Character#digit} would
     * accept other scripts' digits too.
     */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
