package org.certmap.engine.mapping;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.DistinguishedName;
import org.certmap.engine.x509.NameException;

/**
 * What mapping needs to know about one certificate, computed once per certificate (the decision
 * cache keeps the result, so a repeat certificate is never hashed or decoded again). The SHA-256
 * is computed at once (logs and one-to-one lookups need it); names, SPKI hash and issuer key only
 * when a mapping asks for them.
 */
public final class CertificateFacts {

    private final X509Certificate certificate;
    private final byte[] sha256;
    private final String sha256Hex;
    private CertificateNames names;
    private NameException nameError;
    private byte[] spkiSha256;
    private String issuerSerialKey;
    private volatile boolean issuerInTrustStore;

    public CertificateFacts(X509Certificate certificate) {
        this.certificate = certificate;
        try {
            this.sha256 = sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
        this.sha256Hex = HexFormat.of().formatHex(sha256);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the certificate's DER (the IIS/Windows "thumbprint", but SHA-256). */
    public byte[] sha256() {
        return sha256;
    }

    public String sha256Hex() {
        return sha256Hex;
    }

    /** The certificate's names read from its DER; null when they do not decode (see {@link #nameError()}). */
    public synchronized CertificateNames names() {
        if (names == null && nameError == null) {
            try {
                names = CertificateNames.of(certificate);
            } catch (NameException e) {
                nameError = e;
            }
        }
        return names;
    }

    /** Why the names could not be decoded, or null. */
    public synchronized NameException nameError() {
        names();
        return nameError;
    }

    /** SHA-256 of the SubjectPublicKeyInfo: what curl's {@code --pinnedpubkey sha256//} pins. */
    public synchronized byte[] spkiSha256() {
        if (spkiSha256 == null) {
            spkiSha256 = sha256(certificate.getPublicKey().getEncoded());
        }
        return spkiSha256;
    }

    /**
     * Records whether validation found the CA that signed this certificate in the trust store
     * ({@link org.certmap.engine.validation.Validation#issuerInTrustStore()}). Until it is set,
     * {@link #issuerSerialKey()} is null, so an issuer+serialNumber key never matches a certificate
     * whose issuer name another CA could have written.
     */
    public void issuerInTrustStore(boolean inStore) {
        this.issuerInTrustStore = inStore;
    }

    public boolean issuerInTrustStore() {
        return issuerInTrustStore;
    }

    /**
     * The issuer+serial key (canonical issuer name and serial) when the signing CA is in the trust
     * store; null when it is not, or the issuer does not decode.
     */
    public String issuerSerialKey() {
        return issuerInTrustStore ? issuerSerialKeyByName() : null;
    }

    /** The issuer+serial key by name alone, whoever signed: for explanations only. */
    public synchronized String issuerSerialKeyByName() {
        if (issuerSerialKey == null) {
            CertificateNames n = names();
            if (n == null) {
                return null;
            }
            issuerSerialKey = issuerSerialKey(n.issuer().canonical(), certificate.getSerialNumber());
        }
        return issuerSerialKey;
    }

    /**
     * The summary that logs, attributes and explanations show. It renders the names when first
     * shown, from the name DER it copies now, and keeps no reference to this object or the parsed
     * certificate: the decision cache keeps summaries, and must be able to bound what they hold.
     */
    public CertificateSummary summary() {
        byte[][] der;
        try {
            der = CertificateNames.encodedSubjectAndIssuer(certificate);
        } catch (NameException e) {
            return new CertificateSummary(sha256Hex, "(undecodable subject)", "(undecodable issuer)");
        }
        byte[] subject = der[0];
        byte[] issuer = der[1];
        // Rendered, a name byte becomes at most three characters (an escaped \XX) of two bytes each.
        long pending = 7L * (subject.length + issuer.length) + 64;
        return CertificateSummary.lazy(sha256Hex, () -> new String[] {render(subject, "(undecodable subject)"),
            render(issuer, "(undecodable issuer)")}, pending);
    }

    private static String render(byte[] name, String undecodable) {
        try {
            return DistinguishedName.decode(name).toString();
        } catch (NameException e) {
            return undecodable;
        }
    }

    /** The one form both the mapping file and certificates reduce an issuer+serial key to. */
    public static String issuerSerialKey(String canonicalIssuer, BigInteger serial) {
        return serial.toString(16) + '|' + canonicalIssuer;
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
