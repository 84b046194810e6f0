package org.certmap.engine.base;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of certmap's evaluation pipeline (location, certificate source, trust, dates, usage,
 * revocation, mapping, roles), collecting what its steps found. The decision and
 * {@code certmap explain} are the same run in two modes, so they cannot disagree (DESIGN.md,
 * "Modules"):
 * <ul>
 * <li>{@linkplain #forDecision() deciding}: a request stops at the first failure, and passed steps
 *     are not even recorded (no check object, no text);</li>
 * <li>{@linkplain #forExplanation() explaining}: every step runs and every check is kept, in order.</li>
 * </ul>
 * Steps ask {@link #stopped()} before doing more work, and {@link #explaining()} before building
 * arguments that only an explanation shows.
 *
 * <p>The run also gathers what the decision cache needs: the latest instant the outcome may be
 * reused ({@link #expiresBy}), which revocation data lowers to its {@code nextUpdate}. Not
 * thread-safe: one run, one thread.
 */
public final class Findings {

    private final boolean explaining;
    private final List<Check> checks;
    private Check failure;
    private long expiresAt = Long.MAX_VALUE;
    private String revocation;
    /** Set by the pipeline before the steps that need it (the decision's clock, or explain's --at). */
    private long at;

    private Findings(boolean explaining) {
        this.explaining = explaining;
        this.checks = explaining ? new ArrayList<>() : List.of();
    }

    /** A run for a request: stops at the first failure, keeps no passed steps. */
    public static Findings forDecision() {
        return new Findings(false);
    }

    /** A run for {@code certmap explain}: every step, every check. */
    public static Findings forExplanation() {
        return new Findings(true);
    }

    public boolean explaining() {
        return explaining;
    }

    /** Whether the run should do no more work: deciding, and a step has failed. */
    public boolean stopped() {
        return !explaining && failure != null;
    }

    /** Whether a step has failed so far. */
    public boolean failed() {
        return failure != null;
    }

    /** Records a step's outcome; the first failure is the run's reason. Passed steps are kept only when explaining. */
    public void add(Check c) {
        if (c.outcome() == Check.Outcome.FAILED && c.reason() != null && failure == null) {
            failure = c;
        }
        if (explaining) {
            checks.add(c);
        }
    }

    /** A step that passed, skipped, matched or did not match; recorded only when explaining. */
    public void note(String subject, Check.Outcome outcome, String code, Object... args) {
        if (explaining) {
            checks.add(Check.of(subject, outcome, code, args));
        }
    }

    public void passed(String subject, String code, Object... args) {
        note(subject, Check.Outcome.PASSED, code, args);
    }

    public void skipped(String subject, String code, Object... args) {
        note(subject, Check.Outcome.SKIPPED, code, args);
    }

    /** A failed step that gives {@code reason} (null: a failure that only explains, such as names that do not decode). */
    public void fail(String subject, Reason reason, String code, Object... args) {
        add(Check.failed(subject, reason, code, args));
    }

    /** The first failure that gave a reason, or null. */
    public Check failure() {
        return failure;
    }

    public Reason reason() {
        return failure == null ? null : failure.reason();
    }

    /** Every check, in order (explaining); empty when deciding. */
    public List<Check> checks() {
        return List.copyOf(checks);
    }

    /** Sets the instant (epoch milliseconds) this run decides at: the engine's clock, or explain's {@code --at}. */
    public void at(long epochMillis) {
        at = epochMillis;
    }

    /** The instant this run decides at. */
    public long at() {
        return at;
    }

    /** Lowers the instant (epoch milliseconds) until which this outcome may be reused. */
    public void expiresBy(long epochMillis) {
        expiresAt = Math.min(expiresAt, epochMillis);
    }

    public long expiresAt() {
        return expiresAt;
    }

    /** The revocation step's summary for the request attribute: {@code good}, {@code revoked} or {@code unknown}. */
    public void revocation(String status) {
        revocation = status;
    }

    /** {@code good}, {@code revoked}, {@code unknown}, or null when revocation was not asked. */
    public String revocation() {
        return revocation;
    }
}
