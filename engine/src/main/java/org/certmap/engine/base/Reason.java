package org.certmap.engine.base;

/**
 * Why a request was refused, or why a presented certificate did not log the user in.
 *
 * <p>The names are public contract (DESIGN.md, "Validation order and reasons"): they appear in the
 * request attribute {@code org.certmap.reason}, in the server log, on refusal pages when
 * {@code showReason} is on, and in {@code certmap explain}. Each carries the IIS sub-status it
 * replaces, so that people migrating from IIS can find their old error in the docs.
 */
public enum Reason {
    /** The location says {@code Ssl} and the request is neither secure nor from a trusted proxy. */
    SSL_REQUIRED(403, "403.4"),
    /** A certificate is required and none came. */
    CERTIFICATE_REQUIRED(403, "403.7"),
    /** No valid chain to the trust anchors, or a forwarded certificate without a {@code trustStore}. */
    CERTIFICATE_UNTRUSTED(403, "403.16"),
    /** Expired or not yet valid. */
    CERTIFICATE_EXPIRED(403, "403.17"),
    /** The extended key usage or key usage forbids client authentication. */
    CERTIFICATE_USAGE(403, "403.16"),
    /** A CRL or OCSP response that certmap verified says the certificate, or a CA above it, is revoked. */
    CERTIFICATE_REVOKED(403, "403.13"),
    /**
     * Revocation is configured, no source gave a verified and current answer (responder down, CRL
     * past its nextUpdate, bad signature, too large), and {@code onUnknown="refuse"} (the default).
     */
    REVOCATION_UNKNOWN(403, "403.13"),
    /** A many-to-one mapping with {@code permissionMode="Deny"} matched. */
    MAPPING_DENIED(403, "403.12"),
    /** No mapping matched (or a userName template had zero or several values). */
    NO_MAPPING(403, "401.2"),
    /** Mapped, but the location needs a role the user lacks. */
    ROLE_REQUIRED(403, "403"),
    /** A trusted proxy's certificate header does not parse, is duplicated or is too large. */
    MALFORMED_HEADER(400, "-"),
    /**
     * The mapping needs the directory, no directory server answered in time, and no cached answer
     * is within {@code staleTime}: 503, the server's fault, never a pass.
     */
    DIRECTORY_UNAVAILABLE(503, "-");

    private final int httpStatus;
    private final String iisStatus;

    Reason(int httpStatus, String iisStatus) {
        this.httpStatus = httpStatus;
        this.iisStatus = iisStatus;
    }

    /**
     * The HTTP status a front door answers with (403; 400 and 503 where the fault is not the
     * client's certificate). Never 401: no {@code WWW-Authenticate} scheme
     * exists for TLS client certificates, so a 401 would only confuse clients.
     */
    public int httpStatus() {
        return httpStatus;
    }

    /** The IIS status code this reason corresponds to, for migration docs and logs. */
    public String iisStatus() {
        return iisStatus;
    }

    /** Key of the one-line hint in the message catalog ({@code reason.hint.<NAME>}). */
    public String hintKey() {
        return "reason.hint." + name();
    }
}
