package org.certmap.engine.x509;

/**
 * A certificate name, SAN or the DER around them could not be read.
 *
 * <p>Checked on purpose: a name certmap cannot read must never be treated as "no such attribute",
 * because a Deny rule would then silently not match. Callers refuse the certificate instead. The
 * message says what was wrong and where (for example {@code "truncated: length 300 exceeds the 12
 * bytes left"}); it never carries the raw bytes, which are attacker-chosen.
 */
public final class NameException extends Exception {

    private static final long serialVersionUID = 1L;

    public NameException(String message) {
        super(message);
    }

    public NameException(String message, Throwable cause) {
        super(message, cause);
    }
}
