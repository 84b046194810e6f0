package org.certmap.engine.revocation;

import java.util.Locale;

/**
 * The CRLReason values of RFC 5280 §5.3.1, with the names the RFC gives them (which is what
 * {@code openssl crl -text} and AD CS print). Code 7 is unused in the RFC and is refused.
 */
public enum CrlReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    REMOVE_FROM_CRL(8, "removeFromCRL"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    CrlReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    /** The RFC 5280 name, e.g. {@code keyCompromise}. */
    public String rfcName() {
        return rfcName;
    }

    /**
     * The reason for a code; an absent reasonCode ({@code -1}) is {@link #UNSPECIFIED}, as RFC 5280
     * §5.3.1 asks CAs to omit the extension rather than write unspecified.
     *
     * @throws IllegalArgumentException for a code that is not a CRLReason
     */
    public static CrlReason of(int code) {
        if (code == -1) {
            return UNSPECIFIED;
        }
        for (CrlReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%d is not a CRLReason", code));
    }
}
