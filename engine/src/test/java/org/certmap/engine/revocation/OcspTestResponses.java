package org.certmap.engine.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.certmap.testing.TestPki;

/** OCSP responses built with Bouncy Castle's builders, for the verifier's and the client's tests. */
final class OcspTestResponses {

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private OcspTestResponses() {
    }

    static DigestCalculator sha1() {
        return digest(CertificateID.HASH_SHA1);
    }

    static DigestCalculator sha256() {
        return digest(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    }

    private static DigestCalculator digest(AlgorithmIdentifier id) {
        try {
            return new JcaDigestCalculatorProviderBuilder().build().get(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Builder response() {
        return new Builder();
    }

    /** One response; by default signed by {@code signer} with its name as responderID, good, now. */
    static final class Builder {
        private X509Certificate signerCertificate;
        private KeyPair signerKey;
        private boolean byKey;
        private X500Name responderName;
        private final List<X509Certificate> certs = new ArrayList<>();
        private final List<Object[]> singles = new ArrayList<>();
        private final List<Extension> extensions = new ArrayList<>();
        private Instant producedAt = Instant.now();
        private String algorithm;
        private boolean corruptSignature;

        Builder signer(TestPki.Issued signer) {
            this.signerCertificate = signer.certificate();
            this.signerKey = signer.keyPair();
            return this;
        }

        /** Signs with {@code key} while the responderID still names {@code signer}'s certificate. */
        Builder signedWith(KeyPair key) {
            this.signerKey = key;
            return this;
        }

        Builder byKey() {
            this.byKey = true;
            return this;
        }

        Builder responderName(String dn) {
            this.responderName = new X500Name(dn);
            return this;
        }

        Builder include(X509Certificate certificate) {
            certs.add(certificate);
            return this;
        }

        Builder algorithm(String jcaName) {
            this.algorithm = jcaName;
            return this;
        }

        Builder producedAt(Instant at) {
            this.producedAt = at;
            return this;
        }

        Builder corruptSignature() {
            this.corruptSignature = true;
            return this;
        }

        /** Adds a SingleResponse for {@code cert}; status null for good. nextUpdate may be null. */
        Builder single(X509Certificate cert, X509Certificate issuer, CertificateStatus status, Instant thisUpdate,
                Instant nextUpdate) {
            return single(cert.getSerialNumber(), issuer, status, thisUpdate, nextUpdate, sha1(), null);
        }

        Builder single(BigInteger serial, X509Certificate issuer, CertificateStatus status, Instant thisUpdate,
                Instant nextUpdate, DigestCalculator digest, Extension extension) {
            singles.add(new Object[] {serial, issuer, status, thisUpdate, nextUpdate, digest, extension});
            return this;
        }

        Builder extension(String oid, boolean critical, byte[] value) {
            extensions.add(new Extension(new ASN1ObjectIdentifier(oid), critical, new DEROctetString(value)));
            return this;
        }

        byte[] build() {
            try {
                RespID id = byKey ? new RespID(new JcaX509CertificateHolder(signerCertificate).getSubjectPublicKeyInfo(), sha1())
                        : new RespID(responderName != null ? responderName
                                : X500Name.getInstance(signerCertificate.getSubjectX500Principal().getEncoded()));
                BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(id);
                for (Object[] s : singles) {
                    CertificateID certId = new JcaCertificateID((DigestCalculator) s[5], (X509Certificate) s[1],
                            (BigInteger) s[0]);
                    Extension ext = (Extension) s[6];
                    b.addResponse(certId, (CertificateStatus) s[2], Date.from((Instant) s[3]),
                            s[4] == null ? null : Date.from((Instant) s[4]),
                            ext == null ? null : new Extensions(ext));
                }
                if (!extensions.isEmpty()) {
                    b.setResponseExtensions(new Extensions(extensions.toArray(new Extension[0])));
                }
                String alg = algorithm != null ? algorithm
                        : signerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                        : signerKey.getPrivate().getAlgorithm().startsWith("Ed") ? "Ed25519"
                        : "SHA256withECDSA";
                X509CertificateHolder[] chain = new X509CertificateHolder[certs.size()];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = new JcaX509CertificateHolder(certs.get(i));
                }
                BasicOCSPResp basic = b.build(new JcaContentSignerBuilder(alg).setProvider(BC).build(signerKey.getPrivate()),
                        chain, Date.from(producedAt));
                byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
                if (corruptSignature) {
                    byte[] sig = basic.getSignature();
                    int at = indexOf(der, sig) + sig.length / 2;
                    der[at] ^= 0x01;
                }
                return der;
            } catch (Exception e) {
                throw new IllegalStateException("could not build the test OCSP response", e);
            }
        }
    }

    static CertificateStatus good() {
        return CertificateStatus.GOOD;
    }

    static CertificateStatus revoked(Instant at, int reason) {
        return reason < 0 ? new RevokedStatus(Date.from(at)) : new RevokedStatus(Date.from(at), reason);
    }

    static CertificateStatus unknown() {
        return new UnknownStatus();
    }

    /** An OCSPResponse with only a responseStatus (tryLater 3, unauthorized 6...). */
    static byte[] status(int status) {
        try {
            return new OCSPResp(new org.bouncycastle.asn1.ocsp.OCSPResponse(
                    new org.bouncycastle.asn1.ocsp.OCSPResponseStatus(status), null)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("signature not found");
    }
}
