package org.certmap.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * DER written by hand, for what a builder would refuse or re-encode (hostile names, tampered
 * structures) or would be too slow for (a CRL of a million entries).
 */
public final class Der {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Der() {
    }

    /** One TLV: {@code tag}, the definite length in its shortest form, then the parts. */
    public static byte[] tlv(int tag, byte[]... parts) {
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

    /** The DER of an OBJECT IDENTIFIER. */
    public static byte[] oid(String dotted) {
        return encode(new ASN1ObjectIdentifier(dotted));
    }

    /** A UTCTime (YYMMDDHHMMSSZ; RFC 5280 uses it for dates up to 2049). */
    public static byte[] utcTime(Instant t) {
        return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    /** The DER of any Bouncy Castle ASN.1 object. */
    public static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The AlgorithmIdentifier Bouncy Castle writes for a JCA signature name, e.g. SHA256withECDSA. */
    public static byte[] signatureAlgorithm(String algorithm) {
        return encode(new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm));
    }

    /**
     * A signed structure (a Certificate or a CertificateList): SEQUENCE { tbs, signatureAlgorithm,
     * BIT STRING signature }, {@code tbs} signed with {@code key} by the JDK's {@code algorithm}.
     * The algorithm inside {@code tbs} is the caller's to keep equal to the outer one.
     */
    public static byte[] signed(byte[] tbs, String algorithm, PrivateKey key) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(tbs);
            byte[] value = s.sign();
            byte[] bits = new byte[value.length + 1];
            System.arraycopy(value, 0, bits, 1, value.length);
            return tlv(0x30, tbs, signatureAlgorithm(algorithm), tlv(0x03, bits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + algorithm + ": " + e.getMessage(), e);
        }
    }
}
