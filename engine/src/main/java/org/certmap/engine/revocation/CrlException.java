package org.certmap.engine.revocation;

/**
 * A CRL could not be used: it does not parse, is not signed by a CA it names, carries what certmap
 * does not implement (an unknown critical extension, an indirect CRL), or may not replace the one
 * in force.
 *
 * <p>Checked, because every caller must decide what a refused CRL means (at start: stop; at reload:
 * WARN and keep the last good one; for a fetched one: no answer). The message is one line for the
 * log, begins with what went wrong ({@code "does not parse: ..."}, {@code "not signed by any CA it
 * names (issuer ...)"}) and never carries raw bytes of the CRL.
 */
public final class CrlException extends Exception {

    private static final long serialVersionUID = 1L;

    public CrlException(String message) {
        super(message);
    }

    public CrlException(String message, Throwable cause) {
        super(message, cause);
    }
}
