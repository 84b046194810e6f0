package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.NameException;

/**
 * An OCSP CertID (RFC 6960 §4.1.1): the hash of the issuer's name, the hash of the issuer's public
 * key bits, and the serial number. It names one certificate unambiguously, so it is both what is
 * asked and what a SingleResponse must repeat exactly, and, with SHA-1, the cache key (as nginx
 * keys its stapling cache).
 *
 * @param hashAlgorithm   the JCA digest name: {@code SHA-1}, {@code SHA-256}, {@code SHA-384} or {@code SHA-512}
 * @param issuerNameHash  hash of the DER of the certificate's issuer field
 * @param issuerKeyHash   hash of the issuer's subjectPublicKey bits
 * @param serialNumber    the certificate's serial
 */
public record OcspCertId(String hashAlgorithm, byte[] issuerNameHash, byte[] issuerKeyHash, BigInteger serialNumber) {

    /** Digest name by OID, and back: the algorithms a response's CertID may use. */
    static final Map<String, String> HASHES = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    public OcspCertId {
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        issuerNameHash = issuerNameHash.clone();
        issuerKeyHash = issuerKeyHash.clone();
        Objects.requireNonNull(serialNumber, "serialNumber");
    }

    /**
     * The CertID of {@code certificate}, issued by {@code issuer}, with {@code hashAlgorithm}.
     *
     * @throws OcspException MALFORMED when a name or key cannot be read
     */
    static OcspCertId of(X509Certificate certificate, X509Certificate issuer, String hashAlgorithm)
            throws OcspException {
        try {
            byte[] issuerName = CertificateNames.encodedSubjectAndIssuer(certificate)[1];
            byte[] keyBits = OcspDer.keyBits(issuer.getPublicKey());
            return new OcspCertId(hashAlgorithm, OcspDer.digest(hashAlgorithm, issuerName),
                    OcspDer.digest(hashAlgorithm, keyBits), certificate.getSerialNumber());
        } catch (NameException e) {
            throw new OcspException(OcspFailure.MALFORMED, "cannot compute the CertID: " + e.getMessage(), e);
        }
    }

    /** The DER: SEQUENCE { hashAlgorithm AlgorithmIdentifier (parameters NULL), two OCTET STRINGs, INTEGER }. */
    byte[] encoded() {
        String oid = HASHES.entrySet().stream().filter(e -> e.getValue().equals(hashAlgorithm))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OID for " + hashAlgorithm));
        byte[] algorithm = OcspDer.tlv(0x30, OcspDer.oid(oid), new byte[] {OcspDer.NULL, 0});
        return OcspDer.tlv(0x30, algorithm, OcspDer.tlv(0x04, issuerNameHash), OcspDer.tlv(0x04, issuerKeyHash),
                OcspDer.integer(serialNumber));
    }

    @Override
    public byte[] issuerNameHash() {
        return issuerNameHash.clone();
    }

    @Override
    public byte[] issuerKeyHash() {
        return issuerKeyHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OcspCertId c && c.hashAlgorithm.equals(hashAlgorithm)
                && Arrays.equals(c.issuerNameHash, issuerNameHash) && Arrays.equals(c.issuerKeyHash, issuerKeyHash)
                && c.serialNumber.equals(serialNumber);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(issuerKeyHash) * 31 + serialNumber.hashCode()) * 31 + Arrays.hashCode(issuerNameHash);
    }

    @Override
    public String toString() {
        return "CertID[" + hashAlgorithm + " name " + HexFormat.of().formatHex(issuerNameHash) + " key "
                + HexFormat.of().formatHex(issuerKeyHash) + " serial " + serialNumber.toString(16) + "]";
    }
}
