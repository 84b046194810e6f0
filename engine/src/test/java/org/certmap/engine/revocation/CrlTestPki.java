package org.certmap.engine.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.certmap.testing.TestPki.Issued;

/**
 * CRLs made in the test with certmap-pki's {@link org.certmap.pki.CrlBuilder} (signed by Bouncy
 * Castle's provider, which knows more algorithms than the JDK), and a few made by hand (tampered,
 * re-signed, or large: {@link org.certmap.pki.BulkCrl}) where a builder would not write them or
 * would be too slow.
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
        return org.certmap.pki.Pem.crl(der);
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
            org.certmap.pki.CrlBuilder b = org.certmap.pki.CrlBuilder.of(ca.issued()).times(thisUpdate, nextUpdate)
                    .number(number).authorityKeyIdentifier(authorityKeyId).provider(BC);
            if (issuer != null) {
                b.issuer(issuer);
            }
            for (Object[] e : entries) {
                if (e[3] != null) {
                    b.revoke((BigInteger) e[0], (Instant) e[1], (Extensions) e[3]);
                } else if ((Integer) e[2] >= 0) {
                    b.revoke((BigInteger) e[0], (Instant) e[1], reasonExtension((Integer) e[2]));
                } else {
                    b.revoke((BigInteger) e[0], (Instant) e[1], 0); // no reasonCode
                }
            }
            if (deltaBase != null) {
                b.deltaOf(deltaBase);
            }
            if (idp != null) {
                b.issuingDistributionPoint(idp);
            }
            for (Object[] e : extensions) {
                b.extension((ASN1ObjectIdentifier) e[0], (Boolean) e[1], (ASN1Encodable) e[2]);
            }
            PrivateKey key = signer != null ? signer : ca.privateKey();
            return b.signingKey(key).signatureAlgorithm(algorithm != null ? algorithm
                    : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA").encoded();
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
        return org.certmap.pki.BulkCrl.assemble(ca.issued(), 7, NOW, n,
                i -> first.add(step.multiply(BigInteger.valueOf(i))).toByteArray());
    }

    /** Re-signs a hand-made TBSCertList with the CA's key (SHA256withECDSA) into a CertificateList. */
    static byte[] signTbs(Issued ca, byte[] tbs) {
        return org.certmap.pki.Der.signed(tbs, "SHA256withECDSA", ca.privateKey());
    }

    static byte[] utc(Instant t) {
        String s = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] encode(ASN1Encodable e) {
        return org.certmap.pki.Der.encode(e);
    }
}
