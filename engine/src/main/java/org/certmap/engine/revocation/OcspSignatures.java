package org.certmap.engine.revocation;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PSSParameterSpec;
import java.util.Map;

/**
 * Verifies the signature of a BasicOCSPResponse (RFC 6960 §4.2.1) with the JDK's providers. The
 * algorithms are the ones responders use: RSA PKCS#1 v1.5 with SHA-1/256/384/512 ({@code openssl
 * ocsp} signs SHA-256 RSA by default), RSASSA-PSS (its parameters read from the
 * AlgorithmIdentifier), ECDSA with SHA-1/256/384/512, Ed25519 and Ed448. Anything else is a
 * {@link OcspFailure#BAD_SIGNATURE}: an answer certmap cannot verify is no answer.
 */
final class OcspSignatures {

    static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

    private static final Map<String, String> JCA = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.5", "SHA1withRSA"),
            Map.entry("1.2.840.113549.1.1.11", "SHA256withRSA"),
            Map.entry("1.2.840.113549.1.1.12", "SHA384withRSA"),
            Map.entry("1.2.840.113549.1.1.13", "SHA512withRSA"),
            Map.entry(RSASSA_PSS, "RSASSA-PSS"),
            Map.entry("1.2.840.10045.4.1", "SHA1withECDSA"),
            Map.entry("1.2.840.10045.4.3.2", "SHA256withECDSA"),
            Map.entry("1.2.840.10045.4.3.3", "SHA384withECDSA"),
            Map.entry("1.2.840.10045.4.3.4", "SHA512withECDSA"),
            Map.entry("1.3.101.112", "Ed25519"),
            Map.entry("1.3.101.113", "Ed448"));

    /** RSA PKCS#1 v1.5 takes NULL or no parameters; ECDSA and EdDSA take none. */
    private static final byte[] NULL = {OcspDer.NULL, 0};

    private OcspSignatures() {
    }

    /** The JCA name for the signature OID, or null when not supported. */
    static String name(String oid) {
        return JCA.get(oid);
    }

    static void verify(OcspResponse r, PublicKey key) throws OcspException {
        String name = name(r.signatureOid);
        if (name == null) {
            throw new OcspException(OcspFailure.BAD_SIGNATURE, "signature algorithm " + r.signatureOid
                    + " is not supported");
        }
        try {
            Signature s = Signature.getInstance(name);
            if (r.signatureOid.equals(RSASSA_PSS)) {
                if (r.signatureParameters == null) {
                    throw new OcspException(OcspFailure.BAD_SIGNATURE, "RSASSA-PSS without parameters");
                }
                AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
                p.init(r.signatureParameters);
                s.setParameter(p.getParameterSpec(PSSParameterSpec.class));
            } else if (r.signatureParameters != null
                    && !(name.endsWith("withRSA") && java.util.Arrays.equals(r.signatureParameters, NULL))) {
                throw new OcspException(OcspFailure.BAD_SIGNATURE, name + " with unexpected parameters");
            }
            s.initVerify(key);
            s.update(r.tbsResponseData);
            if (!s.verify(r.signature)) {
                throw new OcspException(OcspFailure.BAD_SIGNATURE, name + " signature does not verify");
            }
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new OcspException(OcspFailure.BAD_SIGNATURE, name + " signature cannot be verified with a "
                    + key.getAlgorithm() + " key (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
