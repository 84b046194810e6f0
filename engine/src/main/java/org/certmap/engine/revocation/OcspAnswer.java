package org.certmap.engine.revocation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What OCSP said about one certificate, with everything {@code certmap explain} shows (DESIGN.md:
 * each source asked, its answer and age, the producer, and for a revoked certificate the date and
 * reason). Immutable.
 *
 * <p>Only {@link Status#GOOD} and {@link Status#REVOKED} are answers. {@link Status#UNKNOWN} is the
 * responder's verified "unknown" and, like {@link Status#FAILED}, counts as no answer (DESIGN.md,
 * Revocation rules): the other source is asked, then {@code onUnknown} decides.
 */
public final class OcspAnswer {

    public enum Status { GOOD, REVOKED, UNKNOWN, FAILED }

    /** CRLReason names (RFC 5280 §5.3.1) by code; 7 is not used. */
    private static final String[] REASONS = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
        "superseded", "cessationOfOperation", "certificateHold", null, "removeFromCRL", "privilegeWithdrawn",
        "aACompromise"};

    private final Status status;
    private final OcspFailure failure;
    private final String detail;
    private final URI responder;
    private final Instant producedAt;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final String signer;
    private final Instant revocationTime;
    private final int revocationReason;
    private final Instant cacheUntil;

    private OcspAnswer(Status status, OcspFailure failure, String detail, URI responder, Instant producedAt,
            Instant thisUpdate, Instant nextUpdate, String signer, Instant revocationTime, int revocationReason,
            Instant cacheUntil) {
        this.status = status;
        this.failure = failure;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.responder = responder;
        this.producedAt = producedAt;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        this.signer = signer;
        this.revocationTime = revocationTime;
        this.revocationReason = revocationReason;
        this.cacheUntil = cacheUntil;
    }

    static OcspAnswer verified(Status status, URI responder, Instant producedAt, Instant thisUpdate,
            Instant nextUpdate, String signer, Instant revocationTime, int reason, Instant cacheUntil) {
        String detail = switch (status) {
            case GOOD -> "good";
            case REVOKED -> "revoked at " + revocationTime + (reason >= 0 ? " (" + reasonName(reason) + ")" : "");
            default -> "the responder does not know the certificate";
        };
        return new OcspAnswer(status, null, detail, responder, producedAt, thisUpdate, nextUpdate, signer,
                revocationTime, reason, cacheUntil);
    }

    /** A failure; what of the response is known (times, signer) may be given, or null. */
    static OcspAnswer failed(OcspFailure failure, String detail, URI responder, Instant producedAt,
            Instant thisUpdate, Instant nextUpdate, String signer) {
        return new OcspAnswer(Status.FAILED, Objects.requireNonNull(failure, "failure"), detail, responder,
                producedAt, thisUpdate, nextUpdate, signer, null, -1, null);
    }

    static OcspAnswer failed(OcspFailure failure, String detail, URI responder) {
        return failed(failure, detail, responder, null, null, null, null);
    }

    public Status status() {
        return status;
    }

    /** True for GOOD and REVOKED: a verified, current answer about this certificate. */
    public boolean isAnswer() {
        return status == Status.GOOD || status == Status.REVOKED;
    }

    /** Null unless {@link Status#FAILED}. */
    public OcspFailure failure() {
        return failure;
    }

    /** One line for logs and explain: {@code good}, {@code revoked at ...}, or why there is no answer. */
    public String detail() {
        return detail;
    }

    /** The responder asked; null when none was. */
    public URI responder() {
        return responder;
    }

    public Instant producedAt() {
        return producedAt;
    }

    public Instant thisUpdate() {
        return thisUpdate;
    }

    /** Null when the response has none (then it is kept for {@code cacheTime}). */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** The signer's subject (RFC 4514, safe for a log line), when a signer was found. */
    public String signer() {
        return signer;
    }

    /** For REVOKED; else null. */
    public Instant revocationTime() {
        return revocationTime;
    }

    /** The CRLReason code for REVOKED, or -1 when the response gives none. */
    public int revocationReason() {
        return revocationReason;
    }

    /** The reason's RFC 5280 name, {@code "none given"} for -1. */
    public static String reasonName(int code) {
        if (code < 0) {
            return "none given";
        }
        return code < REASONS.length && REASONS[code] != null ? REASONS[code] : "reason " + code;
    }

    /** Until when a verified answer may be reused (nextUpdate less clockSkew, or now + cacheTime); null for FAILED. */
    public Instant cacheUntil() {
        return cacheUntil;
    }

    @Override
    public String toString() {
        return "OcspAnswer[" + (failure != null ? failure + ": " : status + ": ") + detail
                + (responder != null ? ", responder " + UrlText.safe(responder) : "")
                + (thisUpdate != null ? ", thisUpdate " + thisUpdate : "")
                + (nextUpdate != null ? ", nextUpdate " + nextUpdate : "")
                + (signer != null ? ", signed by " + signer : "") + "]";
    }
}
