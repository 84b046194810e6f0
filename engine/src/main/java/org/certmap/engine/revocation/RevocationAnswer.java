package org.certmap.engine.revocation;

import java.time.Instant;
import java.util.Objects;

import org.certmap.engine.base.Check;

/**
 * What one revocation source (a CRL file, a CRL distribution point, an OCSP responder) said about
 * one certificate, in the terms the revocation step needs: a verified GOOD or REVOKED answer, or
 * no answer and why. Typed, like every step's outcome; the words come from the catalog.
 *
 * @param kind       the answer
 * @param source     which source, as a phrase ("CRL file crl/issuing.crl (number 12)")
 * @param revokedAt  for REVOKED, the revocation date; else null
 * @param reason     for REVOKED, the RFC 5280 reason name ({@code unspecified} when none); else null
 * @param thisUpdate the data's thisUpdate, when known
 * @param nextUpdate the data's nextUpdate, when known
 * @param validUntil until when (epoch ms) this answer may be reused; {@link Long#MAX_VALUE} for no limit
 * @param why        for NONE, why there is no answer (one line); else null
 */
public record RevocationAnswer(Kind kind, Check.Phrase source, Instant revokedAt, String reason, Instant thisUpdate,
        Instant nextUpdate, long validUntil, String why) {

    /** GOOD and REVOKED are verified, current answers; NONE is none. */
    public enum Kind { GOOD, REVOKED, NONE }

    public RevocationAnswer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
    }

    static RevocationAnswer none(Check.Phrase source, String why) {
        return new RevocationAnswer(Kind.NONE, source, null, null, null, null, Long.MAX_VALUE, why);
    }

    /** The age phrase explain shows: thisUpdate and nextUpdate, where known. */
    Object age() {
        if (thisUpdate == null) {
            return "";
        }
        return nextUpdate == null ? new Check.Phrase("phrase.revocation.ageOpen", thisUpdate)
                : new Check.Phrase("phrase.revocation.age", thisUpdate, nextUpdate);
    }
}
