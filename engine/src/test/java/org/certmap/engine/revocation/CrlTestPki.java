package org.certmap.engine.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/**
 * CRLs made in the test with Bouncy Castle's {@link X509v2CRLBuilder}, and a few made by hand
 * (tampered, re-signed, or large) where BC would not write them or would be too slow.
 */
final class CrlTestPki {

    static final Instant NOW = Instant.now();
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private CrlTestPki() {
    }

    static Builder crl(Issued ca) {
        return new Builder(ca);
    }

    static String pem(byte[] der) {
        return "-----BEGIN X509 CRL-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END X509 CRL-----\n";
    }

    /** Builds one CRL. Defaults: thisUpdate an hour ago, nextUpdate in a day, cRLNumber 1, AKI of the CA. */
    static final class Builder {
        private final Issued ca;
        private X500Name issuer;
        private Instant thisUpdate = NOW.minus(Duration.ofHours(1));
        private Instant nextUpdate = NOW.plus(Duration.ofDays(1));
        private BigInteger number = BigInteger.ONE;
        private BigInteger deltaBase;
        private IssuingDistributionPoint idp;
        private String algorithm;
        private PrivateKey signer;
        private boolean authorityKeyId = true;
        private final List<Object[]> entries = new ArrayList<>();
        private final List<Object[]> extensions = new ArrayList<>();

        private Builder(Issued ca) {
            this.ca = ca;
        }

        Builder revoke(BigInteger serial, Instant date, int reason) {
            entries.add(new Object[] {serial, date, reason, null});
            return this;
        }

        Builder revoke(BigInteger serial, int reason) {
            return revoke(serial, NOW.minus(Duration.ofHours(2)), reason);
        }

        Builder revoke(long serial, int reason) {
            return revoke(BigInteger.valueOf(serial), reason);
        }

        /** An entry with its own extensions, e.g. certificateIssuer or an unknown critical one. */
        Builder revokeWith(BigInteger serial, Extensions entryExtensions) {
            entries.add(new Object[] {serial, NOW.minus(Duration.ofHours(2)), -1, entryExtensions});
            return this;
        }

        Builder times(Instant thisUpdate, Instant nextUpdate) {
            this.thisUpdate = thisUpdate;
            this.nextUpdate = nextUpdate;
            return this;
        }

        Builder number(BigInteger number) {
            this.number = number;
            return this;
        }

        Builder number(long number) {
            return number(BigInteger.valueOf(number));
        }

        Builder noNumber() {
            this.number = null;
            return this;
        }

        Builder delta(long baseNumber) {
            this.deltaBase = BigInteger.valueOf(baseNumber);
            return this;
        }

        Builder idp(IssuingDistributionPoint idp) {
            this.idp = idp;
            return this;
        }

        Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** Signs with another key than the CA's (a forgery in the CA's name). */
        Builder signedBy(KeyPair keys) {
            this.signer = keys.getPrivate();
            return this;
        }

        Builder issuer(String rfc4514) {
            this.issuer = new X500Name(rfc4514);
            return this;
        }

        Builder withoutAuthorityKeyId() {
            this.authorityKeyId = false;
            return this;
        }

