package org.certmap.engine;

import java.util.Objects;
import java.util.Set;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.Messages;
import org.certmap.engine.base.Reason;
import org.certmap.engine.mapping.MappingResult;

/**
 * What certmap decided for one request: one immutable value that every front door turns into
 * exactly one of "not consulted", "anonymous", "logged in" or "refused" (DESIGN.md, decision
 * matrix). The certificate is described only by its SHA-256, subject and issuer: never its data.
 */
public final class Decision {

    /** The four outcomes of the decision matrix. */
    public enum Status {
        /** No location and no constraint cover the path: certmap is not consulted. */
        NOT_COVERED,
        /** Covered, but the request goes on without a user (no certificate, or an accept-only location). */
        ANONYMOUS,
        /** A certificate mapped: log the user in. */
        AUTHENTICATED,
        /** Refused: answer {@link #httpStatus()} with the generic page. */
        REFUSED
    }

    /** Request attribute names (plain strings, so no class is shared across class loaders). */
    public static final String ATTRIBUTE_REASON = "org.certmap.reason";
    public static final String ATTRIBUTE_MAPPING = "org.certmap.mapping";
    public static final String ATTRIBUTE_SHA256 = "org.certmap.certificate.sha256";
    /** {@code good}, {@code revoked} or {@code unknown}; absent when revocation is not configured. */
    public static final String ATTRIBUTE_REVOCATION = "org.certmap.revocation";

    /** The mapping name reported for a one-to-one match. */
    public static final String ONE_TO_ONE = MappingResult.ONE_TO_ONE;

    private static final Decision NOT_COVERED = new Decision(Status.NOT_COVERED, null, null, Set.of(), null, null);

    private final Status status;
    private final Reason reason;
    private final String user;
    private final Set<String> roles;
    private final String mapping;
    private final CertificateSummary certificate;
    private final String revocation;
    /** The mapping's usage slot ({@link MappingUsage}); -1 when none. */
    private final int slot;
    private volatile Object attachment;

    private Decision(Status status, Reason reason, String user, Set<String> roles, String mapping,
            CertificateSummary certificate) {
        this(status, reason, user, roles, mapping, certificate, null);
    }

    private Decision(Status status, Reason reason, String user, Set<String> roles, String mapping,
            CertificateSummary certificate, String revocation) {
        this(status, reason, user, roles, mapping, certificate, revocation, -1);
    }

    private Decision(Status status, Reason reason, String user, Set<String> roles, String mapping,
            CertificateSummary certificate, String revocation, int slot) {
        this.slot = slot;
        this.revocation = revocation;
        this.status = status;
        this.reason = reason;
        this.user = user;
        this.roles = roles;
        this.mapping = mapping;
        this.certificate = certificate;
    }

    public static Decision notCovered() {
        return NOT_COVERED;
    }

    /** Covered, no user; {@code reason} is set when a presented certificate did not map (accept-only location). */
    public static Decision anonymous(Reason reason, String mapping, CertificateSummary certificate) {
        return new Decision(Status.ANONYMOUS, reason, null, Set.of(), mapping, certificate);
    }

    public static Decision authenticated(String user, Set<String> roles, String mapping, CertificateSummary certificate) {
        return new Decision(Status.AUTHENTICATED, null, Objects.requireNonNull(user), Set.copyOf(roles),
                Objects.requireNonNull(mapping), certificate);
    }

    public static Decision refused(Reason reason, String mapping, CertificateSummary certificate) {
        return new Decision(Status.REFUSED, Objects.requireNonNull(reason), null, Set.of(), mapping, certificate);
    }

    public Status status() {
        return status;
    }

    /** Why the request was refused or the certificate did not map; null when logged in or not covered. */
    public Reason reason() {
        return reason;
    }

    /** The mapped user name; null unless {@link Status#AUTHENTICATED}. */
    public String user() {
        return user;
    }

    /** The mapped user's roles from the mapping file (unmodifiable). */
    public Set<String> roles() {
        return roles;
    }

    /** The many-to-one mapping's name, or {@value #ONE_TO_ONE}; null when no mapping decided. */
    public String mapping() {
        return mapping;
    }

