package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * Reads a CertificateList (RFC 5280 §5.1) in three steps: the structure and CRL extensions, then
 * the signature (before any entry is read, so a forged CRL costs one verification), then the
 * revoked certificates in two passes (count, then fill exactly sized arrays), so a CRL claiming a
 * huge number of entries can never allocate more than its own bytes support.
 */
final class CrlParser {

    private static final byte[] AUTHORITY_KEY_ID = CrlDer.oid("2.5.29.35");
    private static final byte[] CRL_NUMBER = CrlDer.oid("2.5.29.20");
    private static final byte[] DELTA_CRL_INDICATOR = CrlDer.oid("2.5.29.27");
    private static final byte[] ISSUING_DISTRIBUTION_POINT = CrlDer.oid("2.5.29.28");
    private static final byte[] FRESHEST_CRL = CrlDer.oid("2.5.29.46");
    private static final byte[] REASON_CODE = CrlDer.oid("2.5.29.21");
    private static final byte[] INVALIDITY_DATE = CrlDer.oid("2.5.29.24");
    private static final byte[] CERTIFICATE_ISSUER = CrlDer.oid("2.5.29.29");
    private static final int CRL_SIGN = 6;

    private byte[] authorityKeyId;
    private BigInteger crlNumber;
    private BigInteger baseCrlNumber;
    private CrlScope scope = CrlScope.FULL;
    private final List<String> freshest = new ArrayList<>();

    private CrlParser() {
    }

    static Crl parse(byte[] der, List<X509Certificate> candidates) throws CrlException {
        try {
            return new CrlParser().read(der, candidates);
        } catch (NameException e) {
            throw new CrlException("does not parse: " + e.getMessage(), e);
        }
    }

    private Crl read(byte[] der, List<X509Certificate> candidates) throws CrlException, NameException {
        DerReader top = new DerReader(der);
        DerReader list = top.read(DerReader.SEQUENCE, "CertificateList").contents();
        top.expectEnd("CertificateList");
        DerReader.Element tbs = list.read(DerReader.SEQUENCE, "tbsCertList");
        DerReader.Element outerAlgorithm = list.read(DerReader.SEQUENCE, "signatureAlgorithm");
        DerReader.Element signatureValue = list.read(CrlDer.BIT_STRING, "signatureValue");
        list.expectEnd("CertificateList");
        if (signatureValue.length() < 2 || signatureValue.byteAt(0) != 0) {
            throw new NameException("signatureValue: not a whole number of bytes");
        }

        DerReader t = tbs.contents();
        int version = 0;
        if (t.hasMore() && t.peekTag() == DerReader.INTEGER) {
            version = CrlDer.smallInt(t.read(), "version");
            if (version != 1) {
                throw new NameException("version " + (version + 1) + " (only v1 and v2 CRLs exist)");
            }
        }
        DerReader.Element algorithm = t.read(DerReader.SEQUENCE, "signature");
        if (!sameBytes(algorithm, outerAlgorithm)) {
            throw new CrlException("signature algorithm mismatch: signatureAlgorithm differs from the signature"
                    + " field inside tbsCertList (RFC 5280 §5.1.1.2)");
        }
        CrlSignature signature = CrlSignature.of(algorithm);
        byte[] issuerDer = t.read(DerReader.SEQUENCE, "issuer").encoded();
        long thisUpdate = CrlDer.time(t.read(), "thisUpdate");
        Long nextUpdate = null;
        if (t.hasMore() && (t.peekTag() == CrlDer.UTC_TIME || t.peekTag() == CrlDer.GENERALIZED_TIME)) {
            nextUpdate = CrlDer.time(t.read(), "nextUpdate");
            if (nextUpdate < thisUpdate) {
                throw new NameException("nextUpdate is before thisUpdate");
            }
        }
        DerReader.Element revoked = null;
        if (t.hasMore() && t.peekTag() == DerReader.SEQUENCE) {
            revoked = t.read();
        }
        if (t.hasMore()) {
            if (version != 1) {
                throw new NameException("crlExtensions in a v1 CRL (extensions need version v2)");
            }
            DerReader wrapper = t.read(CrlDer.EXPLICIT_0, "crlExtensions").contents();
            DerReader exts = wrapper.read(DerReader.SEQUENCE, "crlExtensions").contents();
            wrapper.expectEnd("crlExtensions");
            crlExtensions(exts);
        }
        t.expectEnd("tbsCertList");

        int tbsStart = tbs.contentStart() - headerLength(tbs.length());
        byte[] sig = Arrays.copyOfRange(signatureValue.buffer(), signatureValue.contentStart() + 1,
                signatureValue.contentStart() + signatureValue.length());
        X509Certificate signer = signer(candidates, issuerDer, signature, der, tbsStart,
                tbs.contentStart() + tbs.length() - tbsStart, sig);

        CrlEntries entries = revoked == null ? CrlEntries.EMPTY : entries(revoked, version);
        return new Crl(issuerDer, signer, signature.toString(), Instant.ofEpochSecond(thisUpdate),
                nextUpdate == null ? null : Instant.ofEpochSecond(nextUpdate), crlNumber, baseCrlNumber, scope,
                freshest, entries);
    }

