package org.certmap.engine.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Directory answers by certificate, for {@code cacheTime}; during an outage, answers up to
 * {@code staleTime} old (DESIGN.md "Directory mappings").
 *
 * <p>Why keyed by the certificate's SHA-256 (and whether its CA is in the trust store): every
 * strong key (issuer and serial, SKI, key hash, the SID it carries) is a function of the
 * certificate's bytes, so one hash stands for all of them, and a different certificate with the
 * same subject never shares an answer. Both found and not-found answers are kept: a flood of
 * unknown certificates must not become a flood of searches.
 *
 * <p>Single flight: one search at a time per key; requests that arrive while it runs wait for its
 * answer (the lookup bounds that wait with {@code timeout} per server). Bounded: two generations of
 * at most {@code maxEntries / 2} each; when the young one is full it becomes the old one and the
 * old one is dropped, so memory stays bounded without a per-hit LRU update, and a repeat hit costs
 * a hash lookup (DESIGN.md "Performance targets": a cached answer costs what a one-to-one hit costs).
 *
 * <p>An outage ({@link LookupResult.Unavailable}) is never cached. When the directory cannot be
 * reached, the last answer for the key serves if it is at most {@code staleTime} old, flagged
 * {@link Answer#stale()} so the caller logs a WARN; otherwise the outage is the answer (503), never a
 * pass (DESIGN.md Invariant 6).
 */
public final class DirectoryCache {

    /** The default bound on cached certificates. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    /**
     * A cache key.
     *
     * @param sha256             the certificate's SHA-256
     * @param issuerInTrustStore whether its CA is in the trust store (it changes which values count)
     */
    public record Key(byte[] sha256, boolean issuerInTrustStore) {
        public Key {
            sha256 = sha256.clone();
        }

        public static Key of(X509Certificate certificate, boolean issuerInTrustStore) {
            try {
                return new Key(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()), issuerInTrustStore);
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new IllegalArgumentException("cannot hash the certificate", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.issuerInTrustStore == issuerInTrustStore && Arrays.equals(k.sha256, sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256) * 31 + (issuerInTrustStore ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Key[" + java.util.HexFormat.of().formatHex(sha256) + ", issuerInTrustStore=" + issuerInTrustStore + "]";
        }
    }

    /**
     * What the cache gives the caller.
     *
     * @param result the lookup result
     * @param stale  true when this is a cached answer served because the directory is unavailable
     * @param age    how old the answer is (zero for a fresh search)
     * @param outage for a stale answer, the outage that made it stale; else null
     */
    public record Answer(LookupResult result, boolean stale, Duration age, LookupResult.Unavailable outage) {
    }

    private record Stored(LookupResult result, Instant at) {
    }

    private final Duration cacheTime;
    private final Duration staleTime;
    private final int generationSize;
    private final Clock clock;
    private volatile ConcurrentHashMap<Key, Stored> young = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<Key, Stored> old = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

    public DirectoryCache(Duration cacheTime, Duration staleTime, int maxEntries, Clock clock) {
        this.cacheTime = Objects.requireNonNull(cacheTime, "cacheTime");
        this.staleTime = Objects.requireNonNull(staleTime, "staleTime");
        if (maxEntries < 2) {
            throw new IllegalArgumentException("maxEntries must be at least 2");
        }
        this.generationSize = maxEntries / 2;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A cache with {@code settings}' times, {@link #DEFAULT_MAX_ENTRIES} and the system clock. */
    public static DirectoryCache of(DirectorySettings settings) {
        return new DirectoryCache(settings.cacheTime(), settings.staleTime(), DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    /**
     * The answer for {@code key}: cached when younger than {@code cacheTime}, else from {@code
     * lookup} (one call at a time per key), else, when that is an outage, a cached answer at most
     * {@code staleTime} old.
     */
    public Answer get(Key key, Supplier<LookupResult> lookup) {
        Stored s = stored(key);
        Instant now = clock.instant();
        if (s != null && Duration.between(s.at, now).compareTo(cacheTime) < 0) {
            return new Answer(s.result, false, Duration.between(s.at, now), null);
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Answer a = load(key, lookup);
            mine.complete(a);
            return a;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Answer load(Key key, Supplier<LookupResult> lookup) {
        // Someone may have stored an answer between our read and taking the flight.
        Stored s = stored(key);
        Instant now = clock.instant();
        if (s != null && Duration.between(s.at, now).compareTo(cacheTime) < 0) {
            return new Answer(s.result, false, Duration.between(s.at, now), null);
        }
        LookupResult r = lookup.get();
        Instant done = clock.instant();
        if (r instanceof LookupResult.Unavailable outage) {
            if (s != null && !staleTime.isZero() && Duration.between(s.at, done).compareTo(staleTime) <= 0) {
                return new Answer(s.result, true, Duration.between(s.at, done), outage);
            }
            return new Answer(r, false, Duration.ZERO, null);
        }
        put(key, new Stored(r, done));
        return new Answer(r, false, Duration.ZERO, null);
    }

    private static Answer join(CompletableFuture<Answer> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a directory search", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }

    private Stored stored(Key key) {
        Stored s = young.get(key);
        return s != null ? s : old.get(key);
    }

    private synchronized void put(Key key, Stored s) {
        if (young.size() >= generationSize) {
            old = young;
            young = new ConcurrentHashMap<>();
        }
        young.put(key, s);
    }

    /** Entries held (both generations; an entry in both counts twice). */
    public int size() {
        return young.size() + old.size();
    }

    /** Forgets every answer (a reload with new settings). */
    public synchronized void clear() {
        young = new ConcurrentHashMap<>();
        old = new ConcurrentHashMap<>();
    }
}
