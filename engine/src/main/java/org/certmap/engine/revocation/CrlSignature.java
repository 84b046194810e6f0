package org.certmap.engine.revocation;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PSSParameterSpec;
import java.util.Set;

import org.certmap.engine.x509.DerReader;
import org.certmap.engine.x509.NameException;

/**
 * The signature algorithms certmap accepts on a CRL, from its AlgorithmIdentifier: RSA PKCS#1 v1.5
 * and ECDSA with SHA-256/384/512 (RFC 4055, RFC 5758), RSASSA-PSS with its parameters (RFC 4055
 * §3.1, hash SHA-256/384/512 only) and Ed25519 (RFC 8410). SHA-1 and MD5 are refused: a CRL is
 * an answer certmap acts on, and a collision would let someone else's signed bytes pass for one.
 */
final class CrlSignature {

    private static final byte[] RSA_SHA256 = CrlDer.oid("1.2.840.113549.1.1.11");
    private static final byte[] RSA_SHA384 = CrlDer.oid("1.2.840.113549.1.1.12");
    private static final byte[] RSA_SHA512 = CrlDer.oid("1.2.840.113549.1.1.13");
    private static final byte[] RSA_PSS = CrlDer.oid("1.2.840.113549.1.1.10");
    private static final byte[] ECDSA_SHA256 = CrlDer.oid("1.2.840.10045.4.3.2");
    private static final byte[] ECDSA_SHA384 = CrlDer.oid("1.2.840.10045.4.3.3");
    private static final byte[] ECDSA_SHA512 = CrlDer.oid("1.2.840.10045.4.3.4");
    private static final byte[] ED25519 = CrlDer.oid("1.3.101.112");
    private static final Set<String> PSS_DIGESTS = Set.of("SHA-256", "SHA-384", "SHA-512");

    private final String jcaName;
    private final PSSParameterSpec pss;

    private CrlSignature(String jcaName, PSSParameterSpec pss) {
        this.jcaName = jcaName;
        this.pss = pss;
    }

    /** Reads an AlgorithmIdentifier and says how to verify with it. */
    static CrlSignature of(DerReader.Element algorithmIdentifier) throws CrlException, NameException {
        DerReader r = algorithmIdentifier.contents();
        DerReader.Element oid = r.read(DerReader.OID, "signature algorithm");
        DerReader.Element params = r.hasMore() ? r.read() : null;
        r.expectEnd("signature algorithm");
        boolean nullOrAbsent = params == null || (params.tag() == CrlDer.NULL && params.length() == 0);
        String name = null;
        if (CrlDer.is(oid, RSA_SHA256)) {
            name = "SHA256withRSA";
        } else if (CrlDer.is(oid, RSA_SHA384)) {
            name = "SHA384withRSA";
        } else if (CrlDer.is(oid, RSA_SHA512)) {
            name = "SHA512withRSA";
        } else if (CrlDer.is(oid, RSA_PSS)) {
            return new CrlSignature("RSASSA-PSS", pss(params));
        } else if (CrlDer.is(oid, ECDSA_SHA256)) {
            name = params == null ? "SHA256withECDSA" : null;
        } else if (CrlDer.is(oid, ECDSA_SHA384)) {
            name = params == null ? "SHA384withECDSA" : null;
        } else if (CrlDer.is(oid, ECDSA_SHA512)) {
            name = params == null ? "SHA512withECDSA" : null;
        } else if (CrlDer.is(oid, ED25519)) {
            name = params == null ? "Ed25519" : null;
        } else {
            throw new CrlException("unsupported signature algorithm " + CrlDer.dotted(oid)
                    + " (certmap accepts RSA, RSASSA-PSS and ECDSA with SHA-256/384/512, and Ed25519)");
        }
        if (name == null || (name.endsWith("RSA") && !nullOrAbsent)) {
            throw new CrlException("does not parse: signature algorithm " + CrlDer.dotted(oid)
                    + " with parameters it does not take");
        }
        return new CrlSignature(name, null);
    }

    private static PSSParameterSpec pss(DerReader.Element params) throws CrlException {
        if (params == null || params.tag() != DerReader.SEQUENCE) {
            throw new CrlException("does not parse: RSASSA-PSS without its parameters");
        }
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("RSASSA-PSS");
            ap.init(params.encoded());
            PSSParameterSpec spec = ap.getParameterSpec(PSSParameterSpec.class);
            if (!PSS_DIGESTS.contains(spec.getDigestAlgorithm())) {
                throw new CrlException("unsupported signature algorithm RSASSA-PSS with " + spec.getDigestAlgorithm()
                        + " (certmap accepts SHA-256/384/512)");
            }
            return spec;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new CrlException("does not parse: RSASSA-PSS parameters: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} verifies {@code signature} over {@code len} bytes of {@code buf} at {@code off}. */
    boolean verifies(PublicKey key, byte[] buf, int off, int len, byte[] signature) {
        try {
            Signature s = Signature.getInstance(jcaName);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initVerify(key);
            s.update(buf, off, len);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A key of another type, or a malformed signature value: this key did not sign it.
            return false;
        }
    }

    @Override
    public String toString() {
        return jcaName;
    }
}
