package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * The small DER pieces CRLs are made of (RFC 5280 §5): times, booleans, OIDs compared by their
 * encoding, distribution points and their names (in CRLs and in the certificate extensions that
 * point to CRLs), and PEM armour. Stateless; nothing here recurses.
 */
final class CrlDer {

    static final int BOOLEAN = 0x01;
    static final int BIT_STRING = 0x03;
    static final int NULL = 0x05;
    static final int ENUMERATED = 0x0A;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int EXPLICIT_0 = 0xA0;
    /** GeneralName uniformResourceIdentifier [6] IA5String. */
    static final int URI = 0x86;

    private static final int DP_NAME = 0xA0;
    private static final int CRL_ISSUER = 0xA2;
    private static final int FULL_NAME = 0xA0;
    private static final int RELATIVE_NAME = 0xA1;

    private static final byte[] PEM_BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRL_BEGIN = "-----BEGIN X509 CRL-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRL_END = "-----END X509 CRL-----".getBytes(StandardCharsets.US_ASCII);

    private CrlDer() {
    }

    /** The contents octets of an OID given in dotted form (constants only: arcs below 2^28). */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        base128(out, Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Integer.parseInt(arcs[i]));
        }
        return out.toByteArray();
    }

    private static void base128(java.io.ByteArrayOutputStream out, int v) {
        for (int shift = 28; shift > 0; shift -= 7) {
            if (v >>> shift != 0) {
                out.write(0x80 | ((v >>> shift) & 0x7F));
            }
        }
        out.write(v & 0x7F);
    }

    static boolean is(DerReader.Element oid, byte[] expected) {
        return oid.length() == expected.length && Arrays.equals(oid.buffer(), oid.contentStart(),
                oid.contentStart() + expected.length, expected, 0, expected.length);
    }

    /** Dotted text of an OID's contents, for messages only (bounded by the element, arcs as BigInteger). */
    static String dotted(DerReader.Element oid) {
        StringBuilder sb = new StringBuilder();
        BigInteger arc = BigInteger.ZERO;
        boolean first = true;
        int n = Math.min(oid.length(), 64);
        for (int i = 0; i < n; i++) {
            int b = oid.byteAt(i) & 0xFF;
            arc = arc.shiftLeft(7).or(BigInteger.valueOf(b & 0x7F));
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = arc.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : arc.intValue() / 40;
                    sb.append(top).append('.').append(arc.subtract(BigInteger.valueOf(40L * top)));
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = BigInteger.ZERO;
            }
        }
        return n < oid.length() ? sb + "..." : sb.toString();
    }

    /** A DER BOOLEAN's value (contents 0x00 or 0xFF only), for a BOOLEAN of any (implicit) tag. */
    static boolean bool(DerReader.Element e, String what) throws NameException {
        if (e.length() != 1 || (e.byteAt(0) != 0 && e.byteAt(0) != (byte) 0xFF)) {
            throw new NameException(what + ": not a DER BOOLEAN");
        }
        return e.byteAt(0) != 0;
    }

    /** A small non-negative INTEGER or ENUMERATED (contents of 1 to 4 bytes). */
    static int smallInt(DerReader.Element e, String what) throws NameException {
        if (e.length() < 1 || e.length() > 4 || e.byteAt(0) < 0) {
            throw new NameException(what + ": not a small non-negative integer");
        }
        int v = 0;
        for (int i = 0; i < e.length(); i++) {
            v = (v << 8) | (e.byteAt(i) & 0xFF);
        }
        return v;
    }

    /**
     * A Time (RFC 5280 §4.1.2.5): UTCTime {@code YYMMDDHHMMSSZ} (years 1950–2049) or GeneralizedTime
     * {@code YYYYMMDDHHMMSSZ}, as epoch seconds. Only these DER forms: no fractions, no offsets.
     * Computed without allocating, since a large CRL has a million of them.
     */
    static long time(DerReader.Element e, String what) throws NameException {
        int n = e.length();
        int i = 0;
        int year;
        if (e.tag() == UTC_TIME && n == 13) {
            year = digits(e, 0, 2, what);
            year += year < 50 ? 2000 : 1900;
            i = 2;
        } else if (e.tag() == GENERALIZED_TIME && n == 15) {
            year = digits(e, 0, 4, what);
            i = 4;
        } else {
            throw new NameException(what + ": not a DER UTCTime or GeneralizedTime");
        }
        int month = digits(e, i, 2, what);
        int day = digits(e, i + 2, 2, what);
        int hour = digits(e, i + 4, 2, what);
        int minute = digits(e, i + 6, 2, what);
        int second = digits(e, i + 8, 2, what);
        if (e.byteAt(i + 10) != 'Z' || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            throw new NameException(what + ": not a valid time");
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
    }

    private static int digits(DerReader.Element e, int from, int count, String what) throws NameException {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = e.byteAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new NameException(what + ": not a valid time");
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = y / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    /** Receives the names of a DistributionPointName. */
    interface NameSink {
        /**
         * @param name     one GeneralName of a fullName [0], or the whole nameRelativeToCRLIssuer [1]
         * @param relative whether it is the nameRelativeToCRLIssuer
         */
        void accept(DerReader.Element name, boolean relative) throws NameException;
    }

    /** Receives the DistributionPoints of a CRLDistributionPoints value. */
    interface PointSink {
        /**
         * @param name     the point's distributionPoint [0] (a DistributionPointName)
         * @param indirect whether the point names a cRLIssuer [2] (an indirect CRL)
         */
        void accept(DerReader.Element name, boolean indirect) throws NameException;
    }

    /**
     * The names of a DistributionPointName (RFC 5280 §4.2.1.13): each GeneralName of a fullName [0]
     * (GeneralNames is SIZE (1..MAX): an empty one is malformed), or the whole
     * nameRelativeToCRLIssuer [1]; any other choice is malformed.
     */
    static void distributionPointName(DerReader.Element dpn, NameSink sink) throws NameException {
        DerReader r = dpn.contents();
        DerReader.Element choice = r.read();
        r.expectEnd("distributionPoint");
        if (choice.tag() == FULL_NAME) {
            DerReader gn = choice.contents();
            if (!gn.hasMore()) {
                throw new NameException("fullName is empty");
            }
            while (gn.hasMore()) {
                sink.accept(gn.read(), false);
            }
        } else if (choice.tag() == RELATIVE_NAME) {
            sink.accept(choice, true);
        } else {
            throw new NameException("distributionPoint: neither fullName nor nameRelativeToCRLIssuer");
        }
    }

    /**
     * The names of a DistributionPointName, each as its DER encoding so that any GeneralName form
     * compares exactly; URIs (GeneralName [6]) are added to {@code uris} too.
     */
    static void distributionPointName(DerReader.Element dpn, List<byte[]> names, List<String> uris)
            throws NameException {
        distributionPointName(dpn, (name, relative) -> {
            names.add(name.encoded());
            if (!relative && name.tag() == URI) {
                uris.add(new String(name.value(), StandardCharsets.ISO_8859_1));
            }
        });
    }

    /**
     * CRLDistributionPoints syntax (certificate CRL DPs, RFC 5280 §4.2.1.13, and Freshest CRL,
     * §4.2.1.15 and §5.2.6), given the contents of its SEQUENCE: each DistributionPoint
     * ({@code SEQUENCE { distributionPoint [0] OPTIONAL, reasons [1] OPTIONAL, cRLIssuer [2]
     * OPTIONAL }}) that has a distributionPoint name. Reasons are left to the CRL's own scope.
     */
    static void distributionPoints(DerReader points, PointSink sink) throws NameException {
        while (points.hasMore()) {
            DerReader dp = points.read(DerReader.SEQUENCE, "DistributionPoint").contents();
            DerReader.Element name = null;
            boolean indirect = false;
            while (dp.hasMore()) {
                DerReader.Element f = dp.read();
                if (f.tag() == DP_NAME) {
                    name = f;
                } else if (f.tag() == CRL_ISSUER) {
                    indirect = true;
                }
            }
            if (name != null) {
                sink.accept(name, indirect);
            }
        }
    }

    /**
     * Every DistributionPoint's names and URIs in a CRLDistributionPoints value. A point with a
     * cRLIssuer belongs to an indirect CRL, which certmap does not use, so its names are skipped.
     */
    static void distributionPoints(byte[] extnValue, List<byte[]> names, List<String> uris) throws NameException {
        distributionPoints(sequence(extnValue, "CRLDistributionPoints"), (name, indirect) -> {
            if (!indirect) {
                distributionPointName(name, names, uris);
            }
        });
    }

    /** The contents of the one SEQUENCE that is {@code der}, with nothing after it. */
    static DerReader sequence(byte[] der, String what) throws NameException {
        DerReader outer = new DerReader(der);
        DerReader contents = outer.read(DerReader.SEQUENCE, what).contents();
        outer.expectEnd(what);
        return contents;
    }

    /** The keyIdentifier in a certificate extension value (SKI: an OCTET STRING), or null. */
    static byte[] octets(byte[] extensionValue) throws NameException {
        if (extensionValue == null) {
            return null;
        }
        DerReader r = new DerReader(extensionValue);
        byte[] inner = r.read(DerReader.OCTET_STRING, "extension").value();
        r.expectEnd("extension");
        return inner;
    }

    /**
     * The DER of a CRL: {@code data} itself when it is DER, or the one "X509 CRL" PEM block in it
     * (text before it, as {@code openssl crl -text} writes, is allowed). Any other PEM label is
     * refused by name, so that a certificate given as a CRL says so.
     */
    static byte[] unarmour(byte[] data) throws CrlException {
        if (data.length > 0 && data[0] == DerReader.SEQUENCE) {
            return data;
        }
        int begin = indexOf(data, CRL_BEGIN, 0);
        if (begin < 0) {
            int other = indexOf(data, PEM_BEGIN, 0);
            if (other >= 0) {
                int end = other + PEM_BEGIN.length;
                while (end < data.length && end - other < 80 && data[end] >= 0x20 && data[end] < 0x7F && data[end] != '-') {
                    end++;
                }
                String label = new String(data, other + PEM_BEGIN.length, end - other - PEM_BEGIN.length,
                        StandardCharsets.US_ASCII);
                throw new CrlException("does not parse: a PEM \"" + label + "\" block, not \"X509 CRL\"");
            }
            throw new CrlException("does not parse: neither DER (a SEQUENCE) nor PEM (-----BEGIN X509 CRL-----)");
        }
        int from = begin + CRL_BEGIN.length;
        int end = indexOf(data, CRL_END, from);
        if (end < 0) {
            throw new CrlException("does not parse: PEM \"X509 CRL\" block without its END line");
        }
        if (indexOf(data, CRL_BEGIN, end) >= 0) {
            throw new CrlException("does not parse: more than one \"X509 CRL\" PEM block");
        }
        byte[] base64 = new byte[end - from];
        int n = 0;
        for (int i = from; i < end; i++) {
            byte b = data[i];
            if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                base64[n++] = b;
            }
        }
        try {
            return Base64.getDecoder().decode(Arrays.copyOf(base64, n));
        } catch (IllegalArgumentException e) {
            throw new CrlException("does not parse: the PEM block is not valid base64", e);
        }
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        outer:
        for (int i = from; i <= data.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The keyIdentifier [0] of an AuthorityKeyIdentifier (RFC 5280 §4.2.1.1), or null when it has none. */
    static byte[] authorityKeyId(byte[] extnValue) throws NameException {
        DerReader aki = sequence(extnValue, "authorityKeyIdentifier");
        return aki.hasMore() && aki.peekTag() == 0x80 ? aki.read().value() : null;
    }
}
