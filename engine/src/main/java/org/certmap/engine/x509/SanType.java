package org.certmap.engine.x509;

import org.certmap.engine.match.AsciiCase;

/**
 * The SubjectAltName kinds a rule can name as {@code certificateSubField} (DESIGN.md), each one
 * GeneralName choice of RFC 5280 §4.2.1.6.
 */
public enum SanType {
    /** rfc822Name [1]: an e-mail address. */
    EMAIL("email"),
    /** dNSName [2]. */
    DNS("dns"),
    /**
     * otherName [0] with type-id 1.3.6.1.4.1.311.20.2.3 (Microsoft's User Principal Name), value
     * [0] EXPLICIT UTF8String: what Active Directory smart-card and IIS mapping use.
     */
    UPN("upn"),
    /** uniformResourceIdentifier [6]. */
    URI("uri"),
    /**
     * iPAddress [7]: IPv4 as a dotted quad, IPv6 in RFC 5952 form (lower case, zeros compressed,
     * {@code ::ffff:192.0.2.1} for IPv4-mapped addresses), so that a rule can be written the way
     * people write addresses.
     */
    IP("ip");

    private final String subField;

    SanType(String subField) {
        this.subField = subField;
    }

    /** The type named by a rule's sub-field, ASCII case-insensitive; null if unknown. */
    public static SanType of(String subField) {
        if (subField == null) {
            return null;
        }
        for (SanType t : values()) {
            if (AsciiCase.equalsIgnoreCase(t.subField, subField)) {
                return t;
            }
        }
        return null;
    }
}
