package org.certmap.engine.proxy;

/**
 * A trusted proxy's certificate header does not parse, appears more than once, or is too large:
 * reason {@code MALFORMED_HEADER} (400) on paths certmap covers.
 *
 * <p>The message is safe to log and to show to an administrator: it names the header, sizes,
 * counts and offsets, never the header's value or certificate data, because the value is
 * attacker-controlled when the proxy is misconfigured and may hold someone's certificate. Any
 * cause kept (a {@link java.security.cert.CertificateException}) carries the parser's own message,
 * which does not contain the input either.
 */
public final class MalformedHeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message safe to log: no header value, no certificate data */
    public MalformedHeaderException(String message) {
        super(message);
    }

    /** @param message safe to log: no header value, no certificate data */
    public MalformedHeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
