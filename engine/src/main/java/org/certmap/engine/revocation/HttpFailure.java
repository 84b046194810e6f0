package org.certmap.engine.revocation;

/**
 * Why a fetch gave no body. Every kind counts as "no answer" for revocation: the caller fails
 * closed (DESIGN.md invariant 6), never open.
 */
public enum HttpFailure {
    /** No connection, a refused or reset connection, a TLS failure, or the fetcher is closed or busy. */
    UNREACHABLE,
    /** Connect, first byte or a read took longer than {@code timeout}, or the request stopped waiting. */
    TIMEOUT,
    /** The body passed the byte cap ({@code maxResponseBytes}, 64 KB for OCSP); reading stopped there. */
    TOO_LARGE,
    /** The server answered with a status other than 200 ({@link HttpResult#httpStatus()}). */
    HTTP_STATUS,
    /** The URL failed less than the back-off period ago; {@link HttpResult#remembered()} is that failure. */
    BACKED_OFF,
    /** Not an absolute {@code http}/{@code https} URL, or a redirect to another scheme or too many redirects. */
    BAD_URL
}
