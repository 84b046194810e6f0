package org.certmap.engine.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;
import org.certmap.engine.x509.SanType;

/**
 * The {@code altSecurityIdentities} values Active Directory ties to a certificate (KB5014754,
 * "Certificate mapping"), written exactly as Microsoft's tools write them, so that a search for
 * them finds what an administrator stored with {@code Set-ADUser} or ADUC's "Name Mappings".
 *
 * <p>Strong forms (the certificate's issuer and serial, or its key):
 * <ul>
 * <li>{@code X509:<I>}issuer{@code <SR>}serial: the issuer in X.500 order with Windows' keys
 *     ({@link WindowsNames}), then the serial number's bytes (the DER INTEGER's contents) in reverse
 *     order, upper-case hex. KB5014754's example: serial {@code 2B0000000011AC0000000012} is stored
 *     as {@code 1200000000AC11000000002B}. The issuer is given with {@code ,} and, as a second
 *     alternative, {@code ", "} between RDNs; a serial whose DER has a leading {@code 00} sign byte
 *     (high bit set) is also given without it, because tools that reverse the displayed serial
 *     differ on that byte, and both spell the same integer.</li>
 * <li>{@code X509:<SKI>} + the Subject Key Identifier extension's octets, upper-case hex.</li>
 * <li>{@code X509:<SHA1-PUKEY>} + SHA-1 of "the public key". Microsoft's tools differ on which bytes:
 *     RFC 5280 §4.2.1.2 method 1 and CertEnroll's {@code SKIHashSha1} hash the subjectPublicKey BIT
 *     STRING's contents (certutil's "Key Id Hash(rfc-sha1)"); {@code CryptHashPublicKeyInfo},
 *     CertEnroll's {@code SKIHashCapiSha1} and .NET's {@code CapiSha1} hash the whole DER
 *     SubjectPublicKeyInfo (certutil's "Key Id Hash(sha1)"). Both are searched and the matching
 *     form is reported.</li>
 * </ul>
 * <p>Weak forms (names a requester may choose, so forgeable by anyone a trusted CA issues that name
 * to; used only with {@code allowWeak}): {@code X509:<I>}issuer{@code <S>}subject, {@code X509:<S>}
 * subject, {@code X509:<RFC822>} + each SAN rfc822Name; and the SAN UPNs, matched against
 * {@code userPrincipalName}.
 */
public final class AdMappingStrings {

    /** KB5014754's labels for the forms, as {@link Value#form()} reports them. */
    public static final String ISSUER_SERIAL = "X509:<I><SR>";
    public static final String ISSUER_SERIAL_SPACED = "X509:<I><SR> (RDNs joined by \", \")";
    public static final String ISSUER_SERIAL_NO_SIGN = "X509:<I><SR> (serial without its 00 sign byte)";
    public static final String ISSUER_SERIAL_NO_SIGN_SPACED =
            "X509:<I><SR> (RDNs joined by \", \", serial without its 00 sign byte)";
    public static final String SKI = "X509:<SKI>";
    public static final String SHA1_PUKEY = "X509:<SHA1-PUKEY> (SHA-1 of the subjectPublicKey bits, RFC 5280)";
    public static final String SHA1_PUKEY_SPKI = "X509:<SHA1-PUKEY> (SHA-1 of the SubjectPublicKeyInfo, CryptoAPI)";
    public static final String ISSUER_SUBJECT = "X509:<I><S>";
    public static final String ISSUER_SUBJECT_SPACED = "X509:<I><S> (RDNs joined by \", \")";
    public static final String SUBJECT = "X509:<S>";
    public static final String SUBJECT_SPACED = "X509:<S> (RDNs joined by \", \")";
    public static final String RFC822 = "X509:<RFC822>";

