package org.certmap.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.certmap.engine.base.Reason;

/**
 * What an engine answered since it started, for JMX: refusals per reason and logins. Kept across
 * reloads (a reload changes the file, not what was answered); {@link LongAdder}s, because every
 * request of every thread adds to them.
 */
final class RequestCounters {

    private final Map<Reason, LongAdder> refusals = new EnumMap<>(Reason.class);
    private final LongAdder authenticated = new LongAdder();

    RequestCounters() {
        for (Reason r : Reason.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    void refused(Reason reason) {
        refusals.get(reason).increment();
    }

    void authenticated() {
        authenticated.increment();
    }

    Map<Reason, Long> refusals() {
        Map<Reason, Long> out = new EnumMap<>(Reason.class);
        refusals.forEach((r, c) -> out.put(r, c.sum()));
        return out;
    }

    long authenticatedCount() {
        return authenticated.sum();
    }
}
