package org.certmap.engine.revocation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one fetch: a body, or a {@link HttpFailure} with a detail for logs and
 * {@code certmap explain}. Immutable; the body is never copied on the way out, so callers must not
 * change it (it may be shared by every request that waited for the same fetch).
 */
public final class HttpResult {

    private final URI url;
    private final byte[] body;
    private final HttpFailure failure;
    private final int httpStatus;
    private final String detail;
    private final Instant at;
    private final HttpResult remembered;

    private HttpResult(URI url, byte[] body, HttpFailure failure, int httpStatus, String detail, Instant at,
            HttpResult remembered) {
        this.url = Objects.requireNonNull(url, "url");
        this.body = body;
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.detail = detail;
        this.at = Objects.requireNonNull(at, "at");
        this.remembered = remembered;
    }

    static HttpResult success(URI url, byte[] body, Instant at) {
        return new HttpResult(url, Objects.requireNonNull(body, "body"), null, 200, "", at, null);
    }

    static HttpResult failure(URI url, HttpFailure failure, int httpStatus, String detail, Instant at) {
        return new HttpResult(url, null, Objects.requireNonNull(failure, "failure"), httpStatus,
                Objects.requireNonNull(detail, "detail"), at, null);
    }

    /** A failure answered during back-off: it carries the failure that started the back-off. */
    static HttpResult backedOff(HttpResult remembered, Instant until, Instant now) {
        return new HttpResult(remembered.url, null, HttpFailure.BACKED_OFF, remembered.httpStatus,
                "not retried until " + until + " after " + remembered.failure + ": " + remembered.detail,
                now, remembered);
    }

    /** True when {@link #body()} holds the response body. */
    public boolean ok() {
        return failure == null;
    }

    /** The URL asked (the first one, before any redirect). */
    public URI url() {
        return url;
    }

    /** The body; null for a failure. Shared: do not modify. */
    public byte[] body() {
        return body;
    }

    /** Null for a success. */
    public HttpFailure failure() {
        return failure;
    }

    /** The HTTP status for {@link HttpFailure#HTTP_STATUS} (200 for a success, 0 when none came). */
    public int httpStatus() {
        return httpStatus;
    }

    /** What went wrong, in one line safe for a log (empty for a success). */
    public String detail() {
        return detail;
    }

    /** When the fetch ended (or, for {@link HttpFailure#BACKED_OFF}, when it was refused). */
    public Instant at() {
        return at;
    }

    /** For {@link HttpFailure#BACKED_OFF}: the failure that started the back-off; otherwise null. */
    public HttpResult remembered() {
        return remembered;
    }

    @Override
    public String toString() {
        return ok() ? "HttpResult[" + UrlText.safe(url) + " ok, " + body.length + " bytes]"
                : "HttpResult[" + UrlText.safe(url) + " " + failure + ": " + detail + "]";
    }
}
