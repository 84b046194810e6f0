package org.certmap.engine.revocation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.certmap.engine.base.Check;

/**
 * The network half of revocation for one set of {@code <revocation>} settings: the HTTP fetcher
 * (timeouts, size caps, single flight, 30 s back-off), the OCSP client with its answer cache, and
 * the cache of CRLs fetched from distribution points (kept until nextUpdate, refreshed in the
 * background). Kept across reloads by {@link RevocationServices}, so a reload of the mapping file
 * does not forget what the responders said. Thread-safe.
 *
 * <p>CRLs fetched from a distribution point are verified against the issuer of the certificate
 * that named the point: a CA of a path that was already validated to the trust store, never one a
 * client sent alone (the validator calls revocation only after trust passed).
 */
public final class RevocationNetwork implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("org.certmap");
    /** Issuers remembered as CRL signers: each CA of a validated path; bounded, a site has a handful. */
    private static final int MAX_ISSUERS = 1_000;

    private final Key key;
    private final HttpFetcher fetcher;
    private final OcspClient ocsp;
    private final UrlCache<Crl> crls;
    private final Set<X509Certificate> issuers = ConcurrentHashMap.newKeySet();
    private final Map<URI, Instant> fetchedAt = new ConcurrentHashMap<>();
    private final Set<String> skippedLogged = ConcurrentHashMap.newKeySet();
    private final Runnable onNewData;

    /** The settings a network depends on: two configurations with equal keys share one. */
    record Key(java.time.Duration timeout, long maxResponseBytes, URI responder, X509Certificate responderCertificate,
            java.time.Duration cacheTime, java.time.Duration clockSkew) {

        static Key of(RevocationSettings s) {
            return new Key(s.timeout(), s.maxResponseBytes(), s.ocspResponder(), s.ocspResponderCertificate(),
                    s.cacheTime(), s.clockSkew());
        }
    }

    RevocationNetwork(Key key, Runnable onNewData) {
        this.key = key;
        this.onNewData = Objects.requireNonNull(onNewData, "onNewData");
        this.fetcher = HttpFetcher.builder().timeout(key.timeout()).build();
        OcspClient.Builder b = OcspClient.builder(fetcher).cacheTime(key.cacheTime()).clockSkew(key.clockSkew())
                .responderCertificate(key.responderCertificate());
        if (key.responder() != null) {
            b.responder(key.responder());
        }
        this.ocsp = b.build();
        this.crls = new UrlCache<>(fetcher, key.maxResponseBytes(), body -> {
            Crl crl = Crl.read(body, List.copyOf(issuers));
            Instant next = crl.nextUpdate();
            return new UrlCache.Parsed<>(crl, next != null ? next : fetcher.clock().instant().plus(key.cacheTime()));
        });
    }

    Key key() {
        return key;
    }

    /** The OCSP answer for one certificate, as the revocation step's answer. */
    RevocationAnswer ocsp(X509Certificate certificate, X509Certificate issuer, RevocationSettings settings, Instant at) {
        OcspAnswer a = ocsp.check(certificate, issuer);
        Check.Phrase source = a.responder() == null ? new Check.Phrase("phrase.revocation.ocspNone")
                : new Check.Phrase("phrase.revocation.ocsp", UrlText.safe(a.responder()));
        long until = a.cacheUntil() == null ? Long.MAX_VALUE : a.cacheUntil().toEpochMilli();
        return switch (a.status()) {
            case GOOD -> new RevocationAnswer(RevocationAnswer.Kind.GOOD, source, null, null, a.thisUpdate(),
                    a.nextUpdate(), until, null);
            case REVOKED -> new RevocationAnswer(RevocationAnswer.Kind.REVOKED, source, a.revocationTime(),
                    a.revocationReason() < 0 ? CrlReason.UNSPECIFIED.rfcName() : OcspAnswer.reasonName(a.revocationReason()),
                    a.thisUpdate(), a.nextUpdate(), until, null);
            default -> new RevocationAnswer(RevocationAnswer.Kind.NONE, source, null, null, a.thisUpdate(),
                    a.nextUpdate(), Long.MAX_VALUE, a.detail());
        };
    }

    /**
     * The CRL distribution points of the certificate (http and https; others skipped with one INFO
     * each), with the Freshest CRL (delta) on top when the certificate or its CRL names one.
     */
    RevocationAnswer distributionPoints(X509Certificate certificate, X509Certificate issuer, RevocationSettings settings,
            Instant at) {
        CertificateUrls urls = CertificateUrls.of(certificate);
        for (CertificateUrls.Skipped s : urls.skipped()) {
            if (skippedLogged.size() < MAX_ISSUERS && skippedLogged.add(s.url())) {
                LOG.info("certmap: skipped " + s.extension() + " " + UrlText.safe(s.url())
                        + ": only http and https are fetched");
            }
        }
        List<URI> points = urls.crlDistributionPoints();
        if (points.isEmpty()) {
            return RevocationAnswer.none(new Check.Phrase("phrase.revocation.crlUrls", "none"),
                    "the certificate names no http or https CRL distribution point");
        }
        if (issuers.size() < MAX_ISSUERS) {
            issuers.add(issuer);
        }
        List<String> whys = new ArrayList<>();
        for (URI point : points) {
            UrlResult<Crl> base = crls.get(point);
            noteFetch(point, base);
            Check.Phrase source = new Check.Phrase("phrase.revocation.crlUrl", UrlText.safe(point));
            if (base.value() == null || !base.fresh()) {
                whys.add(UrlText.safe(point) + ": " + base.detail());
                continue;
            }
            CrlSet set;
            try {
                set = withDelta(base.value(), urls.freshestCrl());
            } catch (CrlException e) {
                whys.add(UrlText.safe(point) + ": " + e.getMessage());
                continue;
            }
            RevocationAnswer a = RevocationStep.fromCrl(set, source, certificate, at, settings);
            if (a.kind() != RevocationAnswer.Kind.NONE) {
                return a;
            }
            whys.add(UrlText.safe(point) + ": " + a.why());
        }
        return RevocationAnswer.none(new Check.Phrase("phrase.revocation.crlUrls", points.size()),
                String.join("; ", whys));
    }

    /** The base CRL with the delta from a Freshest CRL point when one is current and applies to it. */
    private CrlSet withDelta(Crl base, List<URI> certificatePoints) throws CrlException {
        List<URI> deltas = new ArrayList<>(certificatePoints);
        for (String u : base.freshestCrlUris()) {
            try {
                URI uri = new URI(u);
                if (!deltas.contains(uri) && HttpFetcher.badUrl(uri) == null) {
                    deltas.add(uri);
                }
            } catch (java.net.URISyntaxException e) {
                // not a URL certmap can fetch
            }
        }
        for (URI d : deltas) {
            UrlResult<Crl> delta = crls.get(d);
            noteFetch(d, delta);
            if (delta.value() != null && delta.fresh() && delta.value().isDelta()) {
                try {
                    return CrlSet.of(base, delta.value());
                } catch (CrlException e) {
                    // A delta of another base: the base alone still answers until its nextUpdate.
                }
            }
        }
        return CrlSet.of(base);
    }

    /** A newly fetched CRL replacing one seen before starts a fresh decision cache (DESIGN.md). */
    private void noteFetch(URI url, UrlResult<Crl> r) {
        if (r.fetchedAt() == null) {
            return;
        }
        Instant before = fetchedAt.put(url, r.fetchedAt());
        if (before != null && !before.equals(r.fetchedAt())) {
            onNewData.run();
        }
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
