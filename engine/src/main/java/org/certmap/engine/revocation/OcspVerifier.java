package org.certmap.engine.revocation;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.DistinguishedName;
import org.certmap.engine.x509.NameException;

/**
 * Turns the bytes a responder sent into an {@link OcspAnswer}, believing nothing before the
 * signature verified (RFC 6960 §3.2, the client's checks, in this order):
 * <ol>
 *   <li>responseStatus successful, else {@link OcspFailure#RESPONDER_STATUS} with its name;</li>
 *   <li>the signer is authorised (§4.2.2.2): the issuing CA itself; or a certificate in
 *       {@code certs} that the issuing CA issued and signed, with the id-kp-OCSPSigning EKU, valid
 *       now; or the {@code ocspResponderCertificate} trusted directly. The responderID (byName or
 *       byKey) must name that signer;</li>
 *   <li>the signature over tbsResponseData verifies with the signer's key;</li>
 *   <li>no unknown critical extension (RFC 5280 §4.2), and an echoed nonce equals ours;</li>
 *   <li>one SingleResponse carries this certificate's exact CertID, recomputed with the hash
 *       algorithm the response uses; the others are ignored;</li>
 *   <li>it is current (§4.2.2.1), with {@code clockSkew} either way: thisUpdate and producedAt not
 *       in the future, nextUpdate not passed; without nextUpdate, thisUpdate no older than
 *       {@code cacheTime}, so that an old "good" cannot be replayed for ever.</li>
 * </ol>
 * The delegated responder's own revocation status is not checked (id-pkix-ocsp-nocheck is the
 * common case, §4.2.2.2.1): its authority ends with its validity.
 */
final class OcspVerifier {

    static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    private final X509Certificate trustedResponder;
    private final Duration clockSkew;
    private final Duration cacheTime;

    OcspVerifier(X509Certificate trustedResponder, Duration clockSkew, Duration cacheTime) {
        this.trustedResponder = trustedResponder;
        this.clockSkew = clockSkew;
        this.cacheTime = cacheTime;
    }

    /**
     * @param nonceValue the DER of the nonce OCTET STRING that was sent, or null
     */
    OcspAnswer verify(byte[] der, X509Certificate certificate, X509Certificate issuer, URI responder,
            byte[] nonceValue, Instant now) {
        OcspResponse r;
        try {
            r = OcspResponse.parse(der);
        } catch (OcspException e) {
            return OcspAnswer.failed(e.failure(), e.getMessage(), responder);
        }
        if (r.status != 0) {
            return OcspAnswer.failed(OcspFailure.RESPONDER_STATUS, "the responder answered "
                    + OcspResponse.statusName(r.status) + " (" + r.status + ")", responder);
        }
        String signer = null;
        OcspResponse.Single single = null;
        try {
            X509Certificate signerCertificate = signer(r, issuer, now);
            signer = subject(signerCertificate);
            OcspSignatures.verify(r, signerCertificate.getPublicKey());
            checkExtensions(r.extensions, "response");
            checkNonce(r, nonceValue);
            single = find(r, certificate, issuer);
            checkExtensions(single.extensions(), "SingleResponse");
            checkTimes(r, single, now);
        } catch (OcspException e) {
            return OcspAnswer.failed(e.failure(), e.getMessage(), responder, r.producedAt,
                    single == null ? null : single.thisUpdate(), single == null ? null : single.nextUpdate(), signer);
        }
        Instant cacheUntil = single.nextUpdate() != null ? single.nextUpdate().minus(clockSkew) : now.plus(cacheTime);
        OcspAnswer.Status status = switch (single.certStatus()) {
            case 0 -> OcspAnswer.Status.GOOD;
            case 1 -> OcspAnswer.Status.REVOKED;
            default -> OcspAnswer.Status.UNKNOWN;
        };
        return OcspAnswer.verified(status, responder, r.producedAt, single.thisUpdate(), single.nextUpdate(), signer,
                single.revocationTime(), single.revocationReason(), cacheUntil);
    }