    private static final String SKI_OID = "2.5.29.14";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /**
     * One string to search for or store.
     *
     * @param form  which form it is ({@link #ISSUER_SERIAL}, {@link #SKI}, ...)
     * @param value the whole attribute value, e.g. {@code X509:<SKI>0A1B...}
     */
    public record Value(String form, String value) {
        public Value {
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<Value> issuerBound;
    private final List<Value> keyBound;
    private final List<Value> weak;
    private final List<String> upns;

    private AdMappingStrings(List<Value> issuerBound, List<Value> keyBound, List<Value> weak, List<String> upns) {
        this.issuerBound = issuerBound;
        this.keyBound = keyBound;
        this.weak = weak;
        this.upns = upns;
    }

    /** Reads {@code certificate}'s issuer, subject, serial, key and SANs. */
    public static AdMappingStrings of(X509Certificate certificate) throws NameException {
        Objects.requireNonNull(certificate, "certificate");
        Tbs tbs = Tbs.read(certificate);
        String issuerComma = WindowsNames.write(tbs.issuer, ",");
        String issuerSpaced = WindowsNames.write(tbs.issuer, ", ");
        String subjectComma = WindowsNames.write(tbs.subject, ",");
        String subjectSpaced = WindowsNames.write(tbs.subject, ", ");

        List<Value> issuerBound = new ArrayList<>(6);
        byte[] serial = tbs.serial;
        String reversed = reversedHex(serial, 0);
        issuerBound.add(new Value(ISSUER_SERIAL, "X509:<I>" + issuerComma + "<SR>" + reversed));
        addUnlessSame(issuerBound, new Value(ISSUER_SERIAL_SPACED, "X509:<I>" + issuerSpaced + "<SR>" + reversed));
        if (serial.length > 1 && serial[0] == 0) {
            String unsigned = reversedHex(serial, 1);
            issuerBound.add(new Value(ISSUER_SERIAL_NO_SIGN, "X509:<I>" + issuerComma + "<SR>" + unsigned));
            addUnlessSame(issuerBound, new Value(ISSUER_SERIAL_NO_SIGN_SPACED,
                    "X509:<I>" + issuerSpaced + "<SR>" + unsigned));
        }
        byte[] ski = subjectKeyIdentifier(certificate);
        if (ski != null) {
            issuerBound.add(new Value(SKI, "X509:<SKI>" + HEX.formatHex(ski)));
        }

        List<Value> keyBound = List.of(
                new Value(SHA1_PUKEY, "X509:<SHA1-PUKEY>" + HEX.formatHex(sha1(tbs.publicKeyBits))),
                new Value(SHA1_PUKEY_SPKI, "X509:<SHA1-PUKEY>" + HEX.formatHex(sha1(tbs.spki))));

        List<Value> weak = new ArrayList<>(6);
        weak.add(new Value(ISSUER_SUBJECT, "X509:<I>" + issuerComma + "<S>" + subjectComma));
        addUnlessSame(weak, new Value(ISSUER_SUBJECT_SPACED, "X509:<I>" + issuerSpaced + "<S>" + subjectSpaced));
        weak.add(new Value(SUBJECT, "X509:<S>" + subjectComma));
        addUnlessSame(weak, new Value(SUBJECT_SPACED, "X509:<S>" + subjectSpaced));
        CertificateNames names = CertificateNames.of(certificate);
        for (String email : names.subjectAltNames(SanType.EMAIL)) {
            weak.add(new Value(RFC822, "X509:<RFC822>" + email));
        }
        return new AdMappingStrings(List.copyOf(issuerBound), keyBound, List.copyOf(weak),
                names.subjectAltNames(SanType.UPN));
    }

    private static void addUnlessSame(List<Value> values, Value v) {
        if (!values.get(values.size() - 1).value().equals(v.value())) {
            values.add(v);
        }
    }

    /**
     * The strong values, in the order a match is reported: issuer+serial and SKI only when {@code
     * issuerInTrustStore} (the role AD's NTAuth store plays: a CA outside it could issue a
     * certificate with any issuer name and SKI), then the key hashes, which bind the key itself.
     */
    public List<Value> strong(boolean issuerInTrustStore) {
        if (!issuerInTrustStore) {
            return keyBound;
        }
        List<Value> all = new ArrayList<>(issuerBound.size() + keyBound.size());
        all.addAll(issuerBound);
        all.addAll(keyBound);
        return List.copyOf(all);
    }

    /** The weak, name-based values ({@code <I><S>}, {@code <S>}, {@code <RFC822>}). */
    public List<Value> weak() {
        return weak;
    }

    /** The SAN UPNs, for a weak {@code userPrincipalName} match. */
    public List<String> upns() {
        return upns;
    }

    /**
     * What to store in {@code altSecurityIdentities} for this certificate (for {@code certmap map
     * --directory-value}): the first spelling of each strong form, {@code <I><SR>} first as
     * KB5014754 recommends, then {@code <SKI>} when the certificate has one, then {@code <SHA1-PUKEY>}
     * in its RFC 5280 form.
     */
    public List<Value> toStore() {
        List<Value> out = new ArrayList<>(3);
        out.add(issuerBound.get(0));
        for (Value v : issuerBound) {
            if (v.form().equals(SKI)) {
                out.add(v);
            }
        }
        out.add(keyBound.get(0));
        return List.copyOf(out);
    }

    private static String reversedHex(byte[] bytes, int from) {
        StringBuilder sb = new StringBuilder((bytes.length - from) * 2);
        for (int i = bytes.length - 1; i >= from; i--) {
            sb.append(HEX.toHexDigits(bytes[i]));
        }
        return sb.toString();
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) throws NameException {
        byte[] ext = certificate.getExtensionValue(SKI_OID);
        if (ext == null) {
            return null;
        }
        DerReader outer = new DerReader(ext);
        DerReader.Element wrapper = outer.read(DerReader.OCTET_STRING, "SubjectKeyIdentifier extension");
        outer.expectEnd("SubjectKeyIdentifier extension");
        DerReader inner = wrapper.contents();
        DerReader.Element keyId = inner.read(DerReader.OCTET_STRING, "KeyIdentifier");
        inner.expectEnd("KeyIdentifier");
        return keyId.value();
    }

    static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The TBSCertificate fields the strings need, read from the DER the signature covers. */
    private static final class Tbs {
        byte[] serial;
        DerReader.Element issuer;
        DerReader.Element subject;
        byte[] spki;
        byte[] publicKeyBits;

        static Tbs read(X509Certificate certificate) throws NameException {
            byte[] der;
            try {
                der = certificate.getTBSCertificate();
            } catch (CertificateEncodingException e) {
                throw new NameException("cannot read the TBSCertificate", e);
            }
            DerReader outer = new DerReader(der);
            DerReader fields = outer.read(DerReader.SEQUENCE, "TBSCertificate").contents();
            outer.expectEnd("TBSCertificate");
            if (fields.peekTag() == 0xA0) {
                fields.read();
            }
            Tbs t = new Tbs();
            t.serial = fields.read(DerReader.INTEGER, "serialNumber").value();
            if (t.serial.length == 0) {
                throw new NameException("empty serialNumber");
            }
            fields.read(DerReader.SEQUENCE, "signature");
            t.issuer = fields.read(DerReader.SEQUENCE, "issuer");
            fields.read(DerReader.SEQUENCE, "validity");
            t.subject = fields.read(DerReader.SEQUENCE, "subject");
            DerReader.Element spki = fields.read(DerReader.SEQUENCE, "subjectPublicKeyInfo");
            t.spki = spki.encoded();
            DerReader keyFields = spki.contents();
            keyFields.read(DerReader.SEQUENCE, "algorithm");
            DerReader.Element bits = keyFields.read(0x03, "subjectPublicKey");
            keyFields.expectEnd("subjectPublicKeyInfo");
            byte[] withUnused = bits.value();
            if (withUnused.length == 0) {
                throw new NameException("empty subjectPublicKey");
            }
            t.publicKeyBits = new byte[withUnused.length - 1];
            System.arraycopy(withUnused, 1, t.publicKeyBits, 0, t.publicKeyBits.length);
            return t;
        }
    }
}
