package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.certmap.engine.revocation.HttpTestSupport.Server;
import org.certmap.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "CRL" here is text {@code value;expiresEpochSecond}: the cache does not care what it holds. */
class UrlCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private Server server;
    private HttpFetcher fetcher;
    private final MovableClock clock = new MovableClock(T0);
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile long delayMillis;
    /** When set, the server holds its answer (sending a space now and then) until the test opens it. */
    private volatile CountDownLatch gate;
    private AtomicInteger hits;
    private URI url;

    @BeforeEach
    void start() throws IOException {
        server = new Server();
        hits = server.handle("/issuing.crl", e -> {
            byte[] b = body.get().getBytes(StandardCharsets.US_ASCII);
            e.sendResponseHeaders(status.get(), 0); // chunked: the first byte comes at once
            try (OutputStream out = e.getResponseBody()) {
                for (long waited = 0; waited < delayMillis; waited += 100) {
                    out.write(' '); // a slow download, never silent long enough for a read to time out
                    out.flush();
                    sleep(100);
                }
                CountDownLatch g = gate;
                while (g != null && !awaitQuietly(g, 100)) {
                    out.write(' ');
                    out.flush();
                }
                out.write(b);
            }
        });
        url = server.url("/issuing.crl");
        fetcher = HttpFetcher.builder().timeout(Duration.ofMillis(800)).clock(clock).build();
    }

    @AfterEach
    void stop() {
        CountDownLatch g = gate;
        if (g != null) {
            g.countDown();
        }
        fetcher.close();
        server.close();
    }

    private static UrlCache.Parsed<String> parse(byte[] b) {
        String[] parts = new String(b, StandardCharsets.US_ASCII).trim().split(";");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a test CRL");
        }
        return new UrlCache.Parsed<>(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])));
    }

    private UrlCache<String> cache() {
        return new UrlCache<>(fetcher, 1_000_000, UrlCacheTest::parse);
    }

    private void serve(String value, Duration life) {
        body.set(value + ";" + clock.instant().plus(life).getEpochSecond());
    }

    @Test
    void getWhenFirstAskedThenFetchedAndKeptUntilExpiry() {
        serve("v1", Duration.ofHours(10));
        UrlCache<String> cache = cache();
        UrlResult<String> r = cache.get(url);
        assertThat(r.value()).isEqualTo("v1");
        assertThat(r.fresh()).isTrue();
        assertThat(r.failure()).isNull();
        assertThat(r.detail()).isEmpty();
        assertThat(r.expires()).isEqualTo(T0.plus(Duration.ofHours(10)));
        clock.advance(Duration.ofHours(8));
        assertThat(cache.get(url).value()).isEqualTo("v1");
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void getWhenLessThanTenPercentOfLifeLeftThenRefreshedInTheBackgroundWithoutWaiting() throws Exception {
        serve("v1", Duration.ofHours(10));
        UrlCache<String> cache = cache();
        cache.get(url);
        clock.advance(Duration.ofHours(9).plusMinutes(1));
        serve("v2", Duration.ofHours(10));
        gate = new CountDownLatch(1);
        // The refresh cannot finish until the gate opens: a get that waited for it would hang (the
        // guard stops that), so answering at all proves it did not wait.
        UrlResult<String> during = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cache.get(url));
        assertThat(during.value()).isEqualTo("v1");
        waitFor(() -> hits.get() == 2);
        assertThat(cache.get(url).value()).as("while the refresh is held").isEqualTo("v1");
        gate.countDown();
        awaitValue(cache, "v2");
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void getWhenRefreshFailsThenOldValueUntilItsExpiryThenTheFailure() throws Exception {
        serve("v1", Duration.ofHours(10));
        UrlCache<String> cache = cache();
        cache.get(url);
        clock.advance(Duration.ofHours(9).plusMinutes(30));
        status.set(500);
        cache.get(url); // starts the refresh, which fails
        waitFor(() -> hits.get() == 2);
        Thread.sleep(100);
        UrlResult<String> kept = cache.get(url);
        assertThat(kept.value()).isEqualTo("v1");
        assertThat(kept.fresh()).isTrue();
        assertThat(kept.failure()).isEqualTo(HttpFailure.HTTP_STATUS);
        assertThat(kept.detail()).isEqualTo("HTTP 500 from " + url);
        assertThat(hits.get()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(31)); // past the expiry
        UrlResult<String> expired = cache.get(url);
        assertThat(expired.fresh()).isFalse();
        assertThat(expired.failure()).isEqualTo(HttpFailure.HTTP_STATUS);
        assertThat(expired.value()).isEqualTo("v1");
    }

    @Test
    void getWhenBodyDoesNotParseThenNoValueAndNotFetchedAgainDuringBackOff() {
        body.set("garbage");
        UrlCache<String> cache = cache();
        UrlResult<String> r = cache.get(url);
        assertThat(r.value()).isNull();
        assertThat(r.fresh()).isFalse();
        assertThat(r.failure()).isNull();
        assertThat(r.detail()).isEqualTo(url + " does not parse: not a test CRL");
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get(url).detail()).endsWith("not a test CRL");
        assertThat(hits.get()).isEqualTo(1);
        serve("v1", Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(cache.get(url).value()).isEqualTo("v1");
    }

    @Test
    void getWhenAlreadyExpiredWhenFetchedThenReturnedNotFreshAndNotFetchedPerRequest() {
        serve("old", Duration.ofHours(-1));
        UrlCache<String> cache = cache();
        UrlResult<String> r = cache.get(url);
        assertThat(r.value()).isEqualTo("old");
        assertThat(r.fresh()).isFalse();
        assertThat(r.detail()).isEqualTo(url + " expired at " + T0.minus(Duration.ofHours(1)));
        cache.get(url);
        cache.get(url);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void getWhenManyAskAtOnceThenOneFetchAndOneParse() throws Exception {
        serve("v1", Duration.ofHours(1));
        delayMillis = 300;
        AtomicInteger parses = new AtomicInteger();
        UrlCache<String> cache = new UrlCache<>(fetcher, 1000, b -> {
            parses.incrementAndGet();
            return parse(b);
        });
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            List<Future<UrlResult<String>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(callers.submit(() -> cache.get(url)));
            }
            for (Future<UrlResult<String>> f : results) {
                assertThat(f.get(5, TimeUnit.SECONDS).value()).isEqualTo("v1");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(hits.get()).isEqualTo(1);
        assertThat(parses.get()).isEqualTo(1);
    }

    @Test
    void getWhenDownloadSlowerThanTimeoutThenTimeoutNowAndTheValueForLaterRequests() throws Exception {
        serve("big", Duration.ofHours(1));
        delayMillis = 1500;
        UrlCache<String> cache = cache();
        UrlResult<String> first = cache.get(url);
        assertThat(first.failure()).isEqualTo(HttpFailure.TIMEOUT);
        assertThat(first.value()).isNull();
        awaitValue(cache, "big");
        assertThat(hits.get()).isEqualTo(1);
    }

    private void awaitValue(UrlCache<String> cache, String value) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (value.equals(cache.get(url).value())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the value " + value + " never arrived");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch, long ms) {
        try {
            return latch.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
