package org.certmap.engine.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches CRLs (GET) and OCSP responses (POST {@code application/ocsp-request}, RFC 6960 appendix
 * A.1) for one site root, shared by all its request threads.
 *
 * <p>Why the fetch and the wait are apart: DESIGN.md bounds how long a <em>request</em> waits
 * ({@code timeout}), not how long a download may take, because a 45 MB CRL takes longer than any
 * request should wait and is still worth having. So each fetch runs on a small pool of daemon
 * threads and every caller waits for it at most {@code timeout} ({@link #await}); the fetch goes on
 * up to the download limit and whoever asks next (a cache above, a later request) gets its result.
 *
 * <p>Single flight: one fetch at a time per {@link Request} (the URL, and for a POST its body), so
 * a thousand requests for one certificate make one round trip. Back-off: a failed fetch is
 * remembered for {@code backOff} (30 s by default) and every ask in that time is answered at once
 * with {@link HttpFailure#BACKED_OFF}; a responder that is down or hangs ({@code UNREACHABLE},
 * {@code TIMEOUT}) backs off its whole URL, since it is down for every certificate. The HTTP
 * exchange and its caps (size, time, redirects) are {@link HttpDownload}'s.
 *
 * <p>{@link #close()} when the configuration is replaced or the application undeployed: queued
 * fetches fail at once, running ones stop at their next read.
 */
public final class HttpFetcher implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DOWNLOAD_LIMIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(30);
    public static final int DEFAULT_THREADS = 4;
    /** Redirects followed per fetch, each to the same scheme only. */
    public static final int MAX_REDIRECTS = 3;
    /** Fetches waiting for a thread; beyond this a fetch fails at once as UNREACHABLE (busy). */
    static final int MAX_QUEUED = 256;
    /** Back-off entries kept; past this the expired ones are dropped (then all, if none expired). */
    static final int MAX_BACK_OFF_ENTRIES = 10_000;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Duration timeout;
    private final Duration backOff;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final HttpDownload download;
    private final Map<Request, CompletableFuture<HttpResult>> inFlight = new ConcurrentHashMap<>();
    private final Map<Object, HttpResult> failures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private HttpFetcher(Builder b) {
        this.timeout = b.timeout;
        this.backOff = b.backOff;
        this.clock = b.clock;
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ClassLoader loader = HttpFetcher.class.getClassLoader();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "certmap-fetch-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            // not the caller's (a web application's) loader: a thread must not pin it after undeploy
            t.setContextClassLoader(loader);
            return t;
        };
        this.executor = new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED), factory);
        this.executor.allowCoreThreadTimeOut(true);
        this.download = new HttpDownload(b.timeout, b.downloadLimit, b.clock, () -> closed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The longest a caller waits for a fetch ({@code timeout}); also the connect and read timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** How long a failure is remembered and answered without a new fetch. */
    public Duration backOff() {
        return backOff;
    }

    /** The clock back-off (and the caches above) read. */
    public Clock clock() {
        return clock;
    }

    /** GETs {@code url} and waits at most {@link #timeout()} for it (the fetch may go on). */
    public HttpResult get(URI url, long maxBytes) {
        return await(start(Request.get(url, maxBytes)), url, timeout);
    }

    /** POSTs {@code body} to {@code url} and waits at most {@link #timeout()} for the answer. */
    public HttpResult post(URI url, String contentType, byte[] body, long maxBytes) {
        return await(start(Request.post(url, contentType, body, maxBytes)), url, timeout);
    }

    /**
     * Starts the fetch, or joins the one in flight for an equal request. The future always
     * completes (never exceptionally); already when the URL is bad or backed off.
     */
    public CompletableFuture<HttpResult> start(Request request) {
        Objects.requireNonNull(request, "request");
        Instant now = clock.instant();
        if (closed) {
            return CompletableFuture.completedFuture(HttpResult.failure(request.url(), HttpFailure.UNREACHABLE, 0,
                    "the fetcher is closed", now));
        }
        String bad = badUrl(request.url());
        if (bad != null) {
            return CompletableFuture.completedFuture(HttpResult.failure(request.url(), HttpFailure.BAD_URL, 0, bad, now));
        }
        HttpResult backedOff = backedOff(request, now);
        if (backedOff != null) {
            return CompletableFuture.completedFuture(backedOff);
        }
        CompletableFuture<HttpResult> mine = new CompletableFuture<>();
        CompletableFuture<HttpResult> running = inFlight.putIfAbsent(request, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> run(request, mine));
        } catch (RejectedExecutionException e) {
            inFlight.remove(request, mine);
            mine.complete(HttpResult.failure(request.url(), HttpFailure.UNREACHABLE, 0, closed
                    ? "the fetcher is closed" : "too many fetches at once (" + MAX_QUEUED + " queued)", now));
        }
        return mine;
    }

    /** Waits at most {@code wait} for {@code fetch}; on time-out the fetch itself is not cancelled. */
    public HttpResult await(CompletableFuture<HttpResult> fetch, URI url, Duration wait) {
        try {
            return fetch.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return HttpResult.failure(url, HttpFailure.TIMEOUT, 0, "no answer from " + UrlText.safe(url)
                    + " within " + text(wait) + " (the fetch goes on in the background)", clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResult.failure(url, HttpFailure.TIMEOUT, 0, "interrupted while waiting for "
                    + UrlText.safe(url), clock.instant());
        } catch (ExecutionException e) {
            return HttpResult.failure(url, HttpFailure.UNREACHABLE, 0, "fetch failed: "
                    + e.getCause().getClass().getSimpleName(), clock.instant());
        }
    }

    private void run(Request request, CompletableFuture<HttpResult> mine) {
        HttpResult result;
        try {
            HttpResult backedOff = backedOff(request, clock.instant());
            result = backedOff != null ? backedOff : download.run(request);
            if (!result.ok() && result.failure() != HttpFailure.BACKED_OFF && !closed) {
                remember(request, result);
            }
        } catch (RuntimeException | Error e) {
            result = HttpResult.failure(request.url(), HttpFailure.UNREACHABLE, 0,
                    "internal error: " + e.getClass().getSimpleName(), clock.instant());
        }
        // out of the map first: whoever asks after the result is out starts afresh, never joins a stale one
        inFlight.remove(request, mine);
        mine.complete(result);
    }

    private void remember(Request request, HttpResult failure) {
        if (failures.size() >= MAX_BACK_OFF_ENTRIES) {
            Instant now = clock.instant();
            failures.values().removeIf(f -> !until(f).isAfter(now));
            if (failures.size() >= MAX_BACK_OFF_ENTRIES) {
                failures.clear();
            }
        }
        failures.put(request, failure);
        if (failure.failure() == HttpFailure.UNREACHABLE || failure.failure() == HttpFailure.TIMEOUT) {
            failures.put(urlKey(request.url()), failure);
        }
    }

    private HttpResult backedOff(Request request, Instant now) {
        for (Object key : new Object[] {urlKey(request.url()), request}) {
            HttpResult failure = failures.get(key);
            if (failure != null) {
                Instant until = until(failure);
                if (now.isBefore(until)) {
                    return HttpResult.backedOff(failure, until, now);
                }
                failures.remove(key, failure);
            }
        }
        return null;
    }

    private Instant until(HttpResult failure) {
        return failure.at().plus(backOff);
    }

    /** A URL-wide back-off key, distinct from any {@link Request}. */
    private static String urlKey(URI url) {
        return "url " + url;
    }

    /** Null if {@code url} may be fetched, else why not. */
    static String badUrl(URI url) {
        if (url == null) {
            return "no URL";
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs are fetched, not " + UrlText.safe(url);
        }
        if (url.getHost() == null) {
            return "no host in " + UrlText.safe(url);
        }
        return null;
    }

    /** Stops the threads: queued fetches fail as UNREACHABLE at once, running ones at their next read. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow(); // the queued tasks' futures are in inFlight, completed below
        Instant now = clock.instant();
        for (Map.Entry<Request, CompletableFuture<HttpResult>> e : inFlight.entrySet()) {
            e.getValue().complete(HttpResult.failure(e.getKey().url(), HttpFailure.UNREACHABLE, 0,
                    "the fetcher is closed", now));
        }
        inFlight.clear();
    }

    /** For tests and {@code close}: true once every fetcher thread has ended. */
    boolean awaitTermination(Duration wait) throws InterruptedException {
        return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A duration as people write it in the mapping file: {@code 2s}, {@code 500ms}, {@code 5m}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return (ms / 60_000) + "m";
        }
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /**
     * One fetch: GET when {@code body} is null, else POST of {@code body} as {@code contentType}.
     * Equal requests (same method, URL, body and cap) share one fetch.
     */
    public record Request(URI url, String contentType, byte[] body, long maxBytes) {

        public Request {
            Objects.requireNonNull(url, "url");
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            body = body == null ? null : body.clone();
        }

        public static Request get(URI url, long maxBytes) {
            return new Request(url, null, null, maxBytes);
        }

        public static Request post(URI url, String contentType, byte[] body, long maxBytes) {
            return new Request(url, Objects.requireNonNull(contentType, "contentType"),
                    Objects.requireNonNull(body, "body"), maxBytes);
        }

        @Override
        public byte[] body() {
            return body == null ? null : body.clone();
        }

        byte[] bodyShared() {
            return body;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && r.url.equals(url) && Objects.equals(r.contentType, contentType)
                    && Arrays.equals(r.body, body) && r.maxBytes == maxBytes;
        }

        @Override
        public int hashCode() {
            return url.hashCode() * 31 + Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return (body == null ? "GET " : "POST ") + UrlText.safe(url);
        }
    }

    /** Settings; every one has DESIGN.md's default. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration downloadLimit = DEFAULT_DOWNLOAD_LIMIT;
        private Duration backOff = DEFAULT_BACK_OFF;
        private Clock clock = Clock.systemUTC();
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /** {@code timeout}: the longest a request waits, and the connect and per-read timeout. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** The longest one download may take in the background (default 5 minutes). */
        public Builder downloadLimit(Duration downloadLimit) {
            this.downloadLimit = positive(downloadLimit, "downloadLimit");
            return this;
        }

        /** How long a failure is remembered (default 30 s); zero turns back-off off (tests). */
        public Builder backOff(Duration backOff) {
            if (backOff.isNegative()) {
                throw new IllegalArgumentException("backOff must not be negative");
            }
            this.backOff = backOff;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Fetcher threads (default 4): fetches beyond this many at once wait in a bounded queue. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be 1 to 64");
            }
            this.threads = threads;
            return this;
        }

        public HttpFetcher build() {
            if (downloadLimit.compareTo(timeout) < 0) {
                downloadLimit = timeout;
            }
            return new HttpFetcher(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
