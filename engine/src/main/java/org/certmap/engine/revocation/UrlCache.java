package org.certmap.engine.revocation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Values fetched from URLs (CRL distribution points) and kept until they expire: URL, bytes, a
 * caller's parser, a value with its expiry (a CRL's nextUpdate). Generic on purpose: the CRL parser
 * lives elsewhere.
 *
 * <p>Why refresh ahead: DESIGN.md wants CRLs "cached until nextUpdate and refreshed in the background
 * before then", so that no request waits for a 45 MB download while a good CRL is at hand. When less
 * than {@code refreshMargin} of a value's life is left (10% by default) the next request starts a
 * background fetch and is answered from the value in force. A failed refresh keeps the old value
 * until it expires and is retried after the back-off. A value that is already past its expiry when
 * parsed (a stale CRL) is kept and returned as not fresh, and fetched again only after the back-off,
 * so a stale 45 MB CRL is not downloaded for every request. One fetch and one parse at a time per
 * URL; a request waits at most the fetcher's {@code timeout}, and a download it stopped waiting for
 * still lands here for the requests after it.
 */
public final class UrlCache<T> {

    public static final double DEFAULT_REFRESH_MARGIN = 0.10;
    /** URLs kept at most; each certificate names one or two, a site's CAs a handful. */
    static final int MAX_URLS = 1_000;

    /** Turns a body into a value with its expiry; any exception is a parse failure (its message a detail). */
    @FunctionalInterface
    public interface Parser<T> {
        Parsed<T> parse(byte[] body) throws Exception;
    }

