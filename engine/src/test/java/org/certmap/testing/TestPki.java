package org.certmap.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made in the test, with Bouncy Castle: root, intermediate and leaf, with any names,
 * SANs, key usages and validity. Tests never depend on checked-in keystores that expire.
 *
 * <pre>{@code
 * Issued ca = TestPki.rootCa("CN=Test Root CA,O=certmap");
 * Issued alice = TestPki.cert().subject("CN=alice,O=Contoso").issuer(ca).build();
 * }</pre>
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private static final SecureRandom RANDOM = new SecureRandom();

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

        /** A PKCS12 key store with this key and chain under alias {@code key}. */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", keyPair.getPrivate(), password, chain());
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes a PKCS12 file with this key and chain. */
        public Path writePkcs12(Path file, char[] password) {
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore(password).store(out, password);
                return file;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A new EC P-256 key pair (fast to make, accepted everywhere). */
    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new RSA 2048 key pair. */
    public static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed root CA valid from a day ago for ten years. */
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
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            sb.append("-----BEGIN CERTIFICATE-----\n");
            sb.append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded(c)));
            sb.append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
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
            try {
                KeyPair keys = keyPair != null ? keyPair : ecKey();
                KeyPair signer = issuer != null ? issuer.keyPair() : keys;
                X500Name subject = rawSubject == null ? this.subject
                        : new X500Name("CN=certmap-raw-subject-" + Long.toHexString(RANDOM.nextLong()));
                X500Name issuerName = issuer != null
                        ? X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded())
                        : subject;
                BigInteger sn = serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet());
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, sn,
                        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
                if (issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                if (ca) {
                    b.addExtension(Extension.basicConstraints, true,
                            pathLen >= 0 ? new BasicConstraints(pathLen) : new BasicConstraints(true));
                }
                if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, keyUsageCritical, new KeyUsage(keyUsage));
                }
                if (eku != null) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                for (Object[] e : extensions) {
                    b.addExtension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
                }
                for (Object[] e : rawExtensions) {
                    b.addExtension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (byte[]) e[2]);
                }
                String alg = signatureAlgorithm != null ? signatureAlgorithm
                        : signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                ContentSigner cs = new JcaContentSignerBuilder(alg).build(signer.getPrivate());
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(cs));
                if (rawSubject != null) {
                    cert = withRawSubject(cert, subject.getEncoded(ASN1Encoding.DER), rawSubject, alg, signer.getPrivate());
                }
                List<X509Certificate> above = new ArrayList<>();
                if (issuer != null) {
                    above.add(issuer.certificate());
                    above.addAll(issuer.issuers());
                }
                return new Issued(cert, keys, List.copyOf(above));
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("could not build test certificate", e);
            }
        }
    }

    /**
     * Replaces the placeholder name in a certificate's TBSCertificate with {@code raw} (subject, and
     * issuer when self-signed) and signs the result again with the same algorithm.
     */
    private static X509Certificate withRawSubject(X509Certificate cert, byte[] placeholder, byte[] raw, String alg,
            PrivateKey signer) throws GeneralSecurityException, IOException {
        byte[] tbs = cert.getTBSCertificate();
        int contentStart = tbs[1] >= 0 ? 2 : 2 + (tbs[1] & 0x7F);
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        int i = contentStart;
        while (i < tbs.length) {
            if (i + placeholder.length <= tbs.length
                    && java.util.Arrays.equals(tbs, i, i + placeholder.length, placeholder, 0, placeholder.length)) {
                content.write(raw);
                i += placeholder.length;
            } else {
                content.write(tbs[i++]);
            }
        }
        byte[] newTbs = der(0x30, content.toByteArray());
        java.security.Signature s = java.security.Signature.getInstance(alg);
        s.initSign(signer);
        s.update(newTbs);
        byte[] signature = s.sign();
        byte[] algorithm = org.bouncycastle.asn1.x509.Certificate.getInstance(cert.getEncoded()).getSignatureAlgorithm()
                .getEncoded(ASN1Encoding.DER);
        byte[] bitString = der(0x03, new byte[] {0}, signature);
        byte[] encoded = der(0x30, newTbs, algorithm, bitString);
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(encoded));
    }

    /** One DER TLV: {@code tag}, the definite length in its shortest form, then the parts. */
    public static byte[] der(int tag, byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int k = bytes - 1; k >= 0; k--) {
                out.write(n >>> (8 * k));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The DER of an OBJECT IDENTIFIER. */
    public static byte[] oid(String dotted) {
        try {
            return new ASN1ObjectIdentifier(dotted).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
