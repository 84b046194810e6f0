package org.certmap.engine.proxy;

import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.base.Messages;

/**
 * The {@code trustedProxies} attribute: the TCP peers whose certificate headers certmap believes.
 *
 * <p>Matched against the TCP peer address only (Tomcat's {@code getPeerAddr()}), never against
 * {@code X-Forwarded-For}, which the client writes. Entries are IP literals or CIDR ranges, IPv4 or
 * IPv6, separated by spaces and/or commas: {@code 10.0.0.5 10.0.1.0/24, fd00::/8, ::1}.
 *
 * <p>Decisions, each to keep a typo from trusting more than intended:
 * <ul>
 * <li>Host names are refused, never resolved: DNS would decide who may forge certificates.</li>
 * <li>A range with host bits set ({@code 10.0.1.5/24}) is refused rather than masked: the writer
 *     either meant the host ({@code /32}) or the network ({@code 10.0.1.0/24}), and guessing the
 *     wider one would trust 255 more machines.</li>
 * <li>A {@code /0} range is refused: it would let every client send certificate headers.</li>
 * <li>Zone ids ({@code fe80::1%eth0}) are refused in entries; a peer's zone is ignored.</li>
 * <li>IPv4 is compared as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), so a peer reported as
 *     {@code ::ffff:10.0.0.5} matches {@code 10.0.0.5}. The price is that an IPv6 range covering
 *     all of {@code ::ffff:0:0/96} ({@code ::/64}, {@code ::/80}, {@code ::ffff:0:0/96} itself)
 *     would trust every IPv4 peer, which nobody writing {@code ::/64} means, so such a range is
 *     refused; IPv4 proxies are listed as IPv4. A range inside the mapped space
 *     ({@code ::ffff:10.0.0.0/104}) is an IPv4 range in other words and stays allowed.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Entries are parsed once into 128-bit network/mask pairs, so that
 * {@link #isTrusted} costs a parse of the peer text and two AND/compare per entry.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(new long[0], new long[0], new long[0],
            new long[0], List.of());

    /** A peer address longer than this is not an address (longest IPv6 text plus a zone). */
    private static final int MAX_PEER_LENGTH = 100;

    private final long[] netHi;
    private final long[] netLo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final List<String> entries;

    private TrustedProxies(long[] netHi, long[] netLo, long[] maskHi, long[] maskLo, List<String> entries) {
        this.netHi = netHi;
        this.netLo = netLo;
        this.maskHi = maskHi;
        this.maskLo = maskLo;
        this.entries = entries;
    }

    /** Trusts no peer: certificate headers are always ignored. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses the attribute; {@code null} or blank is {@link #none()}.
     *
     * @throws IllegalArgumentException naming the bad entry and why
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<String> texts = new ArrayList<>();
        for (String token : list.split("[\\s,]+")) {
            if (!token.isEmpty()) {
                texts.add(token);
            }
        }
        int n = texts.size();
        long[] netHi = new long[n];
        long[] netLo = new long[n];
        long[] maskHi = new long[n];
        long[] maskLo = new long[n];
        long[] parsed = new long[3];
        for (int i = 0; i < n; i++) {
            String entry = texts.get(i);
            int prefix = parseEntry(entry, parsed);
            long mHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            long mLo = prefix >= 128 ? -1L : prefix <= 64 ? 0 : -1L << (128 - prefix);
            if ((parsed[0] & ~mHi) != 0 || (parsed[1] & ~mLo) != 0) {
                throw new IllegalArgumentException("trustedProxies entry \"" + entry + "\": address has bits set"
                        + " beyond the prefix; write the network address of the range, or one host without a prefix");
            }
            if (coversIpv4Mapped(parsed[0], parsed[1], mHi, mLo, prefix)) {
                throw new IllegalArgumentException(Messages.format("config.trustedProxies.coversIpv4Mapped", entry)
                        + " " + Messages.format("config.newInThisRelease"));
            }
            netHi[i] = parsed[0];
            netLo[i] = parsed[1];
            maskHi[i] = mHi;
            maskLo[i] = mLo;
        }
        return new TrustedProxies(netHi, netLo, maskHi, maskLo, List.copyOf(texts));
    }

    /**
     * Whether the range holds every IPv4-mapped address, {@code ::ffff:0:0/96}: it is at most 96
     * bits long and {@code ::ffff:0:0} is in it. IPv4 entries are at least {@code /97} in these
     * terms ({@code /0} is refused before), so only IPv6 entries can be caught here.
     */
    private static boolean coversIpv4Mapped(long netHi, long netLo, long maskHi, long maskLo, int prefix) {
        return prefix <= 96 && (IpLiteral.MAPPED_HI & maskHi) == netHi && (IpLiteral.MAPPED_LO & maskLo) == netLo;
    }

    /** Parses one entry into {@code out}; returns its prefix length in IPv6 terms (0-128). */
    private static int parseEntry(String entry, long[] out) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]") && address.length() > 2) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.indexOf('%') >= 0) {
            throw bad(entry, "zone ids are not supported");
        }
        String why = IpLiteral.parse(address, 0, address.length(), out);
        if (why != null) {
            throw bad(entry, looksLikeHostName(address) ? "not an IP address; host names are not resolved" : why);
        }
        int bits = out[2] == IpLiteral.V4 ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String p = entry.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw bad(entry, "the prefix length must be a number from 1 to " + bits);
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw bad(entry, "prefix /" + prefix + " is longer than the address (" + bits + " bits)");
            }
            if (prefix == 0) {
                throw bad(entry, "a /0 range would let every client forge certificate headers");
            }
        }
        return bits == 32 ? 96 + prefix : prefix;
    }

    private static boolean looksLikeHostName(String address) {
        if (address.indexOf(':') >= 0) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                return true;
            }
        }
        return false;
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("trustedProxies entry \"" + entry + "\": " + why);
    }

    /** True when no peer is trusted. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Whether the TCP peer is a trusted proxy.
     *
     * @param peerAddress as {@code getPeerAddr()}/{@code getRemoteAddr()} return it: IPv4 dotted,
     *                    IPv6 in any textual form, optionally in brackets and with a {@code %zone}
     *                    (ignored); {@code null} or anything else is not trusted. Never throws.
     */
    public boolean isTrusted(String peerAddress) {
        if (netHi.length == 0 || peerAddress == null || peerAddress.length() > MAX_PEER_LENGTH) {
            return false;
        }
        int from = 0;
        int to = peerAddress.length();
        if (to >= 2 && peerAddress.charAt(0) == '[' && peerAddress.charAt(to - 1) == ']') {
            from++;
            to--;
        }
        int zone = peerAddress.indexOf('%', from);
        if (zone >= 0 && zone < to) {
            to = zone;
            if (peerAddress.indexOf(':', from) < 0) {
                return false;
            }
        }
        long[] a = new long[3];
        if (IpLiteral.parse(peerAddress, from, to, a) != null) {
            return false;
        }
        long hi = a[0];
        long lo = a[1];
        for (int i = 0; i < netHi.length; i++) {
            if ((hi & maskHi[i]) == netHi[i] && (lo & maskLo[i]) == netLo[i]) {
                return true;
            }
        }
        return false;
    }

    /** The entries as written, for start-up logs. */
    @Override
    public String toString() {
        return "TrustedProxies" + entries;
    }
}
