package org.certmap.engine.revocation;

import java.time.Instant;

/**
 * What a {@link CrlSet} says about one certificate at one instant: a typed outcome with its
 * arguments, which the caller turns into a check, a log line and {@code explain} output.
 *
 * @param kind           the outcome
 * @param source         the CRL that gave it (the delta for a delta entry, or the stale one);
 *                       its thisUpdate, nextUpdate and number are what {@code explain} shows
 * @param revocationDate for {@link Kind#REVOKED}, the entry's revocationDate; otherwise null
 * @param reasonCode     for {@link Kind#REVOKED}, the entry's reasonCode (-1 when absent); otherwise -1
 * @param detail         for {@link Kind#NOT_COVERED}, {@link Kind#STALE} and {@link Kind#NOT_YET_VALID},
 *                       why, in one line; otherwise null
 */
public record CrlStatus(Kind kind, Crl source, Instant revocationDate, int reasonCode, String detail) {

    /** The outcomes; only GOOD and REVOKED are answers. */
    public enum Kind {
        /** Current, covers the certificate, and does not list it (or a delta lifted its hold). */
        GOOD,
        /** Listed: revoked, or on hold. */
        REVOKED,
        /** A CRL in use is past its nextUpdate by more than the clock skew: no answer. */
        STALE,
        /** A CRL in use has a thisUpdate later than now plus the clock skew: no answer. */
        NOT_YET_VALID,
        /** The CRL is silent about this certificate (another issuer, or its scope excludes it): no answer. */
        NOT_COVERED
    }

    /** Whether this is a verified, current answer (GOOD or REVOKED). */
    public boolean isAnswer() {
        return kind == Kind.GOOD || kind == Kind.REVOKED;
    }

    /** The reason of a REVOKED status; {@link CrlReason#UNSPECIFIED} when its entry had none. */
    public CrlReason reason() {
        return CrlReason.of(reasonCode);
    }
}
