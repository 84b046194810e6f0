package org.certmap.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.KeyType;

/**
 * Pools of distinct client certificates for the benchmarks, generated at setup (nothing is checked
 * in). Shaped like real client certificates: an RSA-2048 subject key (so the DER is ~850 bytes, the
 * size that SHA-256 hashing and name decoding see in practice), EKU clientAuth, keyUsage
 * digitalSignature (critical), a SubjectKeyIdentifier and an e-mail SAN, signed with ECDSA P-256 by a
 * fictitious issuing CA, all made by certmap-pki's {@link CertificateBuilder}. One RSA key is shared
 * by every certificate of a pool (generating 16,384 RSA keys would take minutes); every certificate
 * still has its own serial and names, so its DER and SHA-256 differ. The engine is run without a trustStore, as behind a TLS connector that validated
 * the chain, so signatures are not verified by the engine.
 */
public final class BenchPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchPki() {
    }

    /**
     * {@code size} certificates; certificate {@code i} has subject
     * {@code CN=user-i, OU=<ou(i)>, O=Bench Org} and issuer {@code CN=<issuerCn(i)>, O=Bench PKI}.
     */
    public static List<X509Certificate> pool(int size, IntFunction<String> ou, IntFunction<String> issuerCn) {
        KeyPair subjectKey = KeyType.RSA_2048.generate();
        KeyPair issuerKey = KeyType.EC_P256.generate();
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        long serialBase = RANDOM.nextLong() & 0x3FFFFFFFFFFFL;
        List<X509Certificate> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Bench Org").addRDN(BCStyle.OU, ou.apply(i))
                    .addRDN(BCStyle.CN, "user-" + i).build();
            X500Name issuer = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Bench PKI").addRDN(BCStyle.CN, issuerCn.apply(i)).build();
            // A client profile without basicConstraints, issued by name: SKI, keyUsage, EKU, SAN.
            out.add(CertificateBuilder.of(CertificateProfile.CLIENT).subject(subject).issuer(issuer, issuerKey.getPrivate())
                    .keyPair(subjectKey).serial(BigInteger.valueOf(serialBase + i)).validity(notBefore, notAfter)
                    .withoutBasicConstraints().email("user-" + i + "@bench.example").build().certificate());
        }
        return out;
    }

    /** A pool for one-to-one benchmarks: one issuer, one OU. */
    public static List<X509Certificate> pool(int size) {
        return pool(size, i -> "Staff", i -> "Bench Issuing CA");
    }

    /** SHA-256 of the DER as openssl prints it: upper-case hex pairs separated by colons. */
    public static String sha256Colons(X509Certificate c) {
        try {
            return colons(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String colons(byte[] digest) {
        String hex = HexFormat.of().withUpperCase().formatHex(digest);
        StringBuilder sb = new StringBuilder(95);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