    private void crlExtensions(DerReader exts) throws CrlException, NameException {
        List<byte[]> seen = new ArrayList<>();
        while (exts.hasMore()) {
            DerReader e = exts.read(DerReader.SEQUENCE, "Extension").contents();
            DerReader.Element oid = e.read(DerReader.OID, "extnID");
            boolean critical = e.hasMore() && e.peekTag() == CrlDer.BOOLEAN && CrlDer.bool(e.read(), "critical");
            byte[] value = e.read(DerReader.OCTET_STRING, "extnValue").value();
            e.expectEnd("Extension");
            unique(seen, oid, "CRL extension");
            if (CrlDer.is(oid, AUTHORITY_KEY_ID)) {
                authorityKeyId = CrlDer.authorityKeyId(value);
            } else if (CrlDer.is(oid, CRL_NUMBER)) {
                crlNumber = nonNegative(value, "cRLNumber");
            } else if (CrlDer.is(oid, DELTA_CRL_INDICATOR)) {
                baseCrlNumber = nonNegative(value, "deltaCRLIndicator");
            } else if (CrlDer.is(oid, ISSUING_DISTRIBUTION_POINT)) {
                scope = issuingDistributionPoint(value);
            } else if (CrlDer.is(oid, FRESHEST_CRL)) {
                CrlDer.distributionPoints(value, new ArrayList<>(), freshest);
            } else if (critical) {
                throw new CrlException("unknown critical CRL extension " + CrlDer.dotted(oid)
                        + " (RFC 5280 §5.2: a CRL with a critical extension certmap does not implement is not used)");
            }
        }
    }

    private static CrlScope issuingDistributionPoint(byte[] value) throws CrlException, NameException {
        DerReader idp = CrlDer.sequence(value, "issuingDistributionPoint");
        boolean[] flags = new boolean[6];
        List<byte[]> names = new ArrayList<>();
        int last = -1;
        while (idp.hasMore()) {
            DerReader.Element f = idp.read();
            int field = f.tag() & 0x1F;
            if (field <= last || field > 5 || (f.tag() & 0xC0) != 0x80) {
                throw new NameException("issuingDistributionPoint: unexpected field 0x" + DerReader.hex2(f.tag()));
            }
            last = field;
            if (field == 0) {
                CrlDer.distributionPointName(f, (name, relative) -> names.add(name.encoded()));
            } else if (field == 3) {
                flags[3] = true;
            } else {
                flags[field] = CrlDer.bool(f, "issuingDistributionPoint");
            }
        }
        if (flags[4]) {
            throw new CrlException("indirect CRL (issuingDistributionPoint indirectCRL) is not supported, refused");
        }
        if ((flags[1] ? 1 : 0) + (flags[2] ? 1 : 0) + (flags[5] ? 1 : 0) > 1) {
            throw new NameException("issuingDistributionPoint: more than one onlyContains... is true");
        }
        return new CrlScope(flags[1], flags[2], flags[3], flags[5], names);
    }

    private X509Certificate signer(List<X509Certificate> candidates, byte[] issuerDer, CrlSignature signature,
            byte[] buf, int off, int len, byte[] sig) throws CrlException {
        int named = 0;
        X509Certificate withoutCrlSign = null;
        for (X509Certificate c : candidates) {
            if (!Arrays.equals(c.getSubjectX500Principal().getEncoded(), issuerDer)) {
                continue;
            }
            named++;
            if (authorityKeyId != null && !matches(authorityKeyId, subjectKeyId(c))) {
                continue;
            }
            if (signature.verifies(c.getPublicKey(), buf, off, len, sig)) {
                boolean[] ku = c.getKeyUsage();
                if (ku == null || (ku.length > CRL_SIGN && ku[CRL_SIGN])) {
                    return c;
                }
                withoutCrlSign = c;
            }
        }
        String issuer = Crl.describe(issuerDer);
        if (withoutCrlSign != null) {
            throw new CrlException("not signed by any CA it names (issuer " + issuer
                    + "): the CA certificate whose key verifies it has keyUsage without cRLSign");
        }
        throw new CrlException("not signed by any CA it names (issuer " + issuer + "): "
                + (named == 0 ? "no CA certificate with that subject"
                        : named + (named == 1 ? " CA certificate" : " CA certificates")
                                + " with that subject, none of whose keys verifies the signature"));
    }

    /** A key identifier only rules a candidate out when the candidate has one to compare. */
    private static boolean matches(byte[] authorityKeyId, byte[] subjectKeyId) {
        return subjectKeyId == null || Arrays.equals(authorityKeyId, subjectKeyId);
    }

    private static byte[] subjectKeyId(X509Certificate c) {
        try {
            byte[] ski = CrlDer.octets(c.getExtensionValue("2.5.29.14"));
            return ski == null ? null : CrlDer.octets(ski);
        } catch (NameException e) {
            return null;
        }
    }

