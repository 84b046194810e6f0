package org.certmap.engine.mapping;

/**
 * The kinds of one-to-one key, in order of precedence when several match one certificate:
 * whole-certificate keys (which identify exactly one certificate) win over issuer+serial (which
 * a CA could in theory reissue), which wins over the public key (which survives renewal on
 * purpose, so it is the broadest of the three).
 */
public enum KeyKind {
    CERTIFICATE("certificate", 0),
    CERTIFICATE_FILE("certificateFile", 0),
    SHA256("sha256", 0),
    ISSUER_SERIAL("issuer+serialNumber", 1),
    SPKI_SHA256("spkiSha256", 2);

    private final String attribute;
    private final int precedence;

    KeyKind(String attribute, int precedence) {
        this.attribute = attribute;
        this.precedence = precedence;
    }

    /** The attribute(s) of the mapping file that give this key. */
    public String attribute() {
        return attribute;
    }

    /** 0 is strongest. */
    public int precedence() {
        return precedence;
    }
}