    /** A parsed value and the instant it stops being current. */
    public record Parsed<T>(T value, Instant expires) {
        public Parsed {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expires, "expires");
        }
    }

    /** What is known about one URL: the value in force, and when to fetch next. */
    private record Entry<T>(T value, Instant expires, Instant fetchedAt, Instant refreshAt, Instant retryAfter,
            HttpFailure failure, String problem) {
    }

    private final HttpFetcher fetcher;
    private final long maxBytes;
    private final Parser<T> parser;
    private final double refreshMargin;
    private final Map<URI, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Map<URI, CompletableFuture<UrlResult<T>>> inFlight = new ConcurrentHashMap<>();

    public UrlCache(HttpFetcher fetcher, long maxBytes, Parser<T> parser) {
        this(fetcher, maxBytes, parser, DEFAULT_REFRESH_MARGIN);
    }

    /** @param refreshMargin the part of a value's life (0 to 1) left when it is refreshed in the background */
    public UrlCache(HttpFetcher fetcher, long maxBytes, Parser<T> parser, double refreshMargin) {
        if (!(refreshMargin >= 0 && refreshMargin < 1)) {
            throw new IllegalArgumentException("refreshMargin must be at least 0 and below 1");
        }
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.maxBytes = maxBytes;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.refreshMargin = refreshMargin;
    }

    /** The value for {@code url}: at once when one is current, else after at most {@code timeout}. */
    public UrlResult<T> get(URI url) {
        Instant now = fetcher.clock().instant();
        Entry<T> e = entries.get(url);
        if (e != null && e.value != null && now.isBefore(e.expires)) {
            if (!now.isBefore(e.refreshAt) && !now.isBefore(e.retryAfter)) {
                fetch(url); // in the background: this request is answered from the value in force
            }
            return result(url, e, now);
        }
        if (e != null && now.isBefore(e.retryAfter)) {
            return result(url, e, now);
        }
        CompletableFuture<UrlResult<T>> f = fetch(url);
        Duration wait = fetcher.timeout();
        try {
            return f.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            return waitedTooLong(url, e, now, "no answer from " + UrlText.safe(url) + " within " + HttpFetcher.text(wait)
                    + " (the fetch goes on in the background)");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return waitedTooLong(url, e, now, "interrupted while waiting for " + UrlText.safe(url));
        } catch (ExecutionException ex) {
            return waitedTooLong(url, e, now, "internal error: " + ex.getCause().getClass().getSimpleName());
        }
    }

    /** How many URLs have an entry. */
    public int size() {
        return entries.size();
    }

    private UrlResult<T> waitedTooLong(URI url, Entry<T> e, Instant now, String detail) {
        return new UrlResult<>(url, e == null ? null : e.value, e == null ? null : e.expires,
                e == null ? null : e.fetchedAt, false, HttpFailure.TIMEOUT, detail);
    }

    /** The fetch in flight for {@code url}, or a new one; it stores what it got before it completes. */
    private CompletableFuture<UrlResult<T>> fetch(URI url) {
        CompletableFuture<UrlResult<T>> mine = new CompletableFuture<>();
        CompletableFuture<UrlResult<T>> running = inFlight.putIfAbsent(url, mine);
        if (running != null) {
            return running;
        }
        fetcher.start(HttpFetcher.Request.get(url, maxBytes)).whenComplete((r, t) -> {
            Instant now = fetcher.clock().instant();
            Entry<T> updated;
            try {
                updated = update(entries.get(url), r, now);
            } catch (RuntimeException | Error ex) {
                updated = failed(entries.get(url), null, "internal error: " + ex.getClass().getSimpleName(), now);
            }
            store(url, updated, now);
            inFlight.remove(url, mine);
            mine.complete(result(url, updated, now));
        });
        return mine;
    }

    private Entry<T> update(Entry<T> old, HttpResult r, Instant now) {
        if (r == null || !r.ok()) {
            return failed(old, r == null ? HttpFailure.UNREACHABLE : r.failure(),
                    r == null ? "fetch failed" : r.detail(), now);
        }
        Parsed<T> parsed;
        try {
            parsed = parser.parse(r.body());
        } catch (Exception ex) {
            return failed(old, null, UrlText.safe(r.url()) + " does not parse: " + UrlText.safe(String.valueOf(ex.getMessage())), now);
        }
        if (parsed == null) {
            return failed(old, null, UrlText.safe(r.url()) + " does not parse: no value", now);
        }
        Instant expires = parsed.expires();
        if (!now.isBefore(expires)) {
            // stale when fetched: keep it (not fresh) and ask again after the back-off, not per request
            return new Entry<>(parsed.value(), expires, now, expires, now.plus(fetcher.backOff()), null, "");
        }
        long lifeMillis = Duration.between(now, expires).toMillis();
        Instant refreshAt = expires.minusMillis((long) (lifeMillis * refreshMargin));
        return new Entry<>(parsed.value(), expires, now, refreshAt, now, null, "");
    }

    /** A failed fetch or parse: the old value stays (until its own expiry) and the URL rests for the back-off. */
    private Entry<T> failed(Entry<T> old, HttpFailure failure, String problem, Instant now) {
        Instant retry = failure == HttpFailure.BACKED_OFF ? now : now.plus(fetcher.backOff());
        if (old == null || old.value == null) {
            return new Entry<>(null, null, null, null, retry, failure, problem);
        }
        return new Entry<>(old.value, old.expires, old.fetchedAt, old.refreshAt, retry, failure, problem);
    }

    private void store(URI url, Entry<T> e, Instant now) {
        if (entries.size() >= MAX_URLS && !entries.containsKey(url)) {
            entries.values().removeIf(x -> x.value == null || !now.isBefore(x.expires));
            if (entries.size() >= MAX_URLS) {
                return; // answered, not kept: a thousand live distribution points is not a real site
            }
        }
        entries.put(url, e);
    }

    private UrlResult<T> result(URI url, Entry<T> e, Instant now) {
        boolean fresh = e.value != null && now.isBefore(e.expires);
        String detail = e.problem != null && !e.problem.isEmpty() ? e.problem
                : fresh ? "" : e.value != null ? UrlText.safe(url) + " expired at " + e.expires : "";
        return new UrlResult<>(url, e.value, e.expires, e.fetchedAt, fresh, e.failure, detail);
    }
}
