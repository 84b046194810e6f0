package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.certmap.testing.MovableClock;
import org.junit.jupiter.api.Test;

class DirectoryCacheTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");


    private static final LookupResult FOUND = new LookupResult.Found("alice", List.of(), "CN=alice", "ldap://a",
            "X509:<I><SR>", "(f)");
    private static final LookupResult NOT_FOUND = new LookupResult.NotFound("(f)", "no entry matched");
    private static final LookupResult.Unavailable DOWN = new LookupResult.Unavailable(List.of("ldap://a: refused"), "(f)");

    private static DirectoryCache.Key key(int i) {
        return new DirectoryCache.Key(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}, true);
    }

    @Test
    void getWhenWithinCacheTimeThenOneSearchAndAfterThatAnother() {
        MovableClock clock = new MovableClock(T0);
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ZERO, 100, clock);
        AtomicInteger searches = new AtomicInteger();
        assertThat(cache.get(key(1), () -> { searches.incrementAndGet(); return FOUND; }).result()).isEqualTo(FOUND);
        clock.advance(Duration.ofMinutes(4));
        assertThat(cache.get(key(1), () -> { searches.incrementAndGet(); return NOT_FOUND; }).result()).isEqualTo(FOUND);
        assertThat(searches).hasValue(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.get(key(1), () -> { searches.incrementAndGet(); return NOT_FOUND; }).result()).isEqualTo(NOT_FOUND);
        assertThat(searches).hasValue(2);
    }

    @Test
    void getWhenNotFoundThenCachedToo() {
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ZERO, 100, new MovableClock(T0));
        AtomicInteger searches = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.get(key(2), () -> { searches.incrementAndGet(); return NOT_FOUND; });
        }
        assertThat(searches).hasValue(1);
    }

    @Test
    void getWhenOutageWithinStaleTimeThenStaleAnswerFlagged() {
        MovableClock clock = new MovableClock(T0);
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ofMinutes(30), 100, clock);
        cache.get(key(3), () -> FOUND);
        clock.advance(Duration.ofMinutes(20));
        DirectoryCache.Answer a = cache.get(key(3), () -> DOWN);
        assertThat(a.result()).isEqualTo(FOUND);
        assertThat(a.stale()).isTrue();
        assertThat(a.age()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.outage()).isEqualTo(DOWN);
        clock.advance(Duration.ofMinutes(11));
        DirectoryCache.Answer past = cache.get(key(3), () -> DOWN);
        assertThat(past.result()).isEqualTo(DOWN);
        assertThat(past.stale()).isFalse();
    }

    @Test
    void getWhenOutageAndStaleTimeZeroThenUnavailableNeverCached() {
        MovableClock clock = new MovableClock(T0);
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ZERO, 100, clock);
        cache.get(key(4), () -> FOUND);
        clock.advance(Duration.ofMinutes(6));
        assertThat(cache.get(key(4), () -> DOWN).result()).isEqualTo(DOWN);
        assertThat(cache.get(key(5), () -> DOWN).result()).isEqualTo(DOWN);
        assertThat(cache.get(key(5), () -> FOUND).result()).isEqualTo(FOUND); // the outage was not kept
    }

    @Test
    void getWhenManyThreadsAskOneKeyThenOneSearch() throws Exception {
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ZERO, 100, new MovableClock(T0));
        AtomicInteger searches = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        int n = 32;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch started = new CountDownLatch(n);
            List<Future<DirectoryCache.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    started.countDown();
                    return cache.get(key(6), () -> {
                        searches.incrementAndGet();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return FOUND;
                    });
                }));
            }
            started.await(10, TimeUnit.SECONDS);
            Thread.sleep(100); // let every thread reach the cache while the search is held
            release.countDown();
            for (Future<DirectoryCache.Answer> f : answers) {
                assertThat(f.get(10, TimeUnit.SECONDS).result()).isEqualTo(FOUND);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(searches).hasValue(1);
    }

    @Test
    void sizeWhenMoreThanMaxEntriesThenBoundedByTwoGenerations() {
        DirectoryCache cache = new DirectoryCache(Duration.ofMinutes(5), Duration.ZERO, 1000, new MovableClock(T0));
        for (int i = 0; i < 10_000; i++) {
            cache.get(key(i), () -> NOT_FOUND);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(1000);
        AtomicInteger searches = new AtomicInteger();
        cache.get(key(9_999), () -> { searches.incrementAndGet(); return NOT_FOUND; });
        assertThat(searches).hasValue(0); // the newest answers survive
    }
}
