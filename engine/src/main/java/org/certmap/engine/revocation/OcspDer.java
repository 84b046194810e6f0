package org.certmap.engine.revocation;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * The bits of DER that OCSP needs beyond {@link DerReader}: writing the few structures of a
 * request, GeneralizedTime, OIDs for details, and the public key bits a CertID hashes.
 */
final class OcspDer {

    static final int BOOLEAN = 0x01;
    static final int BIT_STRING = 0x03;
    static final int NULL = 0x05;
    static final int ENUMERATED = 0x0A;
    static final int GENERALIZED_TIME = 0x18;

    private OcspDer() {
    }

    /** One TLV with a definite length in its shortest form. */
    static byte[] tlv(int tag, byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int k = bytes - 1; k >= 0; k--) {
                out.write(n >>> (8 * k));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] integer(BigInteger value) {
        return tlv(DerReader.INTEGER, value.toByteArray());
    }

    /** The DER of an OBJECT IDENTIFIER from its dotted form (constants only: no input checks). */
    static byte[] oid(String dotted) {
        return tlv(DerReader.OID, CrlDer.oid(dotted));
    }

    /** Dotted text of an OBJECT IDENTIFIER element, for comparisons and details. */
    static String oidText(DerReader.Element oid) throws NameException {
        if (oid.tag() != DerReader.OID || oid.length() == 0 || oid.length() > 64) {
            throw new NameException("not an OBJECT IDENTIFIER of 1 to 64 bytes");
        }
        StringBuilder sb = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = 0; i < oid.length(); i++) {
            int b = oid.byteAt(i) & 0xFF;
            if (arc == 0 && b == 0x80) {
                throw new NameException("non-minimal OBJECT IDENTIFIER arc");
            }
            if (arc > (Long.MAX_VALUE >>> 8)) {
                throw new NameException("OBJECT IDENTIFIER arc too large");
            }
            arc = (arc << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    sb.append(arc < 40 ? 0 : arc < 80 ? 1 : 2).append('.').append(arc < 80 ? arc % 40 : arc - 80);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
            } else if (i == oid.length() - 1) {
                throw new NameException("truncated OBJECT IDENTIFIER");
            }
        }
        return sb.toString();
    }

    /**
     * GeneralizedTime in DER (X.690 §11.7): {@code YYYYMMDDHHMMSS[.f+]Z}, UTC, no trailing zero in
     * the fraction. Anything else is refused: a time has one spelling.
     */
    static Instant time(DerReader.Element element, String what) throws NameException {
        if (element.tag() != GENERALIZED_TIME) {
            throw new NameException(what + ": expected GeneralizedTime, found tag 0x" + DerReader.hex2(element.tag()));
        }
        byte[] v = element.value();
        int n = v.length;
        if (n < 15 || v[n - 1] != 'Z') {
            throw new NameException(what + ": not a DER GeneralizedTime (YYYYMMDDHHMMSSZ)");
        }
        for (int i = 0; i < 14; i++) {
            if (v[i] < '0' || v[i] > '9') {
                throw new NameException(what + ": not a DER GeneralizedTime (YYYYMMDDHHMMSSZ)");
            }
        }
        int nanos = 0;
        if (n > 15) {
            if (v[14] != '.' || n == 16 || n > 25 || v[n - 2] == '0') {
                throw new NameException(what + ": bad fraction of a second");
            }
            int scale = 100_000_000;
            for (int i = 15; i < n - 1; i++) {
                if (v[i] < '0' || v[i] > '9') {
                    throw new NameException(what + ": bad fraction of a second");
                }
                nanos += (v[i] - '0') * scale;
                scale /= 10;
            }
        }
        try {
            return LocalDateTime.of(digits(v, 0, 4), digits(v, 4, 2), digits(v, 6, 2), digits(v, 8, 2),
                    digits(v, 10, 2), digits(v, 12, 2), nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new NameException(what + ": not a valid date and time");
        }
    }

    private static int digits(byte[] v, int from, int count) {
        int r = 0;
        for (int i = from; i < from + count; i++) {
            r = r * 10 + (v[i] - '0');
        }
        return r;
    }

    /**
     * The subjectPublicKey BIT STRING's bits (without its unused-bits octet): what the issuerKeyHash
     * of a CertID and a byKey ResponderID hash (RFC 6960 §4.1.1, §4.2.1).
     */
    static byte[] keyBits(PublicKey key) throws NameException {
        DerReader outer = new DerReader(key.getEncoded());
        DerReader spki = outer.read(DerReader.SEQUENCE, "SubjectPublicKeyInfo").contents();
        outer.expectEnd("SubjectPublicKeyInfo");
        spki.read(DerReader.SEQUENCE, "algorithm");
        DerReader.Element bits = spki.read(BIT_STRING, "subjectPublicKey");
        spki.expectEnd("SubjectPublicKeyInfo");
        if (bits.length() < 1 || bits.byteAt(0) != 0) {
            throw new NameException("subjectPublicKey has unused bits");
        }
        byte[] all = bits.value();
        byte[] out = new byte[all.length - 1];
        System.arraycopy(all, 1, out, 0, out.length);
        return out;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
