package org.certmap.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.certmap.engine.base.Check;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.Mapper;
import org.certmap.engine.mapping.OneToOneMapping;

/**
 * How often each mapping of one loaded file logged someone in, and when last (issue 14: an admin
 * asks which mappings are used, which were never hit since the load, and how often weak name-rule
 * mappings still decide). Counted on every logged-in request, cache hits included, in two primitive
 * arrays indexed by the mapping's slot (one-to-one entries first, then many-to-one in document
 * order): 16 bytes per mapping, never an object per mapping, so a million mappings cost 16 MB.
 * Counts start at zero with each load.
 */
public final class MappingUsage {

    /** One mapping's use. */
    public record Use(String mapping, int line, String user, boolean weak, long hits, Instant lastHit) {
        @Override
        public String toString() {
            return "line " + line + " " + mapping + " (user " + user + (weak ? ", weak" : "") + "): " + hits
                    + " hit(s)" + (lastHit == null ? "" : ", last " + Check.instant(lastHit));
        }
    }

    private final Mapper mapper;
    private final AtomicLongArray hits;
    private final AtomicLongArray last;

    MappingUsage(Mapper mapper) {
        this.mapper = mapper;
        int slots = mapper.oneToOneSlots() + mapper.manyToOne().size();
        this.hits = new AtomicLongArray(slots);
        this.last = new AtomicLongArray(slots);
    }

    void hit(int slot, long nowMillis) {
        if (slot >= 0 && slot < hits.length()) {
            hits.incrementAndGet(slot);
            last.lazySet(slot, nowMillis);
        }
    }

    /** The {@code n} mappings with the most hits, most first. */
    public List<Use> top(int n) {
        List<Use> all = new ArrayList<>();
        each(u -> {
            if (u.hits() > 0) {
                all.add(u);
            }
        });
        all.sort(Comparator.comparingLong(Use::hits).reversed().thenComparingInt(Use::line));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** Enabled mappings that no request used since the load, by line (at most {@code limit}). */
    public List<Use> neverHit(int limit) {
        List<Use> out = new ArrayList<>();
        each(u -> {
            if (u.hits() == 0) {
                out.add(u);
            }
        });
        out.sort(Comparator.comparingInt(Use::line));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    /** How many enabled mappings no request used since the load. */
    public long neverHitCount() {
        long[] n = {0};
        each(u -> n[0] += u.hits() == 0 ? 1 : 0);
        return n[0];
    }

    /** Logins by weak (name-rule, many-to-one) mappings since the load: what KB5014754 asks to phase out. */
    public long weakHits() {
        long sum = 0;
        for (int i = mapper.oneToOneSlots(); i < hits.length(); i++) {
            sum += hits.get(i);
        }
        return sum;
    }

    /** Logins by strong (one-to-one) mappings since the load. */
    public long strongHits() {
        long sum = 0;
        for (int i = 0; i < mapper.oneToOneSlots(); i++) {
            sum += hits.get(i);
        }
        return sum;
    }

    private void each(java.util.function.Consumer<Use> action) {
        mapper.oneToOne().forEach(m -> {
            if (m.enabled() && m.index() >= 0) {
                action.accept(use(m));
            }
        });
        for (ManyToOneMapping m : mapper.manyToOne()) {
            if (m.enabled() && !m.deny()) {
                int slot = mapper.slot(m);
                action.accept(new Use("\"" + m.name() + "\"", m.line(), String.valueOf(m.userName()), true,
                        hits.get(slot), at(slot)));
            }
        }
    }

    private Use use(OneToOneMapping m) {
        return new Use(m.kind().attribute(), m.line(), m.userName(), false, hits.get(m.index()), at(m.index()));
    }

    private Instant at(int slot) {
        long t = last.get(slot);
        return t == 0 ? null : Instant.ofEpochMilli(t);
    }
}
