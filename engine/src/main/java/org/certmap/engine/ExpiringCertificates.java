package org.certmap.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.base.Check;

/**
 * Certificates that logged someone in and expire soon (within 30 days by default, or
 * {@code -Dorg.certmap.expiringWithinDays}), so an admin renews them before users get
 * {@code CERTIFICATE_EXPIRED}: listed in JMX, and a WARN at most once a day. Fed with each new
 * certificate the engine evaluates (a cache miss), not each request; bounded to the 1,000 seen last.
 */
public final class ExpiringCertificates {

    /** One soon-expiring certificate. */
    public record Expiring(String sha256, String subject, String user, Instant notAfter) {
        @Override
        public String toString() {
            return user + " " + subject + " (sha256 " + sha256 + ") expires " + Check.instant(notAfter);
        }
    }

    private static final int MAX = 1_000;
    private static final long DAY_MILLIS = 86_400_000L;
    private final long withinMillis;
    private final DecisionLog log;
    private final String name;
    private final Map<String, Expiring> seen = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Expiring> eldest) {
            return size() > MAX;
        }
    };
    private long lastWarning = Long.MIN_VALUE;

    ExpiringCertificates(String name, DecisionLog log) {
        this.name = name;
        this.log = log;
        long days = Long.getLong("org.certmap.expiringWithinDays", 30);
        this.withinMillis = Duration.ofDays(Math.max(0, days)).toMillis();
    }

    /** A certificate that logged {@code d}'s user in at {@code now} and is valid until {@code notAfter}. */
    void seen(Decision d, long notAfter, long now) {
        if (!d.isAuthenticated() || d.certificate() == null || notAfter - now > withinMillis) {
            return;
        }
        Expiring e = new Expiring(d.certificate().sha256(), d.certificate().subject(), d.user(),
                Instant.ofEpochMilli(notAfter));
        boolean warn;
        synchronized (this) {
            seen.put(e.sha256(), e);
            warn = now - lastWarning >= DAY_MILLIS;
            if (warn) {
                lastWarning = now;
            }
        }
        if (warn) {
            log.warn("engine.expiringSoon", name, LogText.escape(e.user()), e.subject(), e.sha256(),
                    Check.instant(e.notAfter()), Check.length(Duration.ofMillis(Math.max(0, notAfter - now))));
        }
    }

    /** The soon-expiring certificates seen, the first to expire first. */
    public synchronized List<Expiring> list(long now) {
        List<Expiring> out = new ArrayList<>();
        for (Expiring e : seen.values()) {
            if (e.notAfter().toEpochMilli() >= now) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Expiring::notAfter));
        return out;
    }
}
