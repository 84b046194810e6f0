package org.certmap.engine.directory;

import java.util.Objects;

/**
 * A Windows security identifier in its two spellings: the string {@code S-1-5-21-…} (what
 * certificates carry) and the binary form of {@code objectSid} (MS-DTYP §2.4.2.2: revision byte,
 * sub-authority count, a 48-bit big-endian identifier authority, then each sub-authority as a
 * 32-bit little-endian number).
 *
 * <p>Strict both ways, because a SID decides which account a certificate belongs to (KB5014754 Full
 * Enforcement): revision 1 only, 1 to 15 sub-authorities, decimal numbers without signs or leading
 * zeros, each in range; anything else is refused rather than read leniently.
 */
public final class WindowsSid {

    private WindowsSid() {
    }

    /**
     * The binary form of {@code sid}.
     *
     * @throws IllegalArgumentException when {@code sid} is not a well-formed SID string
     */
    public static byte[] toBinary(String sid) {
        Objects.requireNonNull(sid, "sid");
        String[] parts = sid.split("-", -1);
        if (parts.length < 4 || !parts[0].equals("S") || !parts[1].equals("1")) {
            throw new IllegalArgumentException("not a SID (expected S-1-authority-subauthority…)");
        }
        int count = parts.length - 3;
        if (count > 15) {
            throw new IllegalArgumentException("a SID has at most 15 sub-authorities");
        }
        long authority = number(parts[2], 0xFFFF_FFFF_FFFFL);
        byte[] out = new byte[8 + 4 * count];
        out[0] = 1;
        out[1] = (byte) count;
        for (int i = 0; i < 6; i++) {
            out[2 + i] = (byte) (authority >>> (8 * (5 - i)));
        }
        for (int s = 0; s < count; s++) {
            long v = number(parts[3 + s], 0xFFFF_FFFFL);
            int at = 8 + 4 * s;
            out[at] = (byte) v;
            out[at + 1] = (byte) (v >>> 8);
            out[at + 2] = (byte) (v >>> 16);
            out[at + 3] = (byte) (v >>> 24);
        }
        return out;
    }

    /**
     * The string form of a binary {@code objectSid}.
     *
     * @throws IllegalArgumentException when the bytes are not a revision-1 SID of the right length
     */
    public static String toText(byte[] sid) {
        Objects.requireNonNull(sid, "sid");
        if (sid.length < 8 || sid[0] != 1) {
            throw new IllegalArgumentException("not a revision-1 SID");
        }
        int count = sid[1] & 0xFF;
        if (count < 1 || count > 15 || sid.length != 8 + 4 * count) {
            throw new IllegalArgumentException("SID length does not match its sub-authority count");
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (sid[i] & 0xFF);
        }
        StringBuilder sb = new StringBuilder("S-1-").append(authority);
        for (int s = 0; s < count; s++) {
            int at = 8 + 4 * s;
            long v = (sid[at] & 0xFFL) | (sid[at + 1] & 0xFFL) << 8 | (sid[at + 2] & 0xFFL) << 16
                    | (sid[at + 3] & 0xFFL) << 24;
            sb.append('-').append(v);
        }
        return sb.toString();
    }

    private static long number(String s, long max) {
        if (s.isEmpty() || s.length() > 15 || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new IllegalArgumentException("not a SID number: \"" + s + "\"");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a SID number: \"" + s + "\"");
            }
            v = v * 10 + (c - '0');
        }
        if (v > max) {
            throw new IllegalArgumentException("SID number out of range: " + s);
        }
        return v;
    }
}
