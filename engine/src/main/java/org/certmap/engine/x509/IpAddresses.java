package org.certmap.engine.x509;

/**
 * Formats an iPAddress SAN. Not {@code InetAddress.getByAddress().getHostAddress()}: that prints
 * IPv6 uncompressed ({@code 0:0:0:0:0:0:0:1}) and turns IPv4-mapped addresses into plain IPv4,
 * while rules are written in the RFC 5952 form people and tools use.
 */
final class IpAddresses {

    private IpAddresses() {
    }

    static String format(byte[] a) throws NameException {
        if (a.length == 4) {
            return ipv4(a, 0);
        }
        if (a.length != 16) {
            throw new NameException("iPAddress of " + a.length + " bytes (expected 4 or 16)");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        boolean mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0
                && groups[4] == 0 && groups[5] == 0xFFFF;
        if (mapped) {
            return "::ffff:" + ipv4(a, 12);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static String ipv4(byte[] a, int from) {
        return (a[from] & 0xFF) + "." + (a[from + 1] & 0xFF) + "." + (a[from + 2] & 0xFF) + "." + (a[from + 3] & 0xFF);
    }
}
