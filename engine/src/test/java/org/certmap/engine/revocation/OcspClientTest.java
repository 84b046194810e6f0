package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.certmap.engine.revocation.HttpTestSupport.Server;
import org.certmap.testing.MovableClock;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OcspClientTest {

    private static final TestPki.Issued CA = TestPki.rootCa("CN=Client Test CA,O=certmap");

    private Server server;
    private HttpFetcher fetcher;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<Duration> nextUpdateIn = new AtomicReference<>(Duration.ofMinutes(10));
    private final AtomicReference<Function<OCSPReq, byte[]>> override = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile long delayMillis;
    private AtomicInteger hits;

    @BeforeEach
    void start() throws IOException {
        server = new Server();
        hits = server.handle("/ocsp", e -> {
            OCSPReq req = new OCSPReq(e.getRequestBody().readAllBytes());
            sleep(delayMillis);
            byte[] body = override.get() != null ? override.get().apply(req) : answer(req);
            e.getResponseHeaders().add("Content-Type", "application/ocsp-response");
            e.sendResponseHeaders(200, body.length);
            try (OutputStream out = e.getResponseBody()) {
                out.write(body);
            }
        });
        fetcher = HttpFetcher.builder().timeout(Duration.ofSeconds(1)).clock(clock).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        fetcher.close();
        server.close();
    }

    /** The test responder: the CA signs; status by serial, good unless set; nonce echoed. */
    private byte[] answer(OCSPReq req) {
        BigInteger serial = req.getRequestList()[0].getCertID().getSerialNumber();
        Instant now = Instant.now();
        OcspTestResponses.Builder b = OcspTestResponses.response().signer(CA).single(serial, CA.certificate(),
                statuses.getOrDefault(serial, OcspTestResponses.good()), now,
                nextUpdateIn.get() == null ? null : now.plus(nextUpdateIn.get()), OcspTestResponses.sha1(), null);
        Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            b.extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce.getId(), false, nonce.getExtnValue().getOctets());
        }
        return b.build();
    }

    private OcspClient client() {
        return OcspClient.builder(fetcher).responder(server.url("/ocsp")).build();
    }

    private static TestPki.Issued leaf(String cn) {
        return TestPki.client(CA, "CN=" + cn);
    }

    @Test
    void checkWhenManyRequestsForOneCertificateThenOneRoundTripAndCachedAfter() throws Exception {
        OcspClient client = client();
        X509Certificate alice = leaf("alice").certificate();
        delayMillis = 300;
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<OcspAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(callers.submit(() -> client.check(alice, CA.certificate())));
            }
            for (Future<OcspAnswer> f : answers) {
                OcspAnswer a = f.get(10, TimeUnit.SECONDS);
                assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(client.check(alice, CA.certificate()).status()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(hits.get()).isEqualTo(1);
        assertThat(client.cachedAnswers()).isEqualTo(1);
    }

    @Test
    void checkWhenCachedUntilNextUpdateLessSkewThenAskedAgainAfter() {
        OcspClient client = client();
        X509Certificate alice = leaf("alice").certificate();
        OcspAnswer first = client.check(alice, CA.certificate());
        assertThat(first.cacheUntil()).isEqualTo(first.nextUpdate().minus(OcspClient.DEFAULT_CLOCK_SKEW));
        clock.advance(Duration.ofMinutes(4));
        assertThat(client.check(alice, CA.certificate())).isSameAs(first);
        assertThat(hits.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2)); // past nextUpdate (10 min) less clockSkew (5 min)
        assertThat(client.check(alice, CA.certificate()).status()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void checkWhenNoNextUpdateThenKeptForCacheTime() {
        nextUpdateIn.set(null);
        OcspClient client = OcspClient.builder(fetcher).responder(server.url("/ocsp"))
                .cacheTime(Duration.ofMinutes(1)).build();
        X509Certificate alice = leaf("alice").certificate();
        assertThat(client.check(alice, CA.certificate()).nextUpdate()).isNull();
        clock.advance(Duration.ofSeconds(59));
        client.check(alice, CA.certificate());
        assertThat(hits.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        OcspAnswer later = client.check(alice, CA.certificate());
        assertThat(hits.get()).as(later.toString()).isEqualTo(2);
    }

    @Test
    void checkWhenRevokedThenRevoked() {
        TestPki.Issued bob = leaf("bob");
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        statuses.put(bob.certificate().getSerialNumber(), OcspTestResponses.revoked(at, 4));
        OcspAnswer a = client().check(bob.certificate(), CA.certificate());
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.REVOKED);
        assertThat(a.detail()).isEqualTo("revoked at 2026-01-02T03:04:05Z (superseded)");
        assertThat(a.responder()).isEqualTo(server.url("/ocsp"));
    }

    @Test
    void checkWhenResponseAbove64KbThenTooLarge() {
        override.set(req -> HttpTestSupport.bytes(70 * 1024, 'x'));
        OcspAnswer a = client().check(leaf("alice").certificate(), CA.certificate());
        assertThat(a.failure()).isEqualTo(OcspFailure.TOO_LARGE);
        assertThat(a.detail()).contains("above the cap of 65536 bytes");
    }

    @Test
    void checkWhenResponderHangsThenReturnsWithinTimeoutAndIsNotAskedAgainFor30Seconds() {
        override.set(req -> {
            await(release);
            return new byte[0];
        });
        OcspClient client = client();
        X509Certificate alice = leaf("alice").certificate();
        // A guard against a hang, not a speed target: the answer says the wait ended it.
        OcspAnswer a = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> client.check(alice, CA.certificate()));
        assertThat(a.failure()).isEqualTo(OcspFailure.TIMEOUT);
        sleep(1500); // the fetch's own read timeout ends it; its failure is then remembered
        OcspAnswer again = client.check(leaf("bob").certificate(), CA.certificate());
        assertThat(again.failure()).as(again.toString()).isEqualTo(OcspFailure.BACKED_OFF);
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void checkWhenGarbageAnswerThenMalformedKeptFor30SecondsThenAskedAgain() {
        override.set(req -> "garbage".getBytes());
        OcspClient client = client();
        X509Certificate alice = leaf("alice").certificate();
        assertThat(client.check(alice, CA.certificate()).failure()).isEqualTo(OcspFailure.MALFORMED);
        clock.advance(Duration.ofSeconds(20));
        assertThat(client.check(alice, CA.certificate()).failure()).isEqualTo(OcspFailure.MALFORMED);
        assertThat(hits.get()).isEqualTo(1);
        override.set(null);
        clock.advance(Duration.ofSeconds(11));
        OcspAnswer later = client.check(alice, CA.certificate());
        assertThat(later.status()).as(later.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void checkWhenNoResponderAnywhereThenNoResponder() {
        OcspAnswer a = OcspClient.builder(fetcher).build().check(leaf("alice").certificate(), CA.certificate());
        assertThat(a.failure()).isEqualTo(OcspFailure.NO_RESPONDER);
        assertThat(a.detail()).isEqualTo("the certificate names no http or https OCSP responder (AIA) and no ocspResponder is set");
    }

    @Test
    void checkWhenAiaNamesADeadResponderFirstThenTheNextOneAnswers() throws IOException {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        X509Certificate carol = TestPki.cert().subject("CN=carol").issuer(CA)
                .extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(
                            GeneralName.uniformResourceIdentifier, "http://127.0.0.1:" + dead + "/ocsp")),
                    new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(
                            GeneralName.uniformResourceIdentifier, server.url("/ocsp").toString()))}))
                .build().certificate();
        OcspClient client = OcspClient.builder(fetcher).build();
        assertThat(client.responders(carol)).hasSize(2);
        OcspAnswer a = client.check(carol, CA.certificate());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(a.responder()).isEqualTo(server.url("/ocsp"));
    }

    @Test
    void checkWhenNonceOnThenSentAndTheEchoChecked() {
        OcspClient client = OcspClient.builder(fetcher).responder(server.url("/ocsp")).nonce(true).build();
        assertThat(client.check(leaf("alice").certificate(), CA.certificate()).status()).isEqualTo(OcspAnswer.Status.GOOD);
        override.set(req -> OcspTestResponses.response().signer(CA)
                .extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce.getId(), false, OcspRequest.nonceValue(new byte[] {7}))
                .single(req.getRequestList()[0].getCertID().getSerialNumber(), CA.certificate(),
                        OcspTestResponses.good(), Instant.now(), null, OcspTestResponses.sha1(), null)
                .build());
        assertThat(client.check(leaf("bob").certificate(), CA.certificate()).failure()).isEqualTo(OcspFailure.NONCE_MISMATCH);
    }

    @Test
    void checkWhenManyCertificatesThenTheCacheStaysWithinItsCap() {
        OcspClient client = OcspClient.builder(fetcher).responder(server.url("/ocsp")).maxEntries(4).build();
        for (int i = 0; i < 10; i++) {
            client.check(leaf("user" + i).certificate(), CA.certificate());
            assertThat(client.cachedAnswers()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void responderWhenNotHttpThenRefusedAtConfiguration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OcspClient.builder(fetcher)
                .responder(URI.create("ldap://ocsp.example/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ocspResponder: only http and https URLs are fetched, not ldap://ocsp.example/");
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
