package org.certmap.engine.mapping;

import java.util.List;
import java.util.Locale;

import org.certmap.engine.match.AsciiCase;
import org.certmap.engine.x509.AttributeType;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.SanType;

/**
 * A field of a certificate that rules and userName templates read: {@code Subject.CN},
 * {@code Issuer.O}, {@code SubjectAltName.upn}, ... Resolved once at load, so that evaluation
 * does no name lookups, and always read structurally from the certificate's DER.
 */
public final class CertificateField {

    /** The three IIS certificateField values. */
    public enum Kind { SUBJECT, ISSUER, SUBJECT_ALT_NAME }

    private final Kind kind;
    private final String oid;
    private final SanType sanType;
    private final String display;

    private CertificateField(Kind kind, String oid, SanType sanType, String display) {
        this.kind = kind;
        this.oid = oid;
        this.sanType = sanType;
        this.display = display;
    }

    /**
     * Parses an IIS certificateField/certificateSubField pair.
     *
     * @throws IllegalArgumentException saying which names are allowed
     */
    public static CertificateField of(String field, String subField) {
        String f = AsciiCase.fold(field.trim());
        String s = subField.trim();
        switch (f) {
            case "subject":
            case "issuer": {
                String oid = AttributeType.oidOf(s);
                if (oid == null) {
                    throw new IllegalArgumentException("unknown certificateSubField '" + s + "' for " + field
                            + ": use CN, OU, O, L, S (or ST), C, E, DC, UID, SERIALNUMBER, T, GN, SN or a dotted OID");
                }
                Kind k = f.equals("subject") ? Kind.SUBJECT : Kind.ISSUER;
                return new CertificateField(k, oid, null,
                        (k == Kind.SUBJECT ? "Subject." : "Issuer.") + AttributeType.displayName(oid));
            }
            case "subjectaltname": {
                SanType t = SanType.of(s);
                if (t == null) {
                    throw new IllegalArgumentException("unknown certificateSubField '" + s
                            + "' for SubjectAltName: use email, dns, upn, uri or ip");
                }
                return new CertificateField(Kind.SUBJECT_ALT_NAME, null, t,
                        "SubjectAltName." + t.name().toLowerCase(Locale.ROOT));
            }
            default:
                throw new IllegalArgumentException("unknown certificateField '" + field
                        + "': use Subject, Issuer or SubjectAltName");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The values of this field in the certificate, in DER order (several for multi-valued attributes). */
    public List<String> values(CertificateNames names) {
        switch (kind) {
            case SUBJECT:
                return names.subject().values(oid);
            case ISSUER:
                return names.issuer().values(oid);
            default:
                return names.subjectAltNames(sanType);
        }
    }

    /**
     * Whether this field of the certificate holds a value certmap cannot read as a string (see
     * {@link org.certmap.engine.x509.DistinguishedName#hasNonStringValue}); SAN values are either
     * read or make the whole certificate's names undecodable, so only Subject and Issuer can.
     */
    public boolean hasUnreadableValue(CertificateNames names) {
        switch (kind) {
            case SUBJECT:
                return names.subject().hasNonStringValue(oid);
            case ISSUER:
                return names.issuer().hasNonStringValue(oid);
            default:
                return false;
        }
    }

    /** A key that is equal for equal fields (used to index rules). */
    String key() {
        return display;
    }

    @Override
    public String toString() {
        return display;
    }
}