    private static CrlEntries entries(DerReader.Element revoked, int version) throws CrlException, NameException {
        int count = 0;
        int serialBytes = 0;
        DerReader r = revoked.contents();
        while (r.hasMore()) {
            DerReader e = r.read(DerReader.SEQUENCE, "revokedCertificate").contents();
            serialBytes += e.read(DerReader.INTEGER, "userCertificate").length();
            count++;
        }
        CrlEntries.Builder b = new CrlEntries.Builder(count, serialBytes);
        r = revoked.contents();
        List<byte[]> seen = new ArrayList<>(3);
        while (r.hasMore()) {
            DerReader e = r.read(DerReader.SEQUENCE, "revokedCertificate").contents();
            DerReader.Element serial = e.read(DerReader.INTEGER, "userCertificate");
            if (serial.length() == 0) {
                throw new NameException("userCertificate: empty INTEGER");
            }
            long date = CrlDer.time(e.read(), "revocationDate");
            int reason = -1;
            if (e.hasMore()) {
                if (version != 1) {
                    throw new NameException("crlEntryExtensions in a v1 CRL (extensions need version v2)");
                }
                reason = entryExtensions(e.read(DerReader.SEQUENCE, "crlEntryExtensions").contents(), serial, seen);
            }
            e.expectEnd("revokedCertificate");
            b.add(serial.buffer(), serial.contentStart(), serial.length(), date, reason);
        }
        return b.build();
    }

    /** The entry's reasonCode, or -1; refuses what a direct CRL cannot carry. */
    private static int entryExtensions(DerReader exts, DerReader.Element serial, List<byte[]> seen)
            throws CrlException, NameException {
        seen.clear();
        int reason = -1;
        while (exts.hasMore()) {
            DerReader e = exts.read(DerReader.SEQUENCE, "Extension").contents();
            DerReader.Element oid = e.read(DerReader.OID, "extnID");
            boolean critical = e.hasMore() && e.peekTag() == CrlDer.BOOLEAN && CrlDer.bool(e.read(), "critical");
            DerReader.Element value = e.read(DerReader.OCTET_STRING, "extnValue");
            e.expectEnd("Extension");
            unique(seen, oid, "entry extension");
            if (CrlDer.is(oid, REASON_CODE)) {
                DerReader v = value.contents();
                reason = CrlDer.smallInt(v.read(CrlDer.ENUMERATED, "reasonCode"), "reasonCode");
                v.expectEnd("reasonCode");
                if (reason > 10 || reason == 7) {
                    throw new NameException("reasonCode " + reason + " in the entry for serial " + hex(serial)
                            + " is not a CRLReason (RFC 5280 §5.3.1)");
                }
            } else if (CrlDer.is(oid, INVALIDITY_DATE)) {
                DerReader v = value.contents();
                CrlDer.time(v.read(CrlDer.GENERALIZED_TIME, "invalidityDate"), "invalidityDate");
                v.expectEnd("invalidityDate");
            } else if (CrlDer.is(oid, CERTIFICATE_ISSUER)) {
                throw new CrlException("indirect CRL (certificateIssuer entry extension, serial " + hex(serial)
                        + ") is not supported, refused");
            } else if (critical) {
                throw new CrlException("unknown critical extension " + CrlDer.dotted(oid) + " in the entry for serial "
                        + hex(serial) + " (RFC 5280 §5.3: the CRL is not used)");
            }
        }
        return reason;
    }

    private static void unique(List<byte[]> seen, DerReader.Element oid, String what) throws NameException {
        for (byte[] s : seen) {
            if (CrlDer.is(oid, s)) {
                throw new NameException(what + " " + CrlDer.dotted(oid) + " appears twice (RFC 5280 §4.2)");
            }
        }
        seen.add(oid.value());
    }

    private static BigInteger nonNegative(byte[] value, String what) throws NameException {
        DerReader r = new DerReader(value);
        DerReader.Element i = r.read(DerReader.INTEGER, what);
        r.expectEnd(what);
        if (i.length() == 0 || i.length() > 21 || i.byteAt(0) < 0) {
            throw new NameException(what + ": not an integer from 0 to 2^159 (RFC 5280 §5.2.3)");
        }
        return new BigInteger(i.value());
    }

    private static boolean sameBytes(DerReader.Element a, DerReader.Element b) {
        return a.length() == b.length() && Arrays.equals(a.buffer(), a.contentStart(), a.contentStart() + a.length(),
                b.buffer(), b.contentStart(), b.contentStart() + b.length());
    }

    /** Bytes of a DER header (one tag byte, then the length) for a given contents length. */
    private static int headerLength(int length) {
        return length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
    }

    private static String hex(DerReader.Element serial) {
        int n = Math.min(serial.length(), 32);
        byte[] b = Arrays.copyOfRange(serial.buffer(), serial.contentStart(), serial.contentStart() + n);
        return "0x" + HexFormat.of().withUpperCase().formatHex(b) + (n < serial.length() ? "..." : "");
    }
}