    private X509Certificate signer(OcspResponse r, X509Certificate issuer, Instant now) throws OcspException {
        if (trustedResponder != null && names(r, trustedResponder)) {
            return trustedResponder;
        }
        if (names(r, issuer)) {
            return issuer;
        }
        for (X509Certificate c : r.certs) {
            if (names(r, c)) {
                checkDelegated(c, issuer, now);
                return c;
            }
        }
        throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, "the responderID (" + describeId(r)
                + ") is neither the issuing CA, nor a certificate in the response"
                + (trustedResponder != null ? ", nor the configured ocspResponderCertificate" : ""));
    }

    /** §4.2.2.2: issued by the CA that issued the certificate in question, with id-kp-OCSPSigning. */
    private void checkDelegated(X509Certificate c, X509Certificate issuer, Instant now) throws OcspException {
        String who = "delegated responder " + subject(c);
        try {
            if (!Arrays.equals(CertificateNames.encodedSubjectAndIssuer(c)[1],
                    CertificateNames.encodedSubjectAndIssuer(issuer)[0])) {
                throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who + " was not issued by the issuing CA "
                        + subject(issuer));
            }
        } catch (NameException e) {
            throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who + ": names cannot be read", e);
        }
        try {
            c.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who + " is not signed by the issuing CA's key", e);
        }
        List<String> eku;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who + ": its EKU cannot be read", e);
        }
        if (eku == null || !eku.contains(OCSP_SIGNING)) {
            throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who
                    + " has no OCSP-signing EKU (1.3.6.1.5.5.7.3.9)");
        }
        Instant notBefore = c.getNotBefore().toInstant();
        Instant notAfter = c.getNotAfter().toInstant();
        if (now.plus(clockSkew).isBefore(notBefore) || now.minus(clockSkew).isAfter(notAfter)) {
            throw new OcspException(OcspFailure.UNAUTHORISED_SIGNER, who + " is not valid now (valid from "
                    + notBefore + " to " + notAfter + ")");
        }
    }

    /** Whether the responderID names {@code c}: byName as the exact or an equal Name, byKey by SHA-1. */
    private static boolean names(OcspResponse r, X509Certificate c) {
        try {
            if (r.responderKeyHash != null) {
                return Arrays.equals(r.responderKeyHash, OcspDer.digest("SHA-1", OcspDer.keyBits(c.getPublicKey())));
            }
            byte[] subject = CertificateNames.encodedSubjectAndIssuer(c)[0];
            return Arrays.equals(subject, r.responderName)
                    || DistinguishedName.decode(subject).equals(DistinguishedName.decode(r.responderName));
        } catch (NameException e) {
            return false;
        }
    }

    private static void checkExtensions(List<OcspResponse.Extension> extensions, String where) throws OcspException {
        for (OcspResponse.Extension e : extensions) {
            if (e.critical() && !e.oid().equals(OcspRequest.NONCE_OID)) {
                throw new OcspException(OcspFailure.UNKNOWN_CRITICAL_EXTENSION, "the " + where
                        + " has the critical extension " + e.oid() + ", which certmap does not process");
            }
        }
    }

    /** RFC 8954 §2.1: a nonce, when echoed, must be ours; a responder may leave it out. */
    private static void checkNonce(OcspResponse r, byte[] nonceValue) throws OcspException {
        if (nonceValue == null) {
            return;
        }
        for (OcspResponse.Extension e : r.extensions) {
            if (e.oid().equals(OcspRequest.NONCE_OID) && !Arrays.equals(e.value(), nonceValue)) {
                throw new OcspException(OcspFailure.NONCE_MISMATCH, "the response's nonce is not the one sent");
            }
        }
    }

    /** The SingleResponse for exactly this certificate's CertID, in whichever hash the response used. */
    private static OcspResponse.Single find(OcspResponse r, X509Certificate certificate, X509Certificate issuer)
            throws OcspException {
        Map<String, OcspCertId> ids = new HashMap<>();
        byte[] issuerSubjectHashInput;
        try {
            issuerSubjectHashInput = CertificateNames.encodedSubjectAndIssuer(issuer)[0];
        } catch (NameException e) {
            throw new OcspException(OcspFailure.MALFORMED, "the issuer's name cannot be read", e);
        }
        for (OcspResponse.Single s : r.responses) {
            String hash = OcspCertId.HASHES.get(s.hashOid());
            if (hash == null || !s.serial().equals(certificate.getSerialNumber())) {
                continue;
            }
            OcspCertId id = ids.get(hash);
            if (id == null) {
                id = OcspCertId.of(certificate, issuer, hash);
                ids.put(hash, id);
            }
            // the certificate's issuer field (RFC 6960 §4.1.1), or the CA's subject as openssl hashes it
            boolean nameMatches = Arrays.equals(s.nameHash(), id.issuerNameHash())
                    || Arrays.equals(s.nameHash(), OcspDer.digest(hash, issuerSubjectHashInput));
            if (nameMatches && Arrays.equals(s.keyHash(), id.issuerKeyHash())) {
                return s;
            }
        }
        throw new OcspException(OcspFailure.NO_MATCHING_CERTID, "none of the " + r.responses.size()
                + " SingleResponses names serial " + certificate.getSerialNumber().toString(16)
                + " of this issuer");
    }

    private void checkTimes(OcspResponse r, OcspResponse.Single s, Instant now) throws OcspException {
        Instant late = now.plus(clockSkew);
        if (s.thisUpdate().isAfter(late)) {
            throw new OcspException(OcspFailure.NOT_YET_VALID, "thisUpdate " + s.thisUpdate()
                    + " is in the future (beyond clockSkew " + HttpFetcher.text(clockSkew) + ")");
        }
        if (r.producedAt.isAfter(late)) {
            throw new OcspException(OcspFailure.NOT_YET_VALID, "producedAt " + r.producedAt
                    + " is in the future (beyond clockSkew " + HttpFetcher.text(clockSkew) + ")");
        }
        if (s.nextUpdate() != null) {
            if (s.nextUpdate().isBefore(s.thisUpdate())) {
                throw new OcspException(OcspFailure.MALFORMED, "nextUpdate " + s.nextUpdate()
                        + " is before thisUpdate " + s.thisUpdate());
            }
            if (s.nextUpdate().isBefore(now.minus(clockSkew))) {
                throw new OcspException(OcspFailure.STALE, "nextUpdate " + s.nextUpdate()
                        + " has passed (beyond clockSkew " + HttpFetcher.text(clockSkew) + ")");
            }
        } else if (s.thisUpdate().isBefore(now.minus(cacheTime).minus(clockSkew))) {
            throw new OcspException(OcspFailure.STALE, "thisUpdate " + s.thisUpdate()
                    + " is older than cacheTime " + HttpFetcher.text(cacheTime) + " and there is no nextUpdate");
        }
    }

    private static String describeId(OcspResponse r) {
        if (r.responderKeyHash != null) {
            return "byKey " + java.util.HexFormat.of().formatHex(r.responderKeyHash);
        }
        try {
            return "byName " + DistinguishedName.decode(r.responderName);
        } catch (NameException e) {
            return "byName, unreadable";
        }
    }

    static String subject(X509Certificate c) {
        try {
            return DistinguishedName.decode(CertificateNames.encodedSubjectAndIssuer(c)[0]).toString();
        } catch (NameException e) {
            return "(unreadable name)";
        }
    }
}