    /**
     * This decision with the revocation status its certificate got ({@code good}, {@code revoked},
     * {@code unknown}), for the {@value #ATTRIBUTE_REVOCATION} request attribute; null leaves it
     * absent (revocation not configured, or not asked).
     */
    public Decision withRevocation(String status) {
        if (java.util.Objects.equals(status, revocation) || this == NOT_COVERED) {
            return this;
        }
        return new Decision(this.status, reason, user, roles, mapping, certificate, status, slot);
    }

    /** A login decision that counts for the mapping in {@code slot}: made once per cached certificate outcome. */
    static Decision authenticated(String user, Set<String> roles, String mapping, CertificateSummary certificate,
            String revocation, int slot) {
        return new Decision(Status.AUTHENTICATED, null, Objects.requireNonNull(user), Set.copyOf(roles),
                Objects.requireNonNull(mapping), certificate, revocation, slot);
    }

    int slot() {
        return slot;
    }

    /** The revocation status for {@value #ATTRIBUTE_REVOCATION}, or null. */
    public String revocation() {
        return revocation;
    }

    /**
     * The request attributes every front door sets, plain strings so that no class is shared
     * across class loaders (DESIGN.md, "Validation order and reasons"): {@value #ATTRIBUTE_REASON},
     * {@value #ATTRIBUTE_MAPPING}, {@value #ATTRIBUTE_SHA256} and {@value #ATTRIBUTE_REVOCATION},
     * each only where known. One list, so that a new attribute is added here and nowhere else.
     */
    public java.util.Map<String, String> attributes() {
        java.util.Map<String, String> a = new java.util.LinkedHashMap<>(8);
        if (reason != null) {
            a.put(ATTRIBUTE_REASON, reason.name());
        }
        if (mapping != null) {
            a.put(ATTRIBUTE_MAPPING, mapping);
        }
        if (certificate != null) {
            a.put(ATTRIBUTE_SHA256, certificate.sha256());
        }
        if (revocation != null) {
            a.put(ATTRIBUTE_REVOCATION, revocation);
        }
        return a;
    }

    /**
     * The refusal page's text, the same on every front door: the reason code and its one-line hint
     * where {@code showReason} lets this client see it (see {@code CertmapEngine.showsReason}), else
     * null (the container's generic page for the status). Never names or certificate data.
     */
    public String pageText(boolean showReason) {
        return showReason && reason != null ? reason.name() + ": " + Messages.hint(reason) : null;
    }

    /** The certificate the decision is about, or null when none came. */
    public CertificateSummary certificate() {
        return certificate;
    }

    /**
     * What a front door derives from this decision (its container principal), made once and kept
     * with it. The engine reuses one login decision per cached certificate outcome, so the
     * attachment lives, and is evicted, with that cache entry (whose byte charge includes it): a
     * front door needs no principal map of its own, bounded or not. Two threads may both call
     * {@code make} the first time; one result is kept. {@code make} must return an immutable value
     * of the same type every time.
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment(java.util.function.Function<Decision, T> make) {
        Object a = attachment;
        if (a == null) {
            a = make.apply(this);
            attachment = a;
        }
        return (T) a;
    }

    /**
     * The status a front door answers a refusal with (403, 400 for {@link Reason#MALFORMED_HEADER});
     * 200 for every decision that is not a refusal.
     */
    public int httpStatus() {
        // An anonymous decision may carry the reason a certificate did not map (an accept-only
        // location); the request still goes on, so it is 200, not the reason's refusal status.
        return status == Status.REFUSED ? reason.httpStatus() : 200;
    }

    public boolean isRefused() {
        return status == Status.REFUSED;
    }

    public boolean isAuthenticated() {
        return status == Status.AUTHENTICATED;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Decision[").append(status);
        if (reason != null) {
            sb.append(", reason=").append(reason);
        }
        if (user != null) {
            sb.append(", user=").append(user).append(", roles=").append(roles);
        }
        if (mapping != null) {
            sb.append(", mapping=").append(mapping);
        }
        if (certificate != null) {
            sb.append(", sha256=").append(certificate.sha256());
        }
        return sb.append(']').toString();
    }
}
