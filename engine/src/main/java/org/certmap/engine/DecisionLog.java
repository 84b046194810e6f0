package org.certmap.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.Messages;
import org.certmap.engine.location.Location;

/**
 * The one place certmap's per-request log lines come from (java.util.logging, which Tomcat's
 * JULI and every EE server route). A refusal is one line: reason, SHA-256, subject, issuer,
 * mapping; never the certificate, a header value or a secret. Header warnings from untrusted
 * peers are rate-limited, because anyone can send such headers, as often as they like.
 */
final class DecisionLog {

    static final Logger LOG = Logger.getLogger("org.certmap");
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final String name;
    /** A shadow evaluation's log: it never writes per-request lines (the shadow only counts and compares). */
    private final boolean quiet;
    private final AtomicLong lastHeaderWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicLong suppressed = new AtomicLong();

    DecisionLog(String name) {
        this(name, false);
    }

    DecisionLog(String name, boolean quiet) {
        this.name = name;
        this.quiet = quiet;
    }

    void refused(CertmapRequest request, Decision d, String detail) {
        if (quiet) {
            return;
        }
        if (LOG.isLoggable(Level.INFO)) {
            CertificateSummary c = d.certificate();
            LOG.info(Messages.format("engine.refused", name, d.httpStatus(), LogText.escape(request.path()), d.reason(),
                    c == null ? "-" : c.sha256(), c == null ? "-" : c.subject(), c == null ? "-" : c.issuer(),
                    d.mapping() == null ? "-" : LogText.escape(d.mapping()), LogText.escape(detail)));
        }
    }

    /** A refused dispatch: one line, like a refused request; the user and paths escaped. */
    void dispatchRefused(Dispatch dispatch, String from, String path, Decision refused, Decision login,
            Location location, String detail) {
        if (LOG.isLoggable(Level.INFO)) {
            CertificateSummary c = refused.certificate();
            String user = login != null && login.isAuthenticated() ? login.user() : null;
            LOG.info(Messages.format("engine.dispatchRefused", name, dispatch.text(), LogText.escape(path),
                    LogText.escape(from), refused.reason(), LogText.escape(user), c == null ? "-" : c.sha256(),
                    LogText.escape(location.pattern()), location.line(), LogText.escape(detail)));
        }
    }

    void notMapped(CertmapRequest request, Decision d) {
        if (quiet) {
            return;
        }
        if (LOG.isLoggable(Level.FINE)) {
            CertificateSummary c = d.certificate();
            LOG.fine(Messages.format("engine.notMapped", name, LogText.escape(request.path()), d.reason(), c.sha256(),
                    c.subject(), c.issuer(), LogText.escape(d.mapping())));
        }
    }

    void authenticated(CertmapRequest request, Decision d) {
        if (quiet) {
            return;
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(Messages.format("engine.authenticated", name, LogText.escape(request.path()),
                    LogText.escape(d.user()), LogText.escape(d.mapping()),
                    d.certificate().sha256()));
        }
    }

    void malformedHeader(CertmapRequest request, String problem) {
        if (quiet) {
            return;
        }
        LOG.warning(Messages.format("engine.malformedHeader", name, LogText.escape(request.peerAddress()),
                LogText.escape(request.path()), problem));
    }

    void untrustedHeader(String header, String peer) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        long last = lastHeaderWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastHeaderWarning.compareAndSet(last, now)) {
            LOG.warning(Messages.format("engine.untrustedHeader", name, header, LogText.escape(peer),
                    suppressed.getAndSet(0)));
        } else {
            suppressed.incrementAndGet();
        }
    }

    void info(String key, Object... args) {
        LOG.info(Messages.format(key, args));
    }

    void warn(String key, Object... args) {
        LOG.warning(Messages.format(key, args));
    }

    /** A warning with the stack trace of what nobody expected. */
    void warn(Throwable thrown, String key, Object... args) {
        LOG.log(Level.WARNING, Messages.format(key, args), thrown);
    }
}
