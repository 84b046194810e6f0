package org.certmap.engine.mapping;

import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.base.Check;
import org.certmap.engine.x509.CertificateNames;

/**
 * A many-to-one {@code userName}: a plain name, or a template such as {@code {Subject.CN}} or
 * {@code {SubjectAltName.upn}}. A field with zero or several values cannot name one user, so it
 * resolves to null and the certificate does not map (NO_MAPPING) rather than picking one.
 */
public final class UserNameTemplate {

    private final String source;
    private final List<Object> parts; // String literals and CertificateField placeholders

    private UserNameTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Parses a userName.
     *
     * @throws IllegalArgumentException for an unclosed brace or an unknown field
     */
    public static UserNameTemplate parse(String userName) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < userName.length()) {
            char c = userName.charAt(i);
            if (c == '{') {
                int end = userName.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("'{' at position " + (i + 1)
                            + " is not closed: write a field as {Subject.CN}");
                }
                String ref = userName.substring(i + 1, end);
                int dot = ref.indexOf('.');
                if (dot <= 0 || dot == ref.length() - 1) {
                    throw new IllegalArgumentException("'{" + ref
                            + "}' is not a field: write Field.SubField, e.g. {Subject.CN} or {SubjectAltName.upn}");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(CertificateField.of(ref.substring(0, dot), ref.substring(dot + 1)));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new UserNameTemplate(userName, List.copyOf(parts));
    }

    /** The certificate fields this template reads, in order. */
    public List<CertificateField> fields() {
        List<CertificateField> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof CertificateField) {
                out.add((CertificateField) p);
            }
        }
        return out;
    }

    /** The user name for this certificate, or null when a field has zero or several values. */
    public String resolve(CertificateNames names) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof CertificateField) {
                List<String> values = ((CertificateField) p).values(names);
                if (values.size() != 1 || values.get(0).isEmpty()) {
                    return null;
                }
                sb.append(values.get(0));
            } else {
                sb.append((String) p);
            }
        }
        return sb.toString();
    }

    /** Why {@link #resolve} gave null, for explanations. */
    public Check.Phrase whyUnresolved(CertificateNames names) {
        for (Object p : parts) {
            if (p instanceof CertificateField) {
                int n = ((CertificateField) p).values(names).size();
                if (n != 1) {
                    return new Check.Phrase("check.mapping.userNameValues", source, p.toString(), n);
                }
            }
        }
        return new Check.Phrase("check.mapping.userNameEmpty", source);
    }

    @Override
    public String toString() {
        return source;
    }
}
