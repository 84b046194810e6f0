package org.certmap.engine.mapping;

import java.util.Objects;
import java.util.Set;

/**
 * The outcome of mapping one certificate: a user (one-to-one or an Allow mapping), a Deny, or
 * nothing. Immutable and cached with the certificate's validation result.
 *
 * @param mapping the many-to-one mapping's name, {@code oneToOne}, or null when nothing matched
 * @param detail  one sentence for logs and explanations
 */
public record MappingResult(Outcome outcome, String user, Set<String> roles, String mapping, String detail) {

    /** How mapping ended. */
    public enum Outcome { MAPPED, DENIED, NO_MAPPING }

    public MappingResult {
        Objects.requireNonNull(outcome, "outcome");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        Objects.requireNonNull(detail, "detail");
    }

    static MappingResult mapped(String user, Set<String> roles, String mapping, String detail) {
        return new MappingResult(Outcome.MAPPED, user, roles, mapping, detail);
    }

    static MappingResult denied(String mapping, String detail) {
        return new MappingResult(Outcome.DENIED, null, Set.of(), mapping, detail);
    }

    static MappingResult none(String mapping, String detail) {
        return new MappingResult(Outcome.NO_MAPPING, null, Set.of(), mapping, detail);
    }
}
