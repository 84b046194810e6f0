package org.certmap.engine.directory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * LDAP search filters built from values certmap does not control: a CA's name, a serial number, a
 * SID, DER bytes.
 *
 * <p>Why one function: RFC 4515 §3 gives a value five characters that must be escaped ({@code *}
 * {@code (} {@code )} {@code \} NUL, as {@code \2a \28 \29 \5c \00}); a filter built by
 * concatenation lets a CA named {@code x)(|(objectClass=*} widen the search to every entry (DESIGN.md
 * Invariant 7). Every value goes through {@link #escape(String)} or {@link #escape(byte[])}, which
 * also escape every byte outside printable ASCII, so a filter stays one readable line in a log and
 * in {@code explain}, and means the same to every server whatever its string handling. The
 * filters themselves are assembled only here.
 */
public final class LdapFilters {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LdapFilters() {
    }

    /** RFC 4515 escaping of a string value: its UTF-8 bytes, specials and non-printables as {@code \XX}. */
    public static String escape(String value) {
        return escape(value.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4515 escaping of an octet-string value: printable ASCII as is, everything else {@code \XX}. */
    public static String escape(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length + 8);
        for (byte b : value) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '*' && c != '(' && c != ')' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append('\\').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /**
     * RFC 4523 §2.1 CertificateExactAssertion in GSER (RFC 3641), for {@code certificateExactMatch}:
     * {@code { serialNumber 123, issuer rdnSequence:"CN=CA,DC=example" }}. The issuer is the JDK's
     * RFC 2253 form, which names only the attributes every directory knows and writes the others
     * as {@code OID=#hex}; a {@code "} inside the GSER string is doubled. The result is a value for
     * {@link #equality(String, String)}, which escapes it.
     */
    public static String certificateExactAssertion(java.security.cert.X509Certificate certificate) {
        String issuer = certificate.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        return "{ serialNumber " + certificate.getSerialNumber() + ", issuer rdnSequence:\""
                + issuer.replace("\"", "\"\"") + "\" }";
    }

    /** {@code (attribute=escaped value)}. */
    public static String equality(String attribute, String value) {
        return "(" + attribute + "=" + escape(value) + ")";
    }

    /** {@code (attribute=escaped bytes)}, for binary attributes ({@code objectSid}, certificates). */
    public static String equality(String attribute, byte[] value) {
        return "(" + attribute + "=" + escape(value) + ")";
    }

    /** The OR of {@code parts} (already filters); one part stands alone. */
    public static String or(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "(|" + String.join("", parts) + ")";
    }

    /** {@code filter} ANDed with the configured extra filter, when there is one. */
    public static String and(String filter, String extra) {
        if (extra == null || extra.isBlank()) {
            return filter;
        }
        String e = extra.trim();
        return "(&" + filter + e + ")";
    }

    /**
     * A roles filter with {@code {dn}} replaced by the user's DN, escaped: a DN contains {@code \}
     * escapes of its own ({@code CN=Smith\, John}) and may contain {@code *} or parentheses.
     */
    public static String withDn(String template, String dn) {
        return template.replace("{dn}", escape(dn));
    }

    /**
     * An LDAP attribute description (RFC 4512 §2.5): a name ({@code ALPHA *(ALPHA / DIGIT / "-")}) or
     * a dotted OID, with {@code ;options}. Checked because a name goes into a filter unescaped.
     */
    public static boolean isAttributeDescription(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        String[] parts = s.split(";", -1);
        if (!isDescriptor(parts[0]) && !isNumericOid(parts[0])) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            if (!isOption(parts[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDescriptor(String s) {
        if (s.isEmpty() || !isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isOption(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumericOid(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (String arc : s.split("\\.", -1)) {
            if (arc.isEmpty() || (arc.length() > 1 && arc.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < arc.length(); i++) {
                if (arc.charAt(i) < '0' || arc.charAt(i) > '9') {
                    return false;
                }
            }
        }
        return s.indexOf('.') > 0;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * What is wrong with a filter an administrator wrote (the {@code filter} attribute), or null: it
     * must be one parenthesised filter with balanced parentheses outside escapes, and every escape
     * two hex digits. This is a sanity check at load time, not a parser; the directory has the last
     * word, and a filter it refuses makes every search fail, which certmap reports as unavailable.
     */
    public static String filterProblem(String filter) {
        String f = filter.trim();
        if (f.isEmpty() || f.charAt(0) != '(' || f.charAt(f.length() - 1) != ')') {
            return "\"" + filter + "\" must be one filter in parentheses, e.g. (objectClass=user)";
        }
        int depth = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '\\') {
                if (i + 2 >= f.length() || Character.digit(f.charAt(i + 1), 16) < 0
                        || Character.digit(f.charAt(i + 2), 16) < 0) {
                    return "\"" + filter + "\": a backslash must be followed by two hex digits (RFC 4515)";
                }
                i += 2;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0 || (depth == 0 && i != f.length() - 1)) {
                    return "\"" + filter + "\": unbalanced parentheses";
                }
            } else if (c < 0x20) {
                return "\"" + filter + "\": control characters are not allowed";
            }
        }
        return depth == 0 ? null : "\"" + filter + "\": unbalanced parentheses";
    }
}
