package org.certmap.engine.revocation;

import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks OCSP (RFC 6960) about one certificate: the responder named by {@code ocspResponder}, else the
 * certificate's AIA OCSP URLs in order; POST (appendix A.1) through the site's {@link HttpFetcher},
 * capped at 64 KB; the answer verified by {@link OcspVerifier} and kept by {@link OcspCache}.
 *
 * <p>A request waits at most the fetcher's {@code timeout} for the whole exchange; when it stops
 * waiting the round trip goes on and its answer is kept for the requests after it. Only call this
 * for a certificate whose chain is trusted, dated and usage-checked (DESIGN.md invariant 6): the
 * answer is only as good as the issuer it is checked against. Thread-safe; one per site root.
 */
public final class OcspClient {

    /** DESIGN.md: OCSP responses are capped at 64 KB, whatever {@code maxResponseBytes} says. */
    public static final long MAX_RESPONSE_BYTES = 64 * 1024;
    public static final String CONTENT_TYPE = "application/ocsp-request";
    public static final Duration DEFAULT_CACHE_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpFetcher fetcher;
    private final URI responder;
    private final boolean nonce;
    private final OcspVerifier verifier;
    private final OcspCache cache;

    private OcspClient(Builder b) {
        this.fetcher = b.fetcher;
        this.responder = b.responder;
        this.nonce = b.nonce;
        this.verifier = new OcspVerifier(b.responderCertificate, b.clockSkew, b.cacheTime);
        this.cache = new OcspCache(b.maxEntries, fetcher.backOff());
    }

    public static Builder builder(HttpFetcher fetcher) {
        return new Builder(fetcher);
    }

    /**
     * The OCSP status of {@code certificate}, issued by {@code issuer}: a kept answer, or one
     * round trip shared with every request asking about the same certificate meanwhile.
     */
    public OcspAnswer check(X509Certificate certificate, X509Certificate issuer) {
        List<URI> urls = responders(certificate);
        OcspCertId key;
        try {
            key = OcspCertId.of(certificate, issuer, "SHA-1");
        } catch (OcspException e) {
            return OcspAnswer.failed(e.failure(), e.getMessage(), urls.isEmpty() ? null : urls.get(0));
        }
        OcspAnswer kept = cache.get(key, fetcher.clock().instant());
        if (kept != null) {
            return kept;
        }
        if (urls.isEmpty()) {
            return OcspAnswer.failed(OcspFailure.NO_RESPONDER, "the certificate names no http or https OCSP "
                    + "responder (AIA) and no ocspResponder is set", null);
        }
        CompletableFuture<OcspAnswer> flight = cache.flight(key, () -> ask(urls, 0, certificate, issuer, key),
                () -> fetcher.clock().instant());
        Duration wait = fetcher.timeout();
        try {
            return flight.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return OcspAnswer.failed(OcspFailure.TIMEOUT, "no answer from " + UrlText.safe(urls.get(0)) + " within "
                    + HttpFetcher.text(wait) + " (the responder is still being asked)", urls.get(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OcspAnswer.failed(OcspFailure.TIMEOUT, "interrupted while waiting for the responder", urls.get(0));
        } catch (ExecutionException e) {
            return OcspAnswer.failed(OcspFailure.MALFORMED, "internal error: " + e.getCause().getClass().getSimpleName(),
                    urls.get(0));
        }
    }

    /** The responders asked for {@code certificate}: {@code ocspResponder}, else its AIA OCSP URLs. */
    public List<URI> responders(X509Certificate certificate) {
        return responder != null ? List.of(responder) : CertificateUrls.of(certificate).ocsp();
    }

    /** How many answers are kept now (at most the builder's {@code maxEntries}). */
    public int cachedAnswers() {
        return cache.size();
    }

    /** Asks urls[i]; on a failure, the next one, all within the one wait the caller allows. */
    private CompletableFuture<OcspAnswer> ask(List<URI> urls, int i, X509Certificate certificate,
            X509Certificate issuer, OcspCertId key) {
        URI url = urls.get(i);
        byte[] nonceValue = null;
        byte[] body;
        if (nonce) {
            byte[] n = new byte[32];
            RANDOM.nextBytes(n);
            nonceValue = OcspRequest.nonceValue(n);
            body = OcspRequest.encode(key, n);
        } else {
            body = OcspRequest.encode(key, null);
        }
        byte[] sent = nonceValue;
        return fetcher.start(HttpFetcher.Request.post(url, CONTENT_TYPE, body, MAX_RESPONSE_BYTES))
                .thenApply(result -> result.ok()
                        ? verifier.verify(result.body(), certificate, issuer, url, sent, fetcher.clock().instant())
                        : OcspAnswer.failed(OcspFailure.of(result.failure()), result.detail(), url))
                .exceptionally(t -> OcspAnswer.failed(OcspFailure.MALFORMED, "internal error: "
                        + t.getClass().getSimpleName(), url))
                .thenCompose(answer -> answer.status() == OcspAnswer.Status.FAILED && i + 1 < urls.size()
                        ? ask(urls, i + 1, certificate, issuer, key) : CompletableFuture.completedFuture(answer));
    }

    /** Settings, with DESIGN.md's defaults. */
    public static final class Builder {
        private final HttpFetcher fetcher;
        private URI responder;
        private X509Certificate responderCertificate;
        private Duration cacheTime = DEFAULT_CACHE_TIME;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private boolean nonce;
        private int maxEntries = OcspCache.DEFAULT_MAX_ENTRIES;

        private Builder(HttpFetcher fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        }

        /** {@code ocspResponder}: asked for every certificate instead of its AIA. */
        public Builder responder(URI responder) {
            String bad = HttpFetcher.badUrl(responder);
            if (bad != null) {
                throw new IllegalArgumentException("ocspResponder: " + bad);
            }
            this.responder = responder;
            return this;
        }

        /** {@code ocspResponderCertificate}: a responder signing certificate trusted directly. */
        public Builder responderCertificate(X509Certificate certificate) {
            this.responderCertificate = certificate;
            return this;
        }

        /** {@code cacheTime}: how long an answer without nextUpdate is kept (default 5 minutes). */
        public Builder cacheTime(Duration cacheTime) {
            this.cacheTime = nonNegative(cacheTime, "cacheTime");
            return this;
        }

        /** {@code clockSkew}: tolerance on thisUpdate, nextUpdate and producedAt (default 5 minutes). */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = nonNegative(clockSkew, "clockSkew");
            return this;
        }

        /** Sends a nonce (RFC 8954) and checks an echoed one; off by default, as DESIGN.md allows. */
        public Builder nonce(boolean nonce) {
            this.nonce = nonce;
            return this;
        }

        /** The most answers kept (default 100,000). */
        public Builder maxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        public OcspClient build() {
            return new OcspClient(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return d;
        }
    }
}
