package org.certmap.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes one certificate: a root or intermediate CA, a TLS server or a TLS client, with chosen
 * names (RFC 4514, most specific first, as {@code openssl x509 -nameopt RFC2253} prints), SANs,
 * EKU, key usage, validity (also in the past or the future, for expired and not-yet-valid demos),
 * key type, CRL distribution points and OCSP URLs, and any other extension. The one certificate
 * factory of certmap: {@code certmap pki}, the sample, the benchmarks and every test build here.
 *
 * <p>The profile decides the defaults: a CA gets basicConstraints cA (critical) and keyUsage
 * keyCertSign and cRLSign (critical); a server EKU serverAuth and keyUsage digitalSignature (and
 * keyEncipherment for an RSA key); a client EKU clientAuth and keyUsage digitalSignature; every one
 * a subject and an authority key identifier, a random 16-byte serial, and a validity of 10 years
 * (CA), 5 years (intermediate) or 397 days, from an hour ago. Each default can be replaced or left
 * out, so tests can make certificates no CA should issue.
 *
 * <p>{@link #issue} is what a CA does: it refuses a missing subject, an issuer that is no CA and
 * dates in the wrong order. {@link #build} makes exactly what was asked.
 *
 * <pre>{@code
 * IssuedCertificate ca = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Demo Root CA").issue(null);
 * IssuedCertificate alice = CertificateBuilder.of(CertificateProfile.CLIENT)
 *         .subject("CN=alice,OU=Staff,O=Contoso").email("alice@contoso.example").issue(ca);
 * }</pre>
 */
public final class CertificateBuilder {

    /** The UPN otherName (Microsoft), which IIS and AD map on. */
    public static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<String, KeyPurposeId> PURPOSES = new LinkedHashMap<>();

    static {
        PURPOSES.put("clientauth", KeyPurposeId.id_kp_clientAuth);
        PURPOSES.put("serverauth", KeyPurposeId.id_kp_serverAuth);
        PURPOSES.put("emailprotection", KeyPurposeId.id_kp_emailProtection);
        PURPOSES.put("codesigning", KeyPurposeId.id_kp_codeSigning);
        PURPOSES.put("any", KeyPurposeId.anyExtendedKeyUsage);
    }

    /** An extension added as given, after the ones this builder makes. */
    private record Added(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value, byte[] raw) {
    }

    private final CertificateProfile profile;
    private String subjectText;
    private X500Name subjectName;
    private byte[] rawSubject;
    private IssuedCertificate issuer;
    private X500Name issuerName;
    private PrivateKey issuerKey;
    private final List<GeneralName> sans = new ArrayList<>();
    private List<KeyPurposeId> eku;
    private Instant notBefore;
    private Instant notAfter;
    private Duration validity;
    private KeyType keyType = KeyType.EC_P256;
    private KeyPair keyPair;
    private BigInteger serial;
    private int pathLength = -1;
    private boolean basicConstraints = true;
    private boolean profileKeyUsage = true;
    private Integer keyUsage;
    private boolean keyUsageCritical = true;
    private boolean subjectKeyIdentifier = true;
    private boolean authorityKeyIdentifier = true;
    private String signatureAlgorithm;
    private final List<String> crlUrls = new ArrayList<>();
    private final List<String> deltaCrlUrls = new ArrayList<>();
    private final List<String> ocspUrls = new ArrayList<>();
    private final List<Added> extensions = new ArrayList<>();

    private CertificateBuilder(CertificateProfile profile) {
        this.profile = Objects.requireNonNull(profile);
        this.eku = switch (profile) {
            case SERVER -> List.of(KeyPurposeId.id_kp_serverAuth);
            case CLIENT -> List.of(KeyPurposeId.id_kp_clientAuth);
            default -> List.of();
        };
        this.validity = Duration.ofDays(profile == CertificateProfile.CA ? 3650
                : profile == CertificateProfile.INTERMEDIATE ? 1825 : 397);
    }

    public static CertificateBuilder of(CertificateProfile profile) {
        return new CertificateBuilder(profile);
    }

    /** The subject, RFC 4514: {@code CN=alice,OU=Staff,O=Contoso}; also E, SERIALNUMBER, T, GN, SN, S or OIDs ({@link Names#parse}). */
    public CertificateBuilder subject(String rfc4514) {
        this.subjectText = rfc4514;
        this.subjectName = null;
        return this;
    }

    /** The subject built exactly, e.g. with {@link org.bouncycastle.asn1.x500.X500NameBuilder} and chosen string types. */
    public CertificateBuilder subject(X500Name name) {
        this.subjectName = Objects.requireNonNull(name);
        this.subjectText = null;
        return this;
    }

    /**
     * The subject exactly as these DER bytes (a Name: SEQUENCE OF SET OF AttributeTypeAndValue),
     * spliced into the TBSCertificate unparsed, so that names Bouncy Castle would refuse or
     * re-encode (bad string contents, deep nesting, non-string values, any length) can be issued;
     * the certificate is then signed again. Also the issuer when self-signed.
     */
    public CertificateBuilder rawSubject(byte[] nameDer) {
        this.rawSubject = nameDer.clone();
        return this;
    }

    /** The issuing CA: its subject is the issuer name, its key signs, its chain follows. Null for self-signed. */
    public CertificateBuilder issuer(IssuedCertificate ca) {
        this.issuer = ca;
        this.issuerName = null;
        this.issuerKey = null;
        return this;
    }

    /**
     * An issuer known by name and signing key only, without a certificate (a fictitious CA whose
     * certificates nobody verifies, as in the benchmarks): no authority key identifier.
     */
    public CertificateBuilder issuer(X500Name name, PrivateKey signingKey) {
        this.issuer = null;
        this.issuerName = Objects.requireNonNull(name);
        this.issuerKey = Objects.requireNonNull(signingKey);
        return this;
    }

    public CertificateBuilder dns(String name) {
        sans.add(new GeneralName(GeneralName.dNSName, name));
        return this;
    }

    public CertificateBuilder ip(String address) {
        try {
            sans.add(new GeneralName(GeneralName.iPAddress, address));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
        }
        return this;
    }

    public CertificateBuilder email(String address) {
        sans.add(new GeneralName(GeneralName.rfc822Name, address));
        return this;
    }

    public CertificateBuilder uri(String uri) {
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        return this;
    }

    /** A Microsoft UPN otherName, e.g. {@code alice@contoso.example}. */
    public CertificateBuilder upn(String upn) {
        ASN1Encodable[] otherName = {new ASN1ObjectIdentifier(UPN_OID), new DERTaggedObject(true, 0, new DERUTF8String(upn))};
        sans.add(new GeneralName(GeneralName.otherName, new DERSequence(otherName)));
        return this;
    }

    /** Any SubjectAltName, in the order given (after the ones added before). */
    public CertificateBuilder san(GeneralName name) {
        sans.add(Objects.requireNonNull(name));
        return this;
    }

    /**
     * The extended key usages by name (clientAuth, serverAuth, emailProtection, codeSigning, any)
     * or dotted OID; an empty list leaves the extension out (no restriction, RFC 5280).
     */
    public CertificateBuilder eku(List<String> purposes) {
        List<KeyPurposeId> out = new ArrayList<>();
        for (String p : purposes) {
            String k = p.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty() || k.equals("none")) {
                continue;
            }
            KeyPurposeId id = PURPOSES.get(k);
            if (id == null && k.matches("[0-9]+(\\.[0-9]+)+")) {
                id = KeyPurposeId.getInstance(new ASN1ObjectIdentifier(k));
            }
            if (id == null) {
                throw new IllegalArgumentException("unknown EKU '" + p + "': use clientAuth, serverAuth, emailProtection,"
                        + " codeSigning, any, none or a dotted OID");
            }
            out.add(id);
        }
        this.eku = out;
        return this;
    }

    /** The extended key usages; none for no EKU extension at all. */
    public CertificateBuilder eku(KeyPurposeId... purposes) {
        this.eku = List.of(purposes);
        return this;
    }

    /** Key usage bits (Bouncy Castle {@link KeyUsage} constants) instead of the profile's. */
    public CertificateBuilder keyUsage(int bits, boolean critical) {
        this.profileKeyUsage = false;
        this.keyUsage = bits;
        this.keyUsageCritical = critical;
        return this;
    }

    /** No keyUsage extension (no restriction, RFC 5280). */
    public CertificateBuilder withoutKeyUsage() {
        this.profileKeyUsage = false;
        this.keyUsage = null;
        return this;
    }

    /** No basicConstraints extension (a version 3 end-entity certificate may have none). */
    public CertificateBuilder withoutBasicConstraints() {
        this.basicConstraints = false;
        return this;
    }

    /** Whether to write the subject key identifier (default: yes). */
    public CertificateBuilder subjectKeyIdentifier(boolean write) {
        this.subjectKeyIdentifier = write;
        return this;
    }

    /**
     * Whether to write the authority key identifier (default: yes; from the issuer's certificate,
     * or from the certificate's own key when self-signed; never for an issuer without a certificate).
     */
    public CertificateBuilder authorityKeyIdentifier(boolean write) {
        this.authorityKeyIdentifier = write;
        return this;
    }

    public CertificateBuilder validFor(Duration duration) {
        this.validity = duration;
        return this;
    }

    public CertificateBuilder notBefore(Instant instant) {
        this.notBefore = instant;
        return this;
    }

    public CertificateBuilder notAfter(Instant instant) {
        this.notAfter = instant;
        return this;
    }

    /** Both ends of the validity. */
    public CertificateBuilder validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    public CertificateBuilder serial(BigInteger serialNumber) {
        this.serial = serialNumber;
        return this;
    }

    public CertificateBuilder keyType(KeyType type) {
        this.keyType = Objects.requireNonNull(type);
        return this;
    }

    /** Use this key pair instead of making one (a renewal with the same key keeps its spkiSha256). */
    public CertificateBuilder keyPair(KeyPair pair) {
        this.keyPair = pair;
        return this;
    }

    /** The JCA signature algorithm, e.g. SHA1withRSA or Ed25519 (default: by the signing key, {@link KeyType#signatureAlgorithm}). */
    public CertificateBuilder signatureAlgorithm(String algorithm) {
        this.signatureAlgorithm = algorithm;
        return this;
    }

    /** For CAs: how many CAs may follow below this one; -1 for no limit. */
    public CertificateBuilder pathLength(int length) {
        this.pathLength = length;
        return this;
    }

    /** A CRL distribution point (cRLDistributionPoints): where relying parties fetch the issuer's CRL. */
    public CertificateBuilder crlUrl(String url) {
        crlUrls.add(url(url, "--crl-url"));
        return this;
    }

    /** A Freshest CRL point (freshestCRL, RFC 5280 4.2.1.15): where the issuer's delta CRL is. */
    public CertificateBuilder deltaCrlUrl(String url) {
        deltaCrlUrls.add(url(url, "--delta-crl-url"));
        return this;
    }

    /** An OCSP responder in the Authority Information Access extension. */
    public CertificateBuilder ocspUrl(String url) {
        ocspUrls.add(url(url, "--ocsp-url"));
        return this;
    }

    /** Any other extension, written after the ones this builder makes. */
    public CertificateBuilder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        extensions.add(new Added(oid, critical, value, null));
        return this;
    }

    /** An extension whose extnValue (the contents of the OCTET STRING) is exactly {@code value}. */
    public CertificateBuilder rawExtension(ASN1ObjectIdentifier oid, boolean critical, byte[] value) {
        extensions.add(new Added(oid, critical, null, value.clone()));
        return this;
    }

    private static String url(String url, String what) {
        String u = url.strip();
        try {
            java.net.URI uri = new java.net.URI(u);
            if (uri.getScheme() != null && uri.isAbsolute()) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // the message below
        }
        throw new IllegalArgumentException(what + " '" + url + "' is not an absolute URL, e.g. http://pki.example/ca.crl");
    }

    /**
     * Issues the certificate as a CA would: makes the key pair (unless given) and the certificate.
     *
     * @param issuingCa the issuing CA, or null for a self-signed certificate (roots; anything else for tests)
     * @throws IllegalArgumentException for a missing or bad name, dates in the wrong order, or an issuer that is no CA
     */
    public IssuedCertificate issue(IssuedCertificate issuingCa) {
        if (subjectName == null && rawSubject == null && (subjectText == null || subjectText.isBlank())) {
            throw new IllegalArgumentException("a subject is needed, e.g. CN=alice,O=Contoso");
        }
        if (profile == CertificateProfile.INTERMEDIATE && issuingCa == null) {
            throw new IllegalArgumentException("an intermediate CA needs an issuing CA");
        }
        if (issuingCa != null && issuingCa.certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the issuer " + issuingCa.certificate().getSubjectX500Principal().getName()
                    + " is not a CA certificate");
        }
        issuer(issuingCa);
        Instant[] dates = dates();
        if (!dates[1].isAfter(dates[0])) {
            throw new IllegalArgumentException("not-after " + dates[1] + " is not after not-before " + dates[0]);
        }
        return build(dates);
    }

    /**
     * Makes exactly the certificate asked for, even one no CA should issue (signed by a non-CA,
     * dates in the wrong order): for tests.
     *
     * @throws IllegalArgumentException for a missing or bad name
     */
    public IssuedCertificate build() {
        return build(dates());
    }

    /** notBefore and notAfter: as given, else an hour ago (or early enough to end at a past notAfter) for the validity. */
    private Instant[] dates() {
        Instant nb = notBefore != null ? notBefore
                : notAfter != null && notAfter.isBefore(Instant.now()) ? notAfter.minus(validity)
                : Instant.now().minus(Duration.ofHours(1));
        Instant na = notAfter != null ? notAfter : nb.plus(validity);
        return new Instant[] {nb, na};
    }

    private IssuedCertificate build(Instant[] dates) {
        X500Name subject = subject();
        KeyPair pair = keyPair != null ? keyPair : keyType.generate();
        X500Name issuedBy = issuer != null
                ? X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded())
                : issuerName != null ? issuerName : subject;
        PrivateKey signer = issuer != null ? issuer.privateKey() : issuerKey != null ? issuerKey : pair.getPrivate();
        String algorithm = signatureAlgorithm != null ? signatureAlgorithm : KeyType.signatureAlgorithm(signer);
        BigInteger sn = serial != null ? serial : randomSerial();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuedBy, sn, Date.from(dates[0]),
                    Date.from(dates[1]), subject, pair.getPublic());
            addExtensions(b, pair);
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
            if (rawSubject != null) {
                cert = withRawSubject(cert, subject.getEncoded(ASN1Encoding.DER), rawSubject, algorithm, signer);
            }
            return new IssuedCertificate(cert, pair.getPrivate(), issuer == null ? List.of() : issuer.chain());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the certificate: " + e.getMessage(), e);
        }
    }

    private X500Name subject() {
        if (rawSubject != null) {
            // A unique placeholder, replaced by the raw bytes once the certificate is built.
            return new X500Name("CN=certmap-raw-subject-" + Long.toHexString(RANDOM.nextLong()));
        }
        if (subjectName != null) {
            return subjectName;
        }
        if (subjectText == null || subjectText.isBlank()) {
            throw new IllegalArgumentException("a subject is needed, e.g. CN=alice,O=Contoso");
        }
        return Names.parse(subjectText);
    }

    private void addExtensions(X509v3CertificateBuilder b, KeyPair pair) throws GeneralSecurityException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        if (subjectKeyIdentifier) {
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        }
        if (authorityKeyIdentifier && issuerName == null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                    ? ext.createAuthorityKeyIdentifier(pair.getPublic())
                    : ext.createAuthorityKeyIdentifier(issuer.certificate()));
        }
        if (basicConstraints) {
            b.addExtension(Extension.basicConstraints, true, !profile.isCa() ? new BasicConstraints(false)
                    : pathLength >= 0 ? new BasicConstraints(pathLength) : new BasicConstraints(true));
        }
        Integer usage = profileKeyUsage ? Integer.valueOf(profileKeyUsage(pair)) : keyUsage;
        if (usage != null) {
            b.addExtension(Extension.keyUsage, keyUsageCritical, new KeyUsage(usage));
        }
        if (!eku.isEmpty()) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
        }
        if (!crlUrls.isEmpty()) {
            b.addExtension(Extension.cRLDistributionPoints, false, distributionPoints(crlUrls));
        }
        if (!deltaCrlUrls.isEmpty()) {
            b.addExtension(Extension.freshestCRL, false, distributionPoints(deltaCrlUrls));
        }
        if (!ocspUrls.isEmpty()) {
            AccessDescription[] ads = new AccessDescription[ocspUrls.size()];
            for (int i = 0; i < ads.length; i++) {
                ads[i] = new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrls.get(i)));
            }
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(ads));
        }
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        for (Added e : extensions) {
            if (e.raw() != null) {
                b.addExtension(e.oid(), e.critical(), e.raw());
            } else {
                b.addExtension(e.oid(), e.critical(), e.value());
            }
        }
    }

    private int profileKeyUsage(KeyPair pair) {
        if (profile.isCa()) {
            return KeyUsage.keyCertSign | KeyUsage.cRLSign;
        }
        int usage = KeyUsage.digitalSignature;
        if (profile == CertificateProfile.SERVER && "RSA".equals(pair.getPublic().getAlgorithm())) {
            usage |= KeyUsage.keyEncipherment;
        }
        return usage;
    }

    private static CRLDistPoint distributionPoints(List<String> urls) {
        DistributionPoint[] points = new DistributionPoint[urls.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = new DistributionPoint(new DistributionPointName(new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, urls.get(i)))), null, null);
        }
        return new CRLDistPoint(points);
    }

    private static BigInteger randomSerial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[0] &= 0x7F;
        b[0] |= 0x01; // positive, 16 bytes, never zero
        return new BigInteger(b);
    }

    /**
     * Replaces the placeholder name in a certificate's TBSCertificate with {@code raw} (subject, and
     * issuer when self-signed) and signs the result again with the same algorithm.
     */
    private static X509Certificate withRawSubject(X509Certificate cert, byte[] placeholder, byte[] raw, String algorithm,
            PrivateKey signer) throws GeneralSecurityException {
        byte[] tbs = cert.getTBSCertificate();
        int contentStart = tbs[1] >= 0 ? 2 : 2 + (tbs[1] & 0x7F);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int i = contentStart;
        while (i < tbs.length) {
            if (i + placeholder.length <= tbs.length
                    && Arrays.equals(tbs, i, i + placeholder.length, placeholder, 0, placeholder.length)) {
                content.writeBytes(raw);
                i += placeholder.length;
            } else {
                content.write(tbs[i++]);
            }
        }
        byte[] encoded = Der.signed(Der.tlv(0x30, content.toByteArray()), algorithm, signer);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }
}
