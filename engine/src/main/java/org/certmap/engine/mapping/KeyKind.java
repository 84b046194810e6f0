package org.certmap.engine.mapping;

/**
 * The kinds of one-to-one key, in order of precedence when several match one certificate:
 * whole-certificate keys (which identify exactly one certificate) win over issuer+serial (which
 * a CA could in theory reissue), which wins over the public key (which survives renewal on
 * purpose, so it is the broadest of the three).
 */
public enum KeyKind {
    CERTIFICATE("certificate"),
    CERTIFICATE_FILE("certificateFile"),
    SHA256("sha256"),
    ISSUER_SERIAL("issuer+serialNumber"),
    SPKI_SHA256("spkiSha256");

    private final String attribute;

    KeyKind(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute(s) of the mapping file that give this key. */
    public String attribute() {
        return attribute;
    }
}
