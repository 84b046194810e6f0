package org.certmap.engine.x509;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.certmap.engine.match.AsciiCase;

/**
 * The names of one certificate that mapping rules look at: subject, issuer and SubjectAltName
 * values, all read from the certificate's DER.
 *
 * <p>Why the TBSCertificate and not {@code getSubjectX500Principal()}: the principal only offers
 * strings, or its DER, which is the same thing we read here; going to the TBSCertificate directly
 * reads issuer and subject in one pass and guarantees they are the bytes the signature covers.
 * Everything is decoded when the object is made, so a malformed name or SAN fails here, once, with
 * a {@link NameException}, never later in the middle of a rule.
 */
public final class CertificateNames {

    private static final String SAN_OID = "2.5.29.17";

    private final DistinguishedName subject;
    private final DistinguishedName issuer;
    private final Map<SanType, List<String>> subjectAltNames;

    private CertificateNames(DistinguishedName subject, DistinguishedName issuer,
            Map<SanType, List<String>> subjectAltNames) {
        this.subject = subject;
        this.issuer = issuer;
        this.subjectAltNames = subjectAltNames;
    }

    /** Reads subject, issuer and SANs of {@code certificate}. */
    public static CertificateNames of(X509Certificate certificate) throws NameException {
        DerReader.Element[] names = issuerAndSubject(certificate);
        DistinguishedName issuer = DistinguishedName.decode(names[0]);
        DistinguishedName subject = DistinguishedName.decode(names[1]);
        Map<SanType, List<String>> sans = GeneralNamesDecoder.decode(certificate.getExtensionValue(SAN_OID));
        return new CertificateNames(subject, issuer, Map.copyOf(sans));
    }

    /**
     * The DER of the subject and the issuer name ({@code {subject, issuer}}) exactly as the
     * TBSCertificate holds them: what a summary keeps to render the names later without keeping
     * the parsed certificate (whose extensions may be many times larger).
     */
    public static byte[][] encodedSubjectAndIssuer(X509Certificate certificate) throws NameException {
        DerReader.Element[] names = issuerAndSubject(certificate);
        return new byte[][] {names[1].encoded(), names[0].encoded()};
    }

    private static DerReader.Element[] issuerAndSubject(X509Certificate certificate) throws NameException {
        Objects.requireNonNull(certificate, "certificate");
        byte[] tbs;
        try {
            tbs = certificate.getTBSCertificate();
        } catch (CertificateEncodingException e) {
            throw new NameException("cannot read the TBSCertificate", e);
        }
        DerReader outer = new DerReader(tbs);
        DerReader fields = outer.read(DerReader.SEQUENCE, "TBSCertificate").contents();
        outer.expectEnd("TBSCertificate");
        if (fields.peekTag() == 0xA0) {
            fields.read(); // [0] EXPLICIT version
        }
        fields.read(DerReader.INTEGER, "serialNumber");
        fields.read(DerReader.SEQUENCE, "signature");
        DerReader.Element issuer = fields.read(DerReader.SEQUENCE, "issuer");
        fields.read(DerReader.SEQUENCE, "validity");
        DerReader.Element subject = fields.read(DerReader.SEQUENCE, "subject");
        return new DerReader.Element[] {issuer, subject};
    }

    public DistinguishedName subject() {
        return subject;
    }

    public DistinguishedName issuer() {
        return issuer;
    }

    /** The SAN values of one kind, in certificate order; empty when there are none. */
    public List<String> subjectAltNames(SanType type) {
        Objects.requireNonNull(type, "type");
        return subjectAltNames.getOrDefault(type, List.of());
    }

    /**
     * The values a rule or a {@code userName} template reads: {@code certificateField} is {@code
     * Subject}, {@code Issuer} or {@code SubjectAltName} (ASCII case-insensitive); {@code subField}
     * an {@link AttributeType} name or dotted OID, or a {@link SanType} name.
     *
     * @throws IllegalArgumentException for an unknown field or sub-field (configuration loading
     *                                  rejects those first)
     */
    public List<String> values(String certificateField, String subField) {
        Objects.requireNonNull(certificateField, "certificateField");
        Objects.requireNonNull(subField, "subField");
        if (AsciiCase.equalsIgnoreCase(certificateField, "SubjectAltName")) {
            SanType type = SanType.of(subField);
            if (type == null) {
                throw new IllegalArgumentException("unknown SubjectAltName sub-field \"" + subField
                        + "\" (expected email, dns, upn, uri or ip)");
            }
            return subjectAltNames(type);
        }
        DistinguishedName name;
        if (AsciiCase.equalsIgnoreCase(certificateField, "Subject")) {
            name = subject;
        } else if (AsciiCase.equalsIgnoreCase(certificateField, "Issuer")) {
            name = issuer;
        } else {
            throw new IllegalArgumentException("unknown certificateField \"" + certificateField
                    + "\" (expected Subject, Issuer or SubjectAltName)");
        }
        String oid = AttributeType.oidOf(subField);
        if (oid == null) {
            throw new IllegalArgumentException("unknown " + certificateField + " sub-field \"" + subField
                    + "\" (expected CN, OU, O, L, S, C, E, DC, UID, SERIALNUMBER, T, GN, SN or a dotted OID)");
        }
        return name.values(oid);
    }

    @Override
    public String toString() {
        return "subject=" + subject + "; issuer=" + issuer;
    }
}
