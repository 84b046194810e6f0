package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.certmap.engine.revocation.HttpTestSupport.RawServer;
import org.certmap.engine.revocation.HttpTestSupport.Server;
import org.certmap.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {

    private Server server;
    private HttpFetcher fetcher;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = new Server();
        fetcher = HttpFetcher.builder().timeout(Duration.ofMillis(500)).clock(clock).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        fetcher.close();
        server.close();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void getWhenServerAnswersThenBody() {
        server.handle("/crl", e -> send(e, 200, "hello".getBytes()));
        HttpResult result = fetcher.get(server.url("/crl"), 1000);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.body()).isEqualTo("hello".getBytes());
    }

    @Test
    void postWhenOcspRequestThenBodyAndContentTypeReachTheServer() {
        AtomicReference<String> seen = new AtomicReference<>();
        server.handle("/ocsp", e -> {
            seen.set(e.getRequestMethod() + " " + e.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(e.getRequestBody().readAllBytes()));
            send(e, 200, "answer".getBytes());
        });
        HttpResult result = fetcher.post(server.url("/ocsp"), "application/ocsp-request", "question".getBytes(), 1000);
        assertThat(result.ok()).isTrue();
        assertThat(seen.get()).isEqualTo("POST application/ocsp-request question");
    }

    @Test
    void getWhenManyRequestsAtOnceThenOneServerHitSharedByAll() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        AtomicInteger hits = server.handle("/big.crl", e -> {
            arrived.countDown();
            await(release);
            send(e, 200, "crl".getBytes());
        });
        int n = 20;
        ExecutorService callers = Executors.newFixedThreadPool(n);
        try {
            List<Future<HttpResult>> results = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(n);
            HttpFetcher patient = HttpFetcher.builder().timeout(Duration.ofSeconds(10)).build();
            try {
                for (int i = 0; i < n; i++) {
                    results.add(callers.submit(() -> {
                        started.countDown();
                        return patient.get(server.url("/big.crl"), 1000);
                    }));
                }
                started.await();
                assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(200); // let every caller reach the shared fetch
                release.countDown();
                for (Future<HttpResult> f : results) {
                    assertThat(f.get(10, TimeUnit.SECONDS).body()).isEqualTo("crl".getBytes());
                }
            } finally {
                patient.close();
            }
            assertThat(hits.get()).isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void postWhenDifferentBodiesThenSeparateFetches() {
        AtomicInteger hits = server.handle("/ocsp", e -> send(e, 200, e.getRequestBody().readAllBytes()));
        assertThat(fetcher.post(server.url("/ocsp"), "application/ocsp-request", "a".getBytes(), 100).body())
                .isEqualTo("a".getBytes());
        assertThat(fetcher.post(server.url("/ocsp"), "application/ocsp-request", "b".getBytes(), 100).body())
                .isEqualTo("b".getBytes());
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void getWhenHandlerHangsThenCallerReturnsWithinTimeout() {
        server.handle("/hang", e -> await(release));
        // The fetch's own read timeout (500 ms) ends it, not the caller's wait; the guard only stops a hang.
        HttpResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fetcher.get(server.url("/hang"), 1000));
        assertThat(result.failure()).isEqualTo(HttpFailure.TIMEOUT);
        assertThat(result.detail()).contains("within 500ms");
    }

    @Test
    void getWhenHandlerHangsThenFetchFailsByReadTimeoutAndBacksOffTheUrl() throws Exception {
        AtomicInteger hits = server.handle("/hang", e -> await(release));
        CompletableFuture<HttpResult> fetch = fetcher.start(HttpFetcher.Request.get(server.url("/hang"), 1000));
        HttpResult result = fetch.get(5, TimeUnit.SECONDS);
        assertThat(result.failure()).isEqualTo(HttpFailure.TIMEOUT);
        assertThat(result.detail()).contains("no answer from http://127.0.0.1:").contains("within 500ms");
        HttpResult again = fetcher.post(server.url("/hang"), "application/ocsp-request", "x".getBytes(), 10);
        assertThat(again.failure()).isEqualTo(HttpFailure.BACKED_OFF);
        assertThat(again.remembered().failure()).isEqualTo(HttpFailure.TIMEOUT);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void getWhenChunkedBodyPassesTheCapThenTooLargeAndReadingStops() {
        AtomicReference<Throwable> serverSide = new AtomicReference<>();
        server.handle("/chunked", e -> {
            e.sendResponseHeaders(200, 0); // 0: chunked, no Content-Length
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) {
                    out.write(HttpTestSupport.bytes(1024, 'c')); // 10 MB if the client read it all
                }
            } catch (IOException stopped) {
                serverSide.set(stopped);
            }
        });
        HttpResult result = fetcher.get(server.url("/chunked"), 4096);
        assertThat(result.failure()).isEqualTo(HttpFailure.TOO_LARGE);
        assertThat(result.detail()).contains("more than 4096 bytes");
    }

    @Test
    void getWhenContentLengthAboveCapThenTooLargeWithoutReading() {
        server.handle("/declared", e -> send(e, 200, HttpTestSupport.bytes(5000, 'd')));
        HttpResult result = fetcher.get(server.url("/declared"), 4096);
        assertThat(result.failure()).isEqualTo(HttpFailure.TOO_LARGE);
        assertThat(result.detail()).contains("Content-Length 5000 is above the cap of 4096 bytes");
    }

    @Test
    void getWhenBodyEndsOnlyAtCloseThenCountedAndTooLarge() throws IOException {
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", 1_000_000)) {
            HttpResult result = fetcher.get(raw.url(), 4096);
            assertThat(result.failure()).isEqualTo(HttpFailure.TOO_LARGE);
        }
    }

    @Test
    void getWhenContentLengthLiesSmallThenTheCountedBytesDecide() throws IOException {
        // JDK 17's HttpURLConnection hands out up to a buffer's worth (8 KB) past a Content-Length
        // of 10 when more bytes follow on the wire: only the count of bytes read can be trusted.
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", 1_000_000)) {
            HttpResult result = fetcher.get(raw.url(), 4096);
            if (result.ok()) {
                assertThat(result.body().length).isLessThanOrEqualTo(4096);
            } else {
                assertThat(result.failure()).isEqualTo(HttpFailure.TOO_LARGE);
                assertThat(result.detail()).contains("more than 4096 bytes");
            }
        }
    }

    @Test
    void getWhenUrlFailedThenBackedOffFor30SecondsAndRetriedAfter() {
        AtomicInteger hits = server.handle("/down", e -> send(e, 503, new byte[0]));
        HttpResult first = fetcher.get(server.url("/down"), 100);
        assertThat(first.failure()).isEqualTo(HttpFailure.HTTP_STATUS);
        assertThat(first.httpStatus()).isEqualTo(503);
        assertThat(first.detail()).isEqualTo("HTTP 503 from " + server.url("/down"));

        clock.advance(Duration.ofSeconds(29));
        HttpResult second = fetcher.get(server.url("/down"), 100);
        assertThat(second.failure()).isEqualTo(HttpFailure.BACKED_OFF);
        assertThat(second.remembered()).isSameAs(first);
        assertThat(second.detail()).startsWith("not retried until 2026-12-01T10:00:30Z after HTTP_STATUS: HTTP 503");
        assertThat(hits.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(fetcher.get(server.url("/down"), 100).failure()).isEqualTo(HttpFailure.HTTP_STATUS);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void getWhenRedirectToSameSchemeThenFollowed() {
        server.handle("/old", e -> {
            e.getResponseHeaders().add("Location", "/new");
            send(e, 302, new byte[0]);
        });
        server.handle("/new", e -> send(e, 200, "moved".getBytes()));
        HttpResult result = fetcher.get(server.url("/old"), 100);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.body()).isEqualTo("moved".getBytes());
        assertThat(result.url()).isEqualTo(server.url("/old"));
    }

    @Test
    void getWhenRedirectToAnotherSchemeThenNotFollowed() throws IOException {
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String elsewhere = "https://127.0.0.1:" + target.getLocalPort() + "/crl";
            server.handle("/old", e -> {
                e.getResponseHeaders().add("Location", elsewhere);
                send(e, 301, new byte[0]);
            });
            HttpResult result = fetcher.get(server.url("/old"), 100);
            assertThat(result.failure()).isEqualTo(HttpFailure.BAD_URL);
            assertThat(result.detail()).isEqualTo("redirect from " + server.url("/old") + " to " + elsewhere
                    + " is not followed (another scheme, or not an absolute URL with a host)");
            assertThat(fetcher.get(server.url("/old"), 100).failure()).isEqualTo(HttpFailure.BACKED_OFF);
            target.setSoTimeout(300);
            assertThat(connects(target)).as("the https target was never contacted").isFalse();
        }
    }

    @Test
    void jdkWhenFollowingRedirectsItselfThenNeverCrossesSchemes() throws IOException {
        // Pins the JDK behaviour DESIGN.md relies on should anyone turn the JDK's following on:
        // HttpURLConnection returns a cross-protocol redirect instead of following it.
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.handle("/old", e -> {
                e.getResponseHeaders().add("Location", "https://127.0.0.1:" + target.getLocalPort() + "/");
                send(e, 302, new byte[0]);
            });
            HttpURLConnection c = (HttpURLConnection) server.url("/old").toURL().openConnection();
            c.setInstanceFollowRedirects(true);
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            assertThat(c.getResponseCode()).isEqualTo(302);
            c.disconnect();
            target.setSoTimeout(300);
            assertThat(connects(target)).isFalse();
        }
    }

    @Test
    void getWhenRedirectLoopThenStopsAfterThreeRedirects() {
        AtomicInteger hits = server.handle("/loop", e -> {
            e.getResponseHeaders().add("Location", "/loop");
            send(e, 307, new byte[0]);
        });
        HttpResult result = fetcher.get(server.url("/loop"), 100);
        assertThat(result.failure()).isEqualTo(HttpFailure.BAD_URL);
        assertThat(result.detail()).startsWith("more than 3 redirects");
        assertThat(hits.get()).isEqualTo(1 + HttpFetcher.MAX_REDIRECTS);
    }

    @Test
    void postWhenRedirected302ThenNotFollowed() {
        server.handle("/ocsp", e -> {
            e.getResponseHeaders().add("Location", "/elsewhere");
            send(e, 302, new byte[0]);
        });
        HttpResult result = fetcher.post(server.url("/ocsp"), "application/ocsp-request", "q".getBytes(), 100);
        assertThat(result.failure()).isEqualTo(HttpFailure.HTTP_STATUS);
        assertThat(result.httpStatus()).isEqualTo(302);
    }

    @Test
    void getWhenSlowLargeDownloadThenGoesOnAfterTheCallerGaveUpAndServesALaterRequest() throws Exception {
        AtomicInteger hits = server.handle("/slow.crl", e -> {
            e.sendResponseHeaders(200, 0);
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 15; i++) { // ~1.5 s in all, a chunk every 100 ms: no read times out
                    out.write(HttpTestSupport.bytes(10_000, 's'));
                    out.flush();
                    sleep(100);
                }
            }
        });
        HttpResult first = fetcher.get(server.url("/slow.crl"), 1_000_000);
        assertThat(first.failure()).isEqualTo(HttpFailure.TIMEOUT);
        assertThat(first.detail()).contains("the fetch goes on in the background");

        CompletableFuture<HttpResult> later = fetcher.start(HttpFetcher.Request.get(server.url("/slow.crl"), 1_000_000));
        HttpResult result = later.get(10, TimeUnit.SECONDS);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.body()).hasSize(150_000);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void fetchWhenNotHttpThenBadUrlWithoutConnecting() {
        assertThat(fetcher.get(URI.create("ldap://ldap.example/cn=crl"), 100).failure()).isEqualTo(HttpFailure.BAD_URL);
        HttpResult file = fetcher.get(URI.create("file:///etc/passwd"), 100);
        assertThat(file.failure()).isEqualTo(HttpFailure.BAD_URL);
        assertThat(file.detail()).isEqualTo("only http and https URLs are fetched, not file:///etc/passwd");
    }

    @Test
    void fetchWhenNobodyListensThenUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpResult result = fetcher.get(URI.create("http://127.0.0.1:" + port + "/"), 100);
        assertThat(result.failure()).isEqualTo(HttpFailure.UNREACHABLE);
        assertThat(result.detail()).contains("ConnectException");
    }

    @Test
    void closeWhenClosedThenFetchesFailAtOnceAndThreadsEnd() throws InterruptedException {
        server.handle("/crl", e -> send(e, 200, "x".getBytes()));
        assertThat(fetcher.get(server.url("/crl"), 100).ok()).isTrue();
        fetcher.close();
        HttpResult result = fetcher.get(server.url("/crl"), 100);
        assertThat(result.failure()).isEqualTo(HttpFailure.UNREACHABLE);
        assertThat(result.detail()).isEqualTo("the fetcher is closed");
        assertThat(fetcher.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }

    private static boolean connects(ServerSocket target) throws IOException {
        try {
            target.accept().close();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
