package org.certmap.engine.x509;

import java.util.HashMap;
import java.util.Map;

import org.certmap.engine.match.AsciiCase;

/**
 * Attribute types of X.501 names by the names people write: a rule's {@code certificateSubField}
 * ({@code CN}, {@code OU}, {@code E}, ...) and the keywords of RFC 4514 strings.
 *
 * <p>Why two tables: {@link #oidOf} accepts exactly the names DESIGN.md lists for rules (IIS's
 * names, plus a dotted OID for anything else), so a typo in a rule fails at load. {@link
 * DistinguishedName#parse} also accepts the keywords OpenSSL prints with {@code -nameopt RFC2253}
 * ({@code emailAddress}, {@code STREET}, {@code title}, ...), because people paste those.
 * Names compare with ASCII case folding only, never the default locale.
 */
public final class AttributeType {

    static final String CN = "2.5.4.3";
    static final String EMAIL = "1.2.840.113549.1.9.1";

    /** Rule sub-field names (DESIGN.md), folded to lower case, to OIDs. */
    private static final Map<String, String> RULE_NAMES = new HashMap<>();
    /** Extra keywords accepted in RFC 4514 strings. */
    private static final Map<String, String> KEYWORDS = new HashMap<>();
    /** OID to the short name used when printing. */
    private static final Map<String, String> DISPLAY = new HashMap<>();

    static {
        rule(CN, "CN");
        rule("2.5.4.11", "OU");
        rule("2.5.4.10", "O");
        rule("2.5.4.7", "L");
        rule("2.5.4.8", "ST", "S");
        rule("2.5.4.6", "C");
        rule(EMAIL, "E");
        rule("0.9.2342.19200300.100.1.25", "DC");
        rule("0.9.2342.19200300.100.1.1", "UID");
        rule("2.5.4.5", "SERIALNUMBER");
        rule("2.5.4.12", "T");
        rule("2.5.4.42", "GN");
        rule("2.5.4.4", "SN");
        keyword(EMAIL, "emailAddress");
        keyword("2.5.4.12", "title");
        keyword("2.5.4.42", "givenName");
        keyword("2.5.4.4", "surname");
        keyword("0.9.2342.19200300.100.1.25", "domainComponent");
        keyword("0.9.2342.19200300.100.1.1", "userId");
        keyword("2.5.4.9", "STREET");
        keyword("2.5.4.17", "postalCode");
        keyword("2.5.4.15", "businessCategory");
        keyword("2.5.4.41", "name");
        keyword("2.5.4.43", "initials");
        keyword("2.5.4.44", "generationQualifier");
        keyword("2.5.4.46", "dnQualifier");
        keyword("2.5.4.65", "pseudonym");
        keyword("2.5.4.97", "organizationIdentifier");
    }

    private AttributeType() {
    }

    private static void rule(String oid, String display, String... aliases) {
        RULE_NAMES.put(AsciiCase.fold(display), oid);
        for (String a : aliases) {
            RULE_NAMES.put(AsciiCase.fold(a), oid);
        }
        DISPLAY.put(oid, display);
    }

    private static void keyword(String oid, String keyword) {
        KEYWORDS.put(AsciiCase.fold(keyword), oid);
        DISPLAY.putIfAbsent(oid, keyword);
    }

    /**
     * The OID of a rule's sub-field: one of the names in DESIGN.md (ASCII case-insensitive) or a
     * dotted OID (returned normalised); null when it is neither.
     */
    public static String oidOf(String subField) {
        if (subField == null) {
            return null;
        }
        String oid = RULE_NAMES.get(AsciiCase.fold(subField));
        return oid != null ? oid : Oids.normalize(subField);
    }

    /** The short name printed for {@code oid} ({@code CN}, {@code E}, ...), or the dotted OID itself. */
    public static String displayName(String oid) {
        String name = DISPLAY.get(oid);
        return name != null ? name : oid;
    }

    /** Like {@link #oidOf} but also accepting OpenSSL's RFC 2253 keywords; for parsing DN strings. */
    static String oidOfKeyword(String keyword) {
        String oid = oidOf(keyword);
        return oid != null ? oid : KEYWORDS.get(AsciiCase.fold(keyword));
    }
}
