package org.certmap.engine.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * OCSP answers by certificate ({@link OcspCertId} with SHA-1: issuer name and key hash, serial; the
 * nginx stapling cache's key), and the one responder round trip in flight per certificate.
 *
 * <p>Why: DESIGN.md's performance target is one round trip per certificate per cache period, however
 * many requests wait. A verified answer (GOOD, REVOKED, UNKNOWN) is kept until its
 * {@link OcspAnswer#cacheUntil()} (nextUpdate less clockSkew, or cacheTime without nextUpdate); a
 * failure for the back-off period only (30 s), so a broken responder is asked again soon but not
 * per request; a {@link OcspFailure#BACKED_OFF} is not kept at all, the fetcher already answers it.
 *
 * <p>Memory is bounded: at most {@code maxEntries} answers (100,000 by default, a few hundred bytes
 * each), in two generations. New answers go into the young one; when it holds half the cap it
 * becomes the old one and the previous old one is dropped whole; a hit in the old generation moves
 * the answer back to the young one. So recently used answers survive and the cap holds without a
 * per-entry LRU list. A dropped answer only costs a new round trip.
 */
final class OcspCache {

    static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Entry(OcspAnswer answer, Instant until) {
    }

    private final int generationSize;
    private final Duration failureTime;
    private volatile Map<OcspCertId, Entry> young = new ConcurrentHashMap<>();
    private volatile Map<OcspCertId, Entry> old = new ConcurrentHashMap<>();
    private final Map<OcspCertId, CompletableFuture<OcspAnswer>> inFlight = new ConcurrentHashMap<>();

    OcspCache(int maxEntries, Duration failureTime) {
        if (maxEntries < 2) {
            throw new IllegalArgumentException("maxEntries must be at least 2");
        }
        this.generationSize = maxEntries / 2;
        this.failureTime = failureTime;
    }

    /** The kept answer if it is still usable at {@code now}, else null. */
    OcspAnswer get(OcspCertId key, Instant now) {
        Entry e = young.get(key);
        if (e == null) {
            e = old.get(key);
            if (e != null && now.isBefore(e.until)) {
                store(key, e);
            }
        }
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.until)) {
            young.remove(key, e);
            return null;
        }
        return e.answer;
    }

    /** Keeps {@code answer} as long as its kind allows (see the class comment); nothing if not at all. */
    void put(OcspCertId key, OcspAnswer answer, Instant now) {
        Instant until;
        if (answer.status() != OcspAnswer.Status.FAILED) {
            until = answer.cacheUntil();
        } else if (answer.failure() == OcspFailure.BACKED_OFF) {
            return;
        } else {
            until = now.plus(failureTime);
        }
        if (until != null && now.isBefore(until)) {
            store(key, new Entry(answer, until));
        }
    }

    /**
     * The round trip in flight for {@code key}, or a new one from {@code start}; whoever started it
     * has it stored when it ends. {@code start} must return a future that never completes
     * exceptionally.
     */
    CompletableFuture<OcspAnswer> flight(OcspCertId key, Supplier<CompletableFuture<OcspAnswer>> start,
            Supplier<Instant> clock) {
        CompletableFuture<OcspAnswer> mine = new CompletableFuture<>();
        CompletableFuture<OcspAnswer> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        start.get().whenComplete((answer, failure) -> {
            OcspAnswer a = answer != null ? answer : OcspAnswer.failed(OcspFailure.MALFORMED,
                    "internal error: " + (failure == null ? "no answer" : failure.getClass().getSimpleName()), null);
            put(key, a, clock.get());
            inFlight.remove(key, mine);
            mine.complete(a);
        });
        return mine;
    }

    int size() {
        return young.size() + old.size();
    }

    private void store(OcspCertId key, Entry e) {
        Map<OcspCertId, Entry> y = young;
        y.put(key, e);
        if (y.size() >= generationSize) {
            synchronized (this) {
                if (young == y) {
                    old = y;
                    young = new ConcurrentHashMap<>();
                }
            }
        }
    }
}
