package org.certmap.cli.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
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
 * EKU, validity (also in the past or the future, for expired and not-yet-valid demos) and key type.
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

    /** Keywords beyond the JDK's own (CN, C, L, ST, O, OU, DC, UID, STREET), as certmap's rules name them. */
    private static final Map<String, String> KEYWORDS = Map.of(
            "E", "1.2.840.113549.1.9.1", "EMAILADDRESS", "1.2.840.113549.1.9.1",
            "SERIALNUMBER", "2.5.4.5", "T", "2.5.4.12", "TITLE", "2.5.4.12", "GN", "2.5.4.42",
            "GIVENNAME", "2.5.4.42", "SN", "2.5.4.4", "SURNAME", "2.5.4.4", "S", "2.5.4.8");

    private static final Map<String, KeyPurposeId> PURPOSES = new LinkedHashMap<>();

    static {
        PURPOSES.put("clientauth", KeyPurposeId.id_kp_clientAuth);
        PURPOSES.put("serverauth", KeyPurposeId.id_kp_serverAuth);
        PURPOSES.put("emailprotection", KeyPurposeId.id_kp_emailProtection);
        PURPOSES.put("codesigning", KeyPurposeId.id_kp_codeSigning);
        PURPOSES.put("any", KeyPurposeId.anyExtendedKeyUsage);
    }

    private final CertificateProfile profile;
    private String subject;
    private final List<GeneralName> sans = new ArrayList<>();
    private List<KeyPurposeId> eku;
    private Instant notBefore;
    private Instant notAfter;
    private Duration validity;
    private KeyType keyType = KeyType.EC_P256;
    private KeyPair keyPair;
    private int pathLength = -1;
    private final List<String> crlUrls = new ArrayList<>();
    private final List<String> deltaCrlUrls = new ArrayList<>();
    private final List<String> ocspUrls = new ArrayList<>();

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

    /** The subject, RFC 4514: {@code CN=alice,OU=Staff,O=Contoso}; also E, SERIALNUMBER, T, GN, SN, S or OIDs. */
    public CertificateBuilder subject(String rfc4514) {
        this.subject = rfc4514;
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

    public CertificateBuilder keyType(KeyType type) {
        this.keyType = Objects.requireNonNull(type);
        return this;
    }

    /** Use this key pair instead of making one (a renewal with the same key keeps its spkiSha256). */
    public CertificateBuilder keyPair(KeyPair pair) {
        this.keyPair = pair;
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

    private static CRLDistPoint distributionPoints(List<String> urls) {
        DistributionPoint[] points = new DistributionPoint[urls.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = new DistributionPoint(new DistributionPointName(new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, urls.get(i)))), null, null);
        }
        return new CRLDistPoint(points);
    }

    /** For CAs: how many CAs may follow below this one; -1 for no limit. */
    public CertificateBuilder pathLength(int length) {
        this.pathLength = length;
        return this;
    }

    /**
     * Makes the key pair (unless given) and the certificate.
     *
     * @param issuer the issuing CA, or null for a self-signed certificate (roots; anything else for tests)
     * @throws IllegalArgumentException for a bad name, dates in the wrong order, or an issuer that is no CA
     */
    public IssuedCertificate issue(IssuedCertificate issuer) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a subject is needed, e.g. CN=alice,O=Contoso");
        }
        if (profile == CertificateProfile.INTERMEDIATE && issuer == null) {
            throw new IllegalArgumentException("an intermediate CA needs an issuing CA");
        }
        if (issuer != null && issuer.certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the issuer " + issuer.certificate().getSubjectX500Principal().getName()
                    + " is not a CA certificate");
        }
        Instant nb = notBefore != null ? notBefore
                : notAfter != null && notAfter.isBefore(Instant.now()) ? notAfter.minus(validity)
                : Instant.now().minus(Duration.ofHours(1));
        Instant na = notAfter != null ? notAfter : nb.plus(validity);
        if (!na.isAfter(nb)) {
            throw new IllegalArgumentException("not-after " + na + " is not after not-before " + nb);
        }
        X500Name subjectName = name(subject);
        KeyPair pair = keyPair != null ? keyPair : keyType.generate();
        X500Name issuerName = issuer == null ? subjectName
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.privateKey();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial(), Date.from(nb), Date.from(na),
                    subjectName, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                    ? ext.createAuthorityKeyIdentifier(pair.getPublic())
                    : ext.createAuthorityKeyIdentifier(issuer.certificate()));
            if (profile.isCa()) {
                b.addExtension(Extension.basicConstraints, true,
                        pathLength >= 0 ? new BasicConstraints(pathLength) : new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = KeyUsage.digitalSignature;
                if (profile == CertificateProfile.SERVER && "RSA".equals(pair.getPublic().getAlgorithm())) {
                    usage |= KeyUsage.keyEncipherment;
                }
                b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
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
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(KeyType.signatureAlgorithm(signer)).build(signer)));
            return new IssuedCertificate(cert, pair.getPrivate(), issuer == null ? List.of() : issuer.chain());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the certificate: " + e.getMessage(), e);
        }
    }

    /** An RFC 4514 string as a DER name in the right order (the last RDN of the string is the first in DER). */
    static X500Name name(String rfc4514) {
        try {
            return X500Name.getInstance(new X500Principal(rfc4514, KEYWORDS).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + rfc4514 + "' is not an RFC 4514 name (" + e.getMessage()
                    + "); write e.g. CN=alice,OU=Staff,O=Contoso and escape , + \" \\ < > ; with a backslash");
        }
    }

    private static BigInteger serial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[0] &= 0x7F;
        b[0] |= 0x01; // positive, 16 bytes, never zero
        return new BigInteger(b);
    }
}