        byte[] build() {
            try {
                X500Name name = issuer != null ? issuer
                        : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
                X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
                if (nextUpdate != null) {
                    b.setNextUpdate(Date.from(nextUpdate));
                }
                for (Object[] e : entries) {
                    if (e[3] != null) {
                        b.addCRLEntry((BigInteger) e[0], Date.from((Instant) e[1]), (Extensions) e[3]);
                    } else if ((Integer) e[2] >= 0) {
                        b.addCRLEntry((BigInteger) e[0], Date.from((Instant) e[1]), reasonExtension((Integer) e[2]));
                    } else {
                        // BC writes no reasonCode for reason 0.
                        b.addCRLEntry((BigInteger) e[0], Date.from((Instant) e[1]), 0);
                    }
                }
                if (authorityKeyId) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
                }
                if (number != null) {
                    b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
                }
                if (deltaBase != null) {
                    b.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(deltaBase));
                }
                if (idp != null) {
                    b.addExtension(Extension.issuingDistributionPoint, true, idp);
                }
                for (Object[] e : extensions) {
                    b.addExtension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
                }
                PrivateKey key = signer != null ? signer : ca.privateKey();
                String alg = algorithm != null ? algorithm
                        : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                ContentSigner cs = new JcaContentSignerBuilder(alg).setProvider(BC).build(key);
                return b.build(cs).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException("could not build test CRL", e);
            }
        }
    }

    static Extensions entryExtension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            ExtensionsGenerator g = new ExtensionsGenerator();
            g.addExtension(oid, critical, value);
            return g.generate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Extensions reasonExtension(int reason) {
        return entryExtension(Extension.reasonCode, false, CRLReason.lookup(reason));
    }

    /** The CRL with its outer signatureAlgorithm replaced (the TBS and signature unchanged). */
    static byte[] withOuterAlgorithm(byte[] crl, AlgorithmIdentifier algorithm) {
        CertificateList list = CertificateList.getInstance(crl);
        return encode(new DERSequence(new ASN1Encodable[] {list.getTBSCertList(), algorithm, list.getSignature()}));
    }

    /**
     * A CRL assembled by hand: {@code n} entries with serials {@code first, first+step, ...} (in
     * that order), revocation date {@code NOW - 1 day}, every third with reasonCode keyCompromise;
     * signed with SHA256withECDSA or SHA256withRSA by {@code ca}. Fast enough for a million entries.
     */
    static byte[] large(Issued ca, int n, BigInteger first, BigInteger step) {
        try {
            byte[] date = TestPki.der(0x17, utc(NOW.minus(Duration.ofDays(1))));
            byte[] reasonExt = encode(new DERSequence(new DERSequence(new ASN1Encodable[] {Extension.reasonCode,
                new DEROctetString(CRLReason.lookup(CRLReason.keyCompromise))})));
            java.io.ByteArrayOutputStream entries = new java.io.ByteArrayOutputStream(n * 40);
            BigInteger s = first;
            for (int i = 0; i < n; i++) {
                byte[] serial = TestPki.der(0x02, s.toByteArray());
                entries.writeBytes(i % 3 == 0 ? TestPki.der(0x30, serial, date, reasonExt) : TestPki.der(0x30, serial, date));
                s = s.add(step);
            }
            boolean rsa = ca.privateKey().getAlgorithm().equals("RSA");
            String alg = rsa ? "SHA256withRSA" : "SHA256withECDSA";
            AlgorithmIdentifier algId = new org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder().find(alg);
            ASN1EncodableVector exts = new ASN1EncodableVector();
            exts.add(new Extension(Extension.cRLNumber, false, new DEROctetString(new ASN1Integer(7))));
            byte[] tbs = TestPki.der(0x30,
                    TestPki.der(0x02, new byte[] {1}),
                    encode(algId),
                    ca.certificate().getSubjectX500Principal().getEncoded(),
                    TestPki.der(0x17, utc(NOW.minus(Duration.ofHours(1)))),
                    TestPki.der(0x17, utc(NOW.plus(Duration.ofDays(1)))),
                    TestPki.der(0x30, entries.toByteArray()),
                    TestPki.der(0xA0, encode(new DERSequence(exts))));
            Signature sig = Signature.getInstance(alg);
            sig.initSign(ca.privateKey());
            sig.update(tbs);
            byte[] value = sig.sign();
            byte[] bits = new byte[value.length + 1];
            System.arraycopy(value, 0, bits, 1, value.length);
            return TestPki.der(0x30, tbs, encode(algId), TestPki.der(0x03, bits));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Re-signs a hand-made TBSCertList with the CA's key (SHA256withECDSA) into a CertificateList. */
    static byte[] signTbs(Issued ca, byte[] tbs) {
        try {
            AlgorithmIdentifier algId = new org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder()
                    .find("SHA256withECDSA");
            Signature sig = Signature.getInstance("SHA256withECDSA");
            sig.initSign(ca.privateKey());
            sig.update(tbs);
            byte[] value = sig.sign();
            byte[] bits = new byte[value.length + 1];
            System.arraycopy(value, 0, bits, 1, value.length);
            return TestPki.der(0x30, tbs, encode(algId), TestPki.der(0x03, bits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utc(Instant t) {
        String s = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] encode(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
