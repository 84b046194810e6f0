package org.certmap.engine;

import java.util.Objects;

/**
 * One step of an explanation: a validation check or a mapping that was evaluated.
 *
 * @param subject what was checked: {@code trust}, {@code dates}, {@code usage}, {@code revocation},
 *                {@code oneToOne}, or {@code mapping "name"}
 * @param outcome whether it passed, failed, or was skipped
 * @param detail  a human sentence saying why; never contains secrets or raw certificate data
 */
public record Check(String subject, Outcome outcome, String detail) {

    /** How one step of an explanation ended. */
    public enum Outcome { PASSED, FAILED, SKIPPED, MATCHED, NOT_MATCHED }

    public Check {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public static Check passed(String subject, String detail) {
        return new Check(subject, Outcome.PASSED, detail);
    }

    public static Check failed(String subject, String detail) {
        return new Check(subject, Outcome.FAILED, detail);
    }

    public static Check skipped(String subject, String detail) {
        return new Check(subject, Outcome.SKIPPED, detail);
    }

    @Override
    public String toString() {
        return subject + ": " + outcome + " - " + detail;
    }
}
