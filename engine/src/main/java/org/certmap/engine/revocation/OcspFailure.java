package org.certmap.engine.revocation;

/**
 * Why an OCSP exchange gave no verified answer. Each counts as "no answer" (DESIGN.md: the other
 * source is asked, then {@code onUnknown} decides): none of them may ever become a pass on its own.
 * The first six are the fetch's ({@link HttpFailure}); the rest are the response's.
 */
public enum OcspFailure {
    UNREACHABLE,
    TIMEOUT,
    TOO_LARGE,
    HTTP_STATUS,
    BACKED_OFF,
    BAD_URL,
    /** Neither the certificate's AIA nor {@code ocspResponder} names an http/https responder. */
    NO_RESPONDER,
    /** Not a well-formed OCSPResponse/BasicOCSPResponse in DER (RFC 6960 §4.2.1), truncated, garbage. */
    MALFORMED,
    /** responseStatus other than successful (RFC 6960 §4.2.1): malformedRequest, tryLater, unauthorized... */
    RESPONDER_STATUS,
    /** The signature does not verify with the signer's key, or its algorithm is not supported. */
    BAD_SIGNATURE,
    /** Signed by a key that may not answer for this CA (RFC 6960 §4.2.2.2), or responderID names no such key. */
    UNAUTHORISED_SIGNER,
    /** No SingleResponse names this certificate's exact CertID (issuer name and key hash, serial). */
    NO_MATCHING_CERTID,
    /** nextUpdate passed (beyond clockSkew), or, without nextUpdate, thisUpdate older than cacheTime. */
    STALE,
    /** thisUpdate or producedAt lies in the future beyond clockSkew. */
    NOT_YET_VALID,
    /** A critical extension certmap does not process (RFC 5280 §4.2: it must then refuse). */
    UNKNOWN_CRITICAL_EXTENSION,
    /** The request carried a nonce and the response echoed a different one (RFC 8954). */
    NONCE_MISMATCH;

    static OcspFailure of(HttpFailure failure) {
        return valueOf(failure.name());
    }
}
