package org.certmap.engine.mapping;

import java.util.Objects;
import java.util.Set;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Reason;

/**
 * The outcome of mapping one certificate: a user (one-to-one or an Allow mapping), a Deny, or
 * nothing. Immutable and cached with the certificate's validation result.
 *
 * @param mapping the many-to-one mapping's name, {@code oneToOne}, or null when nothing matched
 * @param check   the mapping step's outcome: its code and arguments, rendered only when shown
 * @param slot    the mapping's usage slot (see {@code MappingUsage}); -1 for none (the directory)
 */
public record MappingResult(Outcome outcome, String user, Set<String> roles, String mapping, Check check, int slot) {

    public MappingResult(Outcome outcome, String user, Set<String> roles, String mapping, Check check) {
        this(outcome, user, roles, mapping, check, -1);
    }

    /** This result with a usage slot. */
    MappingResult withSlot(int s) {
        return new MappingResult(outcome, user, roles, mapping, check, s);
    }

    /** How mapping ended. */
    public enum Outcome { MAPPED, DENIED, NO_MAPPING, UNAVAILABLE }

    public MappingResult {
        Objects.requireNonNull(outcome, "outcome");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        Objects.requireNonNull(check, "check");
    }

    /** The step's sentence, from the message catalog. */
    public String detail() {
        return check.detail();
    }

    /** A mapped result that counts in usage slot {@code slot}. */
    static MappingResult mappedAt(int slot, String user, Set<String> roles, String mapping, String code, Object... args) {
        return new MappingResult(Outcome.MAPPED, user, roles, mapping,
                Check.of(SUBJECT, Check.Outcome.MATCHED, code, args), slot);
    }

    public static MappingResult mapped(String user, Set<String> roles, String mapping, String code, Object... args) {
        return new MappingResult(Outcome.MAPPED, user, roles, mapping,
                Check.of(SUBJECT, Check.Outcome.MATCHED, code, args));
    }

    public static MappingResult denied(String mapping, String code, Object... args) {
        return new MappingResult(Outcome.DENIED, null, Set.of(), mapping,
                Check.failed(SUBJECT, Reason.MAPPING_DENIED, code, args));
    }

    public static MappingResult none(String mapping, String code, Object... args) {
        return new MappingResult(Outcome.NO_MAPPING, null, Set.of(), mapping,
                Check.failed(SUBJECT, Reason.NO_MAPPING, code, args));
    }

    /** The subject of the mapping step's own check (each many-to-one mapping has {@code mapping "name"}). */
    public static final String SUBJECT = "mapping";

    /** The mapping name reported for a one-to-one match (the request attribute {@code org.certmap.mapping}). */
    public static final String ONE_TO_ONE = "oneToOne";
}
