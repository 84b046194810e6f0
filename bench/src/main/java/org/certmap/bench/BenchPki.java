package org.certmap.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Pools of distinct client certificates for the benchmarks, generated at setup (nothing is checked
 * in). Shaped like real client certificates: an RSA-2048 subject key (so the DER is ~850 bytes, the
 * size that SHA-256 hashing and name decoding see in practice), EKU clientAuth, keyUsage
 * digitalSignature (critical), a SubjectKeyIdentifier and an e-mail SAN, signed with ECDSA P-256 by a
 * fictitious issuing CA. One RSA key is shared by every certificate of a pool (generating 16,384 RSA
 * keys would take minutes); every certificate still has its own serial and names, so its DER and
 * SHA-256 differ. The engine is run without a trustStore, as behind a TLS connector that validated
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
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            KeyPair subjectKey = rsa.generateKeyPair();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair issuerKey = ec.generateKeyPair();
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            Date notBefore = Date.from(Instant.now().minus(Duration.ofDays(1)));
            Date notAfter = Date.from(Instant.now().plus(Duration.ofDays(365)));
            long serialBase = RANDOM.nextLong() & 0x3FFFFFFFFFFFL;
            List<X509Certificate> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "Bench Org").addRDN(BCStyle.OU, ou.apply(i))
                        .addRDN(BCStyle.CN, "user-" + i).build();
                X500Name issuer = new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.O, "Bench PKI").addRDN(BCStyle.CN, issuerCn.apply(i)).build();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                        BigInteger.valueOf(serialBase + i), notBefore, notAfter, subject, subjectKey.getPublic());
                b.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "user-" + i + "@bench.example")));
                out.add(converter.getCertificate(b.build(signer)));
            }
            return out;
        } catch (GeneralSecurityException | java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate benchmark certificates", e);
        }
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
