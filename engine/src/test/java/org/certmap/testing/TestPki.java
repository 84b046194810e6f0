package org.certmap.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.Der;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.KeyStores;
import org.certmap.pki.KeyType;
import org.certmap.pki.Pem;

/**
 * Certificates made in the test: root, intermediate and leaf, with any names, SANs, key usages and
 * validity. Tests never depend on checked-in keystores that expire. A test convenience over
 * certmap-pki's {@link CertificateBuilder} (the one certificate factory), with the defaults tests
 * rely on: valid from a day ago for a year, sequential serials, no basicConstraints on leaves, CAs
 * with digitalSignature too, SHA-256 signatures, subjects parsed as Bouncy Castle parses them.
 *
 * <pre>{@code
 * Issued ca = TestPki.rootCa("CN=Test Root CA,O=certmap");
 * Issued alice = TestPki.cert().subject("CN=alice,O=Contoso").issuer(ca).build();
 * }</pre>
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    private TestPki() {
    }

    /** A certificate with its key pair, and the chain above it (issuer first, root last). */
    public record Issued(X509Certificate certificate, KeyPair keyPair, List<X509Certificate> issuers) {

        /** Leaf first, then its issuers up to (and including) the root. */
        public X509Certificate[] chain() {
            List<X509Certificate> all = new ArrayList<>();
            all.add(certificate);
            all.addAll(issuers);
            return all.toArray(new X509Certificate[0]);
        }

        public PrivateKey privateKey() {
            return keyPair.getPrivate();
        }

        /** PEM of this certificate alone. */
        public String pem() {
            return TestPki.pem(certificate);
        }

        /** The same certificate, key and chain as certmap-pki's type (for its writers and key managers). */
        public IssuedCertificate issued() {
            return new IssuedCertificate(certificate, keyPair.getPrivate(), issuers);
        }

        /** A PKCS12 key store with this key and chain under alias {@code key}. */
        public KeyStore keyStore(char[] password) {
            return KeyStores.withKey("key", issued(), password);
        }

        /** Writes a PKCS12 file with this key and chain. */
        public Path writePkcs12(Path file, char[] password) {
            try {
                return KeyStores.write(keyStore(password), file, password);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A new EC P-256 key pair (fast to make, accepted everywhere). */
    public static KeyPair ecKey() {
        return KeyType.EC_P256.generate();
    }

    /** A new RSA 2048 key pair. */
    public static KeyPair rsaKey() {
        return KeyType.RSA_2048.generate();
    }

    /** A self-signed root CA valid from a day ago for a year. */
    public static Issued rootCa(String subject) {
        return cert().subject(subject).ca(-1).build();
    }

    /** An intermediate CA issued by {@code parent}. */
    public static Issued intermediateCa(Issued parent, String subject) {
        return cert().subject(subject).issuer(parent).ca(0).build();
    }

    /** A client certificate (EKU clientAuth, keyUsage digitalSignature) issued by {@code issuer}. */
    public static Issued client(Issued issuer, String subject) {
        return cert().subject(subject).issuer(issuer).build();
    }

    /** A builder; by default a client certificate, self-signed unless {@link Builder#issuer} is set. */
    public static Builder cert() {
        return new Builder();
    }

    public static String pem(X509Certificate... certificates) {
        return Pem.certificates(certificates);
    }

    /** The base64 of the DER on one line: what IIS wants in its {@code certificate} attribute. */
    public static String base64OneLine(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(encoded(certificate));
    }

    public static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path writePem(Path file, X509Certificate... certificates) {
        try {
            return Files.writeString(file, pem(certificates), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds one certificate. */
    public static final class Builder {
        private X500Name subject = new X500Name("CN=test client");
        private Issued issuer;
        private KeyPair keyPair;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        private BigInteger serial;
        private boolean ca;
        private int pathLen = -1;
        private KeyPurposeId[] eku = {KeyPurposeId.id_kp_clientAuth};
        private Integer keyUsage = KeyUsage.digitalSignature;
        private boolean keyUsageCritical = true;
        private final List<GeneralName> sans = new ArrayList<>();
        private final List<Object[]> extensions = new ArrayList<>();
        private String signatureAlgorithm;
        private byte[] rawSubject;
        private final List<Object[]> rawExtensions = new ArrayList<>();

        /** Subject as a BC string, e.g. {@code "CN=alice,OU=Staff,O=Contoso"} (RFC 4514 order, most specific first). */
        public Builder subject(String dn) {
            this.subject = new X500Name(reverse(dn));
            return this;
        }

        /** Subject built exactly, e.g. with {@link org.bouncycastle.asn1.x500.X500NameBuilder} and chosen string types. */
        public Builder subject(X500Name name) {
            this.subject = name;
            return this;
        }

        public Builder issuer(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public Builder serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        /** Makes a CA (basicConstraints cA=true, keyCertSign|cRLSign, no EKU); pathLen -1 for none. */
        public Builder ca(int pathLen) {
            this.ca = true;
            this.pathLen = pathLen;
            this.eku = null;
            this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
            return this;
        }

        /** Extended key usages; none for no EKU extension at all. */
        public Builder eku(KeyPurposeId... purposes) {
            this.eku = purposes.length == 0 ? null : purposes;
            return this;
        }

        /** Key usage bits (BC {@link KeyUsage} constants); null for no keyUsage extension. */
        public Builder keyUsage(Integer bits, boolean critical) {
            this.keyUsage = bits;
            this.keyUsageCritical = critical;
            return this;
        }

        public Builder san(GeneralName name) {
            sans.add(name);
            return this;
        }

        public Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        public Builder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /**
         * The subject exactly as these DER bytes (a Name: SEQUENCE OF SET OF AttributeTypeAndValue),
         * spliced into the TBSCertificate unparsed, so that names Bouncy Castle would refuse or
         * re-encode (bad string contents, deep nesting, non-string values, any length) can be
         * issued; the certificate is then signed again. Also the issuer when self-signed.
         */
        public Builder rawSubject(byte[] nameDer) {
            this.rawSubject = nameDer.clone();
            return this;
        }

        /** An extension whose extnValue (the contents of the OCTET STRING) is exactly {@code value}. */
        public Builder rawExtension(ASN1ObjectIdentifier oid, boolean critical, byte[] value) {
            rawExtensions.add(new Object[] {oid, critical, value.clone()});
            return this;
        }

        public Issued build() {
            KeyPair keys = keyPair != null ? keyPair : ecKey();
            PrivateKey signer = issuer != null ? issuer.privateKey() : keys.getPrivate();
            CertificateBuilder b = CertificateBuilder.of(ca ? CertificateProfile.CA : CertificateProfile.CLIENT)
                    .keyPair(keys)
                    .validity(notBefore, notAfter)
                    .serial(serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet()))
                    .signatureAlgorithm(signatureAlgorithm != null ? signatureAlgorithm
                            : signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                    .authorityKeyIdentifier(issuer != null)
                    .pathLength(pathLen)
                    .eku(eku != null ? eku : new KeyPurposeId[0]);
            if (!ca) {
                b.withoutBasicConstraints();
            }
            if (keyUsage != null) {
                b.keyUsage(keyUsage, keyUsageCritical);
            } else {
                b.withoutKeyUsage();
            }
            if (rawSubject != null) {
                b.rawSubject(rawSubject);
            } else {
                b.subject(subject);
            }
            if (issuer != null) {
                b.issuer(issuer.issued());
            }
            sans.forEach(b::san);
            for (Object[] e : extensions) {
                b.extension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
            }
            for (Object[] e : rawExtensions) {
                b.rawExtension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (byte[]) e[2]);
            }
            IssuedCertificate made = b.build();
            return new Issued(made.certificate(), keys, made.issuers());
        }
    }

    /** One DER TLV: {@code tag}, the definite length in its shortest form, then the parts. */
    public static byte[] der(int tag, byte[]... parts) {
        return Der.tlv(tag, parts);
    }

    /** The DER of an OBJECT IDENTIFIER. */
    public static byte[] oid(String dotted) {
        return Der.oid(dotted);
    }

    /** An AttributeTypeAndValue of attribute type {@code oid} and a value given as its whole DER. */
    public static byte[] ava(String oid, byte[] valueDer) {
        return der(0x30, oid(oid), valueDer);
    }

    /** A Name from RDNs (each a SET of AVAs), root-most first as in DER. */
    public static byte[] name(byte[]... rdns) {
        return der(0x30, rdns);
    }

    /** A RelativeDistinguishedName of one or more AVAs (a multi-valued RDN when several). */
    public static byte[] rdn(byte[]... avas) {
        return der(0x31, avas);
    }

    /** {@code depth} SEQUENCEs, each holding the next, around {@code innermost}: deeply nested DER. */
    public static byte[] nested(int depth, byte[] innermost) {
        byte[] d = innermost;
        for (int k = 0; k < depth; k++) {
            d = der(0x30, d);
        }
        return d;
    }

    /**
     * BC's {@code X500Name(String)} keeps the order written, and DER order is root-most first, so
     * an RFC 4514 string (most specific first) is reversed to get the encoding people expect.
     */
    private static String reverse(String rfc4514) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < rfc4514.length(); i++) {
            char c = rfc4514.charAt(i);
            if (c == '\\' && i + 1 < rfc4514.length()) {
                cur.append(c).append(rfc4514.charAt(++i));
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i).trim());
            if (i > 0) {
                sb.append(',');
            }
        }
        return sb.toString();
    }

}
