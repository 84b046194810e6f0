package org.certmap.engine.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One HTTP exchange with {@link HttpURLConnection}, run on a fetcher thread: the caps certmap puts
 * on every revocation fetch (DESIGN.md, Revocation rules) are enforced here.
 *
 * <ul>
 *   <li>Time: connect and each read are bounded by {@code timeout} (DESIGN.md's {@code timeout} is
 *       "connect, first byte, each read"); the whole download by the longer download limit, checked
 *       after every read.</li>
 *   <li>Size: the body is counted as it is read and reading stops as soon as the cap is passed.
 *       {@code Content-Length} is used only to refuse early when it already says too much; a
 *       smaller or absent one is never trusted (chunked bodies have none).</li>
 *   <li>Redirects: followed here, not by the JDK, so that the rule is ours and not a system
 *       property's ({@code http.maxRedirects} defaults to 20): at most {@link HttpFetcher#MAX_REDIRECTS},
 *       and only to the same scheme, so an {@code https} URL can never be downgraded to
 *       {@code http} nor an {@code http} one sent to {@code ldap} or {@code file}. (The JDK would not
 *       follow a cross-scheme redirect either; {@code HttpFetcherTest} pins both.) A POST follows
 *       only 307 and 308, which keep the method and body (RFC 9110 §15.4).</li>
 * </ul>
 */
final class HttpDownload {

    private static final int BUFFER = 16 * 1024;

    private final Duration timeout;
    private final Duration downloadLimit;
    private final Clock clock;
    private final BooleanSupplier closed;

    HttpDownload(Duration timeout, Duration downloadLimit, Clock clock, BooleanSupplier closed) {
        this.timeout = timeout;
        this.downloadLimit = downloadLimit;
        this.clock = clock;
        this.closed = closed;
    }

    HttpResult run(HttpFetcher.Request request) {
        long deadline = System.nanoTime() + downloadLimit.toNanos();
        URI current = request.url();
        for (int hop = 0;; hop++) {
            HttpURLConnection c = null;
            try {
                c = open(current, request);
                int status = c.getResponseCode();
                if (isRedirect(status)) {
                    String location = c.getHeaderField("Location");
                    c.disconnect();
                    URI next = redirectTarget(request, current, status, location, hop);
                    if (next == null) {
                        return redirectRefused(request, current, status, location, hop);
                    }
                    current = next;
                    continue;
                }
                if (status != HttpURLConnection.HTTP_OK) {
                    c.disconnect();
                    return HttpResult.failure(request.url(), HttpFailure.HTTP_STATUS, status,
                            "HTTP " + status + " from " + UrlText.safe(current), clock.instant());
                }
                return read(request, c, deadline);
            } catch (SocketTimeoutException e) {
                disconnect(c);
                return HttpResult.failure(request.url(), HttpFailure.TIMEOUT, 0,
                        "no answer from " + UrlText.safe(current) + " within " + HttpFetcher.text(timeout)
                                + " (" + UrlText.safe(String.valueOf(e.getMessage())) + ")", clock.instant());
            } catch (IOException | RuntimeException e) {
                disconnect(c);
                return HttpResult.failure(request.url(), HttpFailure.UNREACHABLE, 0,
                        UrlText.safe(current) + ": " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + UrlText.safe(e.getMessage())), clock.instant());
            }
        }
    }

    private HttpURLConnection open(URI url, HttpFetcher.Request request) throws IOException {
        URLConnection connection = url.toURL().openConnection();
        if (!(connection instanceof HttpURLConnection)) {
            throw new IOException("not an HTTP connection");
        }
        HttpURLConnection c = (HttpURLConnection) connection;
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", "certmap");
        if (request.bodyShared() != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", request.contentType());
            c.setFixedLengthStreamingMode(request.bodyShared().length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(request.bodyShared());
            }
        }
        return c;
    }

    private HttpResult read(HttpFetcher.Request request, HttpURLConnection c, long deadline) throws IOException {
        long cap = request.maxBytes();
        long declared = c.getContentLengthLong();
        if (declared > cap) {
            c.disconnect();
            return tooLarge(request, "Content-Length " + declared + " is above the cap of " + cap + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, BUFFER), cap + 1));
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (InputStream in = c.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > cap) {
                    c.disconnect(); // close the socket instead of draining the rest into the pool
                    return tooLarge(request, "more than " + cap + " bytes (stopped reading there)");
                }
                out.write(buffer, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    c.disconnect();
                    return HttpResult.failure(request.url(), HttpFailure.TIMEOUT, 0, "download of "
                            + UrlText.safe(request.url()) + " took longer than " + HttpFetcher.text(downloadLimit)
                            + " (" + total + " bytes read)", clock.instant());
                }
                if (closed.getAsBoolean()) {
                    c.disconnect();
                    return HttpResult.failure(request.url(), HttpFailure.UNREACHABLE, 0,
                            "the fetcher was closed during the download", clock.instant());
                }
            }
        }
        return HttpResult.success(request.url(), out.toByteArray(), clock.instant());
    }

    private HttpResult tooLarge(HttpFetcher.Request request, String why) {
        return HttpResult.failure(request.url(), HttpFailure.TOO_LARGE, 200,
                UrlText.safe(request.url()) + ": " + why, clock.instant());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The next URL, or null when this redirect is not followed. */
    private static URI redirectTarget(HttpFetcher.Request request, URI current, int status, String location,
            int hop) {
        if (location == null || hop >= HttpFetcher.MAX_REDIRECTS) {
            return null;
        }
        if (request.bodyShared() != null && status != 307 && status != 308) {
            return null;
        }
        URI next;
        try {
            next = current.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        String from = current.getScheme().toLowerCase(Locale.ROOT);
        String to = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        return from.equals(to) && next.getHost() != null ? next : null;
    }

    private HttpResult redirectRefused(HttpFetcher.Request request, URI current, int status, String location,
            int hop) {
        String where = location == null ? "no Location" : UrlText.safe(location);
        String why;
        HttpFailure kind = HttpFailure.BAD_URL;
        if (location == null) {
            why = "HTTP " + status + " redirect without a Location";
            kind = HttpFailure.HTTP_STATUS;
        } else if (hop >= HttpFetcher.MAX_REDIRECTS) {
            why = "more than " + HttpFetcher.MAX_REDIRECTS + " redirects, the last to " + where;
        } else if (request.bodyShared() != null && status != 307 && status != 308) {
            why = "HTTP " + status + " redirect of a POST to " + where + " is not followed (only 307 and 308 are)";
            kind = HttpFailure.HTTP_STATUS;
        } else {
            why = "redirect from " + UrlText.safe(current) + " to " + where
                    + " is not followed (another scheme, or not an absolute URL with a host)";
        }
        return HttpResult.failure(request.url(), kind, status, why, clock.instant());
    }

    private static void disconnect(HttpURLConnection c) {
        if (c != null) {
            c.disconnect();
        }
    }
}
