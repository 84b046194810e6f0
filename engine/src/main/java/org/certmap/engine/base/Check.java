package org.certmap.engine.base;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One step of an evaluation: a validation check, a mapping that was evaluated, the location or the
 * roles. Typed, not prose: a catalog {@code code} with its arguments, and for a failure the
 * {@link Reason} it gives. The sentence ({@link #detail()}) is rendered from the message catalog
 * only when someone reads it (a log line, {@code certmap explain}), so the request path never
 * formats text it does not show.
 *
 * <p>Arguments are strings, numbers, {@link Instant}s (rendered to the second) and
 * {@link Duration}s (rendered coarsely: "3 days"); never a certificate or other parsed object, so a
 * cached failure keeps nothing of the certificate alive.
 */
public final class Check {

    /** How one step ended. */
    public enum Outcome { PASSED, FAILED, SKIPPED, MATCHED, NOT_MATCHED }

    private final String subject;
    private final Outcome outcome;
    private final Reason reason;
    private final String code;
    private final Object[] args;

    private Check(String subject, Outcome outcome, Reason reason, String code, Object[] args) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.reason = reason;
        this.code = Objects.requireNonNull(code, "code");
        // Not copied: the factories' varargs are a fresh array, and a check is made on every new
        // certificate; args() hands out copies.
        this.args = args;
        for (Object a : this.args) {
            allowed(a);
        }
    }

    /**
     * A part of a sentence that is itself a catalog message ("through 2 intermediate certificates"),
     * so that a check's wording is composed from the catalog too, never concatenated in code.
     */
    public record Phrase(String code, Object... args) {

        public Phrase {
            Objects.requireNonNull(code, "code");
            args = args.clone();
            for (Object a : args) {
                allowed(a);
            }
        }

        public String render() {
            return Messages.format(code, shown(args));
        }
    }

    private static void allowed(Object a) {
        if (a instanceof List<?> list) {
            list.forEach(Check::allowed);
        } else if (a != null && !(a instanceof String || a instanceof Number || a instanceof Instant
                || a instanceof Duration || a instanceof Boolean || a instanceof Enum<?> || a instanceof Phrase)) {
            throw new IllegalArgumentException("check argument of type " + a.getClass().getName()
                    + ": only strings, numbers, instants, durations and phrases");
        }
    }

    private static Object[] shown(Object[] args) {
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = shown(args[i]);
        }
        return shown;
    }

    /** Instants to the second, durations coarsely, phrases from the catalog, lists of phrases joined. */
    private static Object shown(Object a) {
        if (a instanceof Instant t) {
            return instant(t);
        }
        if (a instanceof Duration d) {
            return length(d);
        }
        if (a instanceof Phrase p) {
            return p.render();
        }
        if (a instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            list.forEach(x -> sb.append(shown(x)));
            return sb.toString();
        }
        return a;
    }

    /** This check's wording as a phrase, to quote it inside another sentence (the decision's). */
    public Phrase phrase() {
        return new Phrase(code, args);
    }

    /** A step that did not fail: PASSED, SKIPPED, MATCHED or NOT_MATCHED. */
    public static Check of(String subject, Outcome outcome, String code, Object... args) {
        if (outcome == Outcome.FAILED) {
            throw new IllegalArgumentException("a failed check needs its reason: use failed()");
        }
        return new Check(subject, outcome, null, code, args);
    }

    /** A failed step and the reason it gives (null where the failure only explains, such as names that do not decode). */
    public static Check failed(String subject, Reason reason, String code, Object... args) {
        return new Check(subject, Outcome.FAILED, reason, code, args);
    }

    /**
     * What was checked: {@code location}, {@code source}, {@code trust}, {@code dates},
     * {@code usage}, {@code revocation}, {@code oneToOne}, {@code names}, {@code mapping "name"},
     * {@code roles} or {@code decision}.
     */
    public String subject() {
        return subject;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The reason a FAILED check gives; null for every other outcome. */
    public Reason reason() {
        return reason;
    }

    /** The message catalog key: stable, for tools and tests that must not depend on wording. */
    public String code() {
        return code;
    }

    public List<Object> args() {
        return Arrays.asList(args.clone());
    }

    /** The sentence, from the catalog; never contains secrets or raw certificate data. */
    public String detail() {
        return Messages.format(code, shown(args));
    }

    /** A generous estimate of the heap this check keeps when cached with an outcome. */
    public long retainedBytes() {
        long b = 64 + 16L * args.length;
        for (Object a : args) {
            b += retained(a);
        }
        return b;
    }

    private static long retained(Object a) {
        if (a instanceof String s) {
            return 40 + 2L * s.length();
        }
        if (a instanceof Phrase p) {
            long b = 48;
            for (Object x : p.args()) {
                b += retained(x);
            }
            return b;
        }
        if (a instanceof List<?> list) {
            long b = 48;
            for (Object x : list) {
                b += retained(x);
            }
            return b;
        }
        return 24;
    }

    @Override
    public String toString() {
        return subject + ": " + outcome + " - " + detail();
    }

    /** Second precision, as certificates carry it; never fractions that only add noise. */
    public static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A coarse human length ("1 second", "5 hours", "3 years"): the admin wants to tell "clock skew"
     * from "renew this certificate", not read an exact figure.
     */
    public static String length(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return plural(Math.max(1, seconds), "second");
        }
        if (seconds < 2 * 3600) {
            return plural(seconds / 60, "minute");
        }
        if (seconds < 2 * 86400) {
            return plural(seconds / 3600, "hour");
        }
        long days = seconds / 86400;
        if (days < 2 * 365) {
            return plural(days, "day");
        }
        return plural(days / 365, "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
