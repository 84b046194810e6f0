package org.certmap.engine.revocation;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code <revocation>} element of {@code <validation>} (DESIGN.md, "Revocation"), as read and
 * checked by the loader. Off unless the element is present; then at least one source
 * ({@code crlFiles}, {@code crlDistributionPoints}, {@code ocsp}) is configured.
 *
 * @param crlFiles                 CRL files, resolved against the mapping file's folder
 * @param crlDistributionPoints    fetch the http(s) CRL distribution points (and Freshest CRL
 *                                 points) named in the certificates
 * @param ocsp                     ask OCSP responders (AIA, or {@code ocspResponder})
 * @param ocspResponder            the responder asked for every certificate instead of AIA; or null
 * @param ocspResponderCertificate a responder signing certificate trusted directly; or null
 * @param preferOcsp               ask OCSP first when both kinds are configured
 * @param leafOnly                 {@code scope="leaf"}: only the client certificate is checked
 * @param allowUnknown             {@code onUnknown="allow"}: no answer lets the request on (WARN)
 * @param timeout                  the longest a request waits for an answer
 * @param maxResponseBytes         the cap on a CRL download (OCSP responses: 64 KB)
 * @param cacheTime                how long an OCSP answer without nextUpdate is kept
 * @param clockSkew                tolerance on thisUpdate/nextUpdate/producedAt
 */
public record RevocationSettings(List<Path> crlFiles, boolean crlDistributionPoints, boolean ocsp, URI ocspResponder,
        X509Certificate ocspResponderCertificate, boolean preferOcsp, boolean leafOnly, boolean allowUnknown,
        Duration timeout, long maxResponseBytes, Duration cacheTime, Duration clockSkew) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    public static final long MAX_OCSP_RESPONSE_BYTES = 64L * 1024;
    public static final Duration DEFAULT_CACHE_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    public RevocationSettings {
        crlFiles = List.copyOf(crlFiles);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cacheTime, "cacheTime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (crlFiles.isEmpty() && !crlDistributionPoints && !ocsp) {
            throw new IllegalArgumentException("no source");
        }
    }

    /** Whether any CRL source (files or distribution points) is configured. */
    public boolean crls() {
        return !crlFiles.isEmpty() || crlDistributionPoints;
    }
}
