package org.certmap.engine.directory;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;
import org.certmap.engine.x509.SanType;

/**
 * The Windows SIDs a certificate carries, the two ways KB5014754 defines:
 * <ul>
 * <li>the szOID_NTDS_CA_SECURITY_EXT extension ({@code 1.3.6.1.4.1.311.25.2}), which AD CS adds to
 *     online templates: its value is a GeneralNames-shaped {@code SEQUENCE} holding one otherName
 *     whose type-id is szOID_NTDS_OBJECTSID ({@code 1.3.6.1.4.1.311.25.2.1}) and whose value is an
 *     {@code [0] EXPLICIT OCTET STRING} with the SID's string form in ASCII;</li>
 * <li>a SubjectAltName URI {@code tag:microsoft.com,2022-09-14:sid:S-1-5-…} (the form for offline
 *     requests, Windows Server 2019 and later).</li>
 * </ul>
 * <p>Strict: an extension certmap cannot read is an error, not "no SID", because a SID the
 * directory must confirm would otherwise be silently skipped.
 */
public final class CertificateSids {

    static final String EXTENSION_OID = "1.3.6.1.4.1.311.25.2";
    static final String SAN_URI_PREFIX = "tag:microsoft.com,2022-09-14:sid:";
    /** DER contents of OID 1.3.6.1.4.1.311.25.2.1 (311 is 0x82 0x37 in base 128). */
    private static final byte[] OBJECTSID_OID = {0x2B, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x19, 0x02, 0x01};

    private CertificateSids() {
    }

    /**
     * Every SID in {@code certificate}, in string form, extension first; empty when it carries none.
     *
     * @throws NameException when the extension or a SID in it is malformed
     */
    public static List<String> of(X509Certificate certificate) throws NameException {
        List<String> out = new ArrayList<>(2);
        byte[] ext = certificate.getExtensionValue(EXTENSION_OID);
        if (ext != null) {
            out.addAll(fromExtension(ext));
        }
        for (String uri : CertificateNames.of(certificate).subjectAltNames(SanType.URI)) {
            if (uri.regionMatches(true, 0, SAN_URI_PREFIX, 0, SAN_URI_PREFIX.length())) {
                out.add(checked(uri.substring(SAN_URI_PREFIX.length())));
            }
        }
        return List.copyOf(out);
    }

    /** Reads {@code getExtensionValue("1.3.6.1.4.1.311.25.2")}: OCTET STRING { SEQUENCE { otherName… } }. */
    static List<String> fromExtension(byte[] extensionValue) throws NameException {
        DerReader outer = new DerReader(extensionValue);
        DerReader.Element octets = outer.read(DerReader.OCTET_STRING, "SID extension");
        outer.expectEnd("SID extension");
        DerReader wrapped = octets.contents();
        DerReader names = wrapped.read(DerReader.SEQUENCE, "SID extension GeneralNames").contents();
        wrapped.expectEnd("SID extension");
        List<String> out = new ArrayList<>(1);
        while (names.hasMore()) {
            DerReader.Element name = names.read();
            if (name.tag() != 0xA0) {
                continue; // another GeneralName choice: not a SID
            }
            DerReader fields = name.contents();
            DerReader.Element typeId = fields.read(DerReader.OID, "otherName type-id");
            DerReader.Element explicit = fields.read(0xA0, "otherName value");
            fields.expectEnd("otherName");
            if (!Arrays.equals(typeId.value(), OBJECTSID_OID)) {
                continue;
            }
            DerReader inner = explicit.contents();
            DerReader.Element sid = inner.read(DerReader.OCTET_STRING, "SID (an OCTET STRING)");
            inner.expectEnd("SID");
            out.add(checked(new String(sid.value(), StandardCharsets.US_ASCII)));
        }
        if (out.isEmpty()) {
            throw new NameException("SID extension holds no szOID_NTDS_OBJECTSID value");
        }
        return out;
    }

    private static String checked(String sid) throws NameException {
        try {
            WindowsSid.toBinary(sid);
            return sid;
        } catch (IllegalArgumentException e) {
            throw new NameException("malformed SID in the certificate: " + e.getMessage(), e);
        }
    }
}
