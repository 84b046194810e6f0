package org.certmap.engine.proxy;

/**
 * Parses IPv4 and IPv6 address literals into 128 bits, without ever touching DNS.
 *
 * <p>Written here rather than with {@link java.net.InetAddress#getByName}, which resolves anything
 * that is not a literal (a per-request DNS lookup on attacker-influenced text, and a host name in
 * the configuration that silently changes meaning when DNS does). IPv4 addresses become
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}), so that one comparison serves both families
 * and a peer reported as {@code ::ffff:10.0.0.5} matches the entry {@code 10.0.0.5}.
 *
 * <p>IPv4 is strict dotted-quad: four decimal numbers 0-255 without leading zeros, because
 * {@code 010} means 8 to some parsers and 10 to others.
 */
final class IpLiteral {

    /** Family of a parsed literal, written to {@code out[2]}. */
    static final long V4 = 4;
    static final long V6 = 6;

    /** The IPv4-mapped range {@code ::ffff:0:0/96} as high and low 64 bits: where IPv4 addresses land. */
    static final long MAPPED_HI = 0;
    static final long MAPPED_LO = 0xFFFFL << 32;

    private IpLiteral() {
    }

    /**
     * Parses {@code s[from, to)}: writes the high and low 64 bits to {@code out[0]}, {@code out[1]}
     * and the family ({@link #V4}/{@link #V6}, as written) to {@code out[2]}.
     *
     * @return null on success, else why the text is not an address
     */
    static String parse(String s, int from, int to, long[] out) {
        if (from >= to) {
            return "empty address";
        }
        if (s.indexOf(':', from) >= 0 && s.indexOf(':', from) < to) {
            return parseV6(s, from, to, out);
        }
        long v4 = parseV4(s, from, to);
        if (v4 < 0) {
            return "not an IPv4 address (four numbers 0-255, no leading zeros)";
        }
        out[0] = MAPPED_HI;
        out[1] = MAPPED_LO | v4;
        out[2] = V4;
        return null;
    }

    /** The 32-bit value of a dotted quad, or -1. */
    private static long parseV4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int n = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                n = n * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || n > 255 || (s.charAt(start) == '0' && i - start > 1)) {
                return -1;
            }
            value = (value << 8) | n;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static String parseV6(String s, int from, int to, long[] out) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = from;
        if (s.startsWith("::", i)) {
            gap = 0;
            i += 2;
        } else if (s.charAt(i) == ':') {
            return "not an IPv6 address (starts with a single ':')";
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 5 && PercentDecoding.hex(s.charAt(i)) >= 0) {
                value = (value << 4) | PercentDecoding.hex(s.charAt(i));
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = parseV4(s, start, to);
                if (v4 < 0 || n > 6) {
                    return "not an IPv6 address (bad embedded IPv4 part)";
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            if (i == start || i - start > 4 || n == 8) {
                return "not an IPv6 address (groups are 1-4 hex digits, 8 at most)";
            }
            groups[n++] = value;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return "not an IPv6 address (unexpected character at offset " + (i - from) + ")";
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return "not an IPv6 address ('::' appears twice)";
                }
                gap = n;
                i++;
            } else if (i == to) {
                return "not an IPv6 address (ends with a single ':')";
            }
        }
        if (gap < 0 ? n != 8 : n > 7) {
            return "not an IPv6 address (wrong number of groups)";
        }
        long hi = 0;
        long lo = 0;
        int zeros = 8 - n;
        int g = 0;
        for (int k = 0; k < 8; k++) {
            int v;
            if (gap >= 0 && k >= gap && k < gap + zeros) {
                v = 0;
            } else {
                v = groups[g++];
            }
            if (k < 4) {
                hi = (hi << 16) | v;
            } else {
                lo = (lo << 16) | v;
            }
        }
        out[0] = hi;
        out[1] = lo;
        out[2] = V6;
        return null;
    }
}
