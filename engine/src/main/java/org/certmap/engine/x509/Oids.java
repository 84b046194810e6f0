package org.certmap.engine.x509;

import java.math.BigInteger;

/**
 * Object identifiers as dotted strings: decoded from DER, or checked and normalised when a person
 * writes one (a rule's {@code certificateSubField="2.5.4.3"}, an {@code issuer} attribute).
 *
 * <p>One dotted spelling per OID ({@code 2.5.4.3}, never {@code 2.5.4.03} or {@code OID.2.5.4.3}) so
 * that attribute types compare as plain strings.
 */
final class Oids {

    /** Far beyond any real OID; only bounds the work a hostile config or certificate can cause. */
    private static final int MAX_ENCODED_LENGTH = 256;
    /**
     * The longest dotted text of an OID of {@link #MAX_ENCODED_LENGTH} bytes (each byte an arc of
     * up to 127: ".127"), so that every OID {@link #decode} returns is accepted by {@link #normalize}
     * and a name printed by certmap parses back.
     */
    private static final int MAX_TEXT_LENGTH = 4 * MAX_ENCODED_LENGTH;

    private Oids() {
    }

    /** Decodes the contents of an OBJECT IDENTIFIER element (tag 0x06). */
    static String decode(DerReader.Element oid) throws NameException {
        int n = oid.length();
        if (n == 0) {
            throw new NameException("empty OBJECT IDENTIFIER");
        }
        if (n > MAX_ENCODED_LENGTH) {
            throw new NameException("OBJECT IDENTIFIER of " + n + " bytes is too long");
        }
        StringBuilder sb = new StringBuilder(n * 3);
        boolean first = true;
        int i = 0;
        while (i < n) {
            if ((oid.byteAt(i) & 0xFF) == 0x80) {
                throw new NameException("non-minimal OBJECT IDENTIFIER arc");
            }
            BigInteger big = null;
            long arc = 0;
            int b;
            do {
                if (i >= n) {
                    throw new NameException("truncated OBJECT IDENTIFIER");
                }
                b = oid.byteAt(i++) & 0xFF;
                if (big == null && arc >= (1L << 55)) {
                    big = BigInteger.valueOf(arc);
                }
                if (big != null) {
                    big = big.shiftLeft(7).or(BigInteger.valueOf(b & 0x7F));
                } else {
                    arc = (arc << 7) | (b & 0x7F);
                }
            } while ((b & 0x80) != 0);
            if (first) {
                appendFirstArcs(sb, big, arc);
                first = false;
            } else {
                sb.append('.').append(big != null ? big.toString() : Long.toString(arc));
            }
        }
        return sb.toString();
    }

    private static void appendFirstArcs(StringBuilder sb, BigInteger big, long arc) {
        if (big != null) {
            sb.append("2.").append(big.subtract(BigInteger.valueOf(80)));
        } else if (arc < 40) {
            sb.append("0.").append(arc);
        } else if (arc < 80) {
            sb.append("1.").append(arc - 40);
        } else {
            sb.append("2.").append(arc - 80);
        }
    }

    /**
     * The normalised dotted form of {@code text} (an optional {@code OID.} prefix, as RFC 2253 era
     * tools write, is dropped; leading zeros in arcs are dropped), or null if it is not a valid OID:
     * at least two arcs, the first 0, 1 or 2, the second below 40 under 0 and 1.
     */
    static String normalize(String text) {
        String s = text;
        if (s.length() > 4 && (s.startsWith("OID.") || s.startsWith("oid."))) {
            s = s.substring(4);
        }
        if (s.isEmpty() || s.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int arcs = 0;
        int start = 0;
        String firstArc = null;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (i == start) {
                    return null;
                }
                int j = start;
                while (j < i - 1 && s.charAt(j) == '0') {
                    j++;
                }
                String arc = s.substring(j, i);
                if (arcs == 0) {
                    if (!arc.equals("0") && !arc.equals("1") && !arc.equals("2")) {
                        return null;
                    }
                    firstArc = arc;
                } else if (arcs == 1 && !firstArc.equals("2") && (arc.length() > 2 || Integer.parseInt(arc) >= 40)) {
                    return null;
                }
                if (arcs > 0) {
                    sb.append('.');
                }
                sb.append(arc);
                arcs++;
                start = i + 1;
            } else if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return arcs >= 2 ? sb.toString() : null;
    }
}
