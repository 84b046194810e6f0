package org.certmap.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.config.MappingConfig;

/**
 * {@code shadowFile} (issue 14): every request is also decided by a candidate mapping file, which
 * never changes the answer. Where the two differ, the difference is counted per outcome pair and
 * per mapping (JMX) and logged as one line per distinct certificate (at most 10,000 certificates,
 * and 10 lines a second), with both outcomes, so an admin sees what a change would break on real
 * traffic before enforcing it. The shadow has its own decision cache and a log that writes no
 * per-request lines; a shadow file that does not load is reported and ignored.
 */
final class Shadow {

    private static final int MAX_LOGGED = 10_000;
    private static final long LINES_PER_SECOND = 10;

    private final String name;
    private final Path file;
    private final MappingConfig config;
    private final String error;
    private final DecisionCache cache = DecisionCache.configured();
    private final Decider decider;
    private final DecisionLog log;
    private final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byMapping = new ConcurrentHashMap<>();
    private final Set<String> logged = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final AtomicLong second = new AtomicLong();
    private final AtomicLong linesThisSecond = new AtomicLong();

    Shadow(String name, Path file, MappingConfig config, String error, DecisionLog log) {
        this.name = name;
        this.file = file;
        this.config = config;
        this.error = error;
        this.log = log;
        this.decider = new Decider(new DecisionLog(name, true));
    }

    Path file() {
        return file;
    }

    /** Why the shadow file did not load, or null when it is in use. */
    String error() {
        return error;
    }

    /** Decides {@code request} by the shadow file too and records a difference from {@code live}. */
    void compare(CertmapRequest request, boolean mandatory, long now, Decision live) {
        if (config == null) {
            return;
        }
        Decision shadow = decider.decide(config, cache, request, mandatory, now);
        if (same(live, shadow)) {
            return;
        }
        String pair = outcome(live) + " -> " + outcome(shadow);
        byOutcome.computeIfAbsent(pair, k -> new LongAdder()).increment();
        String mapping = (live.mapping() == null ? "-" : live.mapping()) + " -> "
                + (shadow.mapping() == null ? "-" : shadow.mapping());
        byMapping.computeIfAbsent(mapping, k -> new LongAdder()).increment();
        CertificateSummary c = live.certificate() != null ? live.certificate() : shadow.certificate();
        String key = c == null ? "-" : c.sha256();
        if (logged.size() < MAX_LOGGED && logged.add(key) && underRate(now)) {
            log.info("engine.shadowDifference", name, LogText.escape(request.path()), key,
                    c == null ? "-" : c.subject(), LogText.escape(describe(live)), LogText.escape(describe(shadow)));
        }
    }

    private boolean underRate(long now) {
        long s = now / 1000;
        if (second.getAndSet(s) != s) {
            linesThisSecond.set(0);
        }
        return linesThisSecond.incrementAndGet() <= LINES_PER_SECOND;
    }

    private static boolean same(Decision a, Decision b) {
        return a.status() == b.status() && a.reason() == b.reason() && java.util.Objects.equals(a.user(), b.user())
                && a.roles().equals(b.roles());
    }

    private static String outcome(Decision d) {
        return d.reason() == null ? d.status().toString() : d.status() + " " + d.reason();
    }

    private static String describe(Decision d) {
        return d.isAuthenticated() ? "AUTHENTICATED as " + d.user() + " " + d.roles() + " by " + d.mapping()
                : outcome(d) + (d.mapping() == null ? "" : " (mapping " + d.mapping() + ")");
    }

    /** Differences per outcome pair ("AUTHENTICATED -> REFUSED MAPPING_DENIED"), most first. */
    Map<String, Long> differences() {
        return sorted(byOutcome);
    }

    /** Differences per mapping pair ("staff -> no contractors"). */
    Map<String, Long> differencesByMapping() {
        return sorted(byMapping);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> plain = new TreeMap<>();
        counts.forEach((k, v) -> plain.put(k, v.sum()));
        Map<String, Long> out = new LinkedHashMap<>();
        plain.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
