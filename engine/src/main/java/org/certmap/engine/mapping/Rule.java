package org.certmap.engine.mapping;

import java.util.List;

import org.certmap.engine.match.WildcardPattern;
import org.certmap.engine.x509.CertificateNames;

/**
 * One many-to-one rule: a certificate field and a {@code *} pattern. A multi-valued field matches
 * when any of its values does (several OUs, several SAN emails), as in IIS.
 */
public final class Rule {

    private final CertificateField field;
    private final WildcardPattern pattern;

    public Rule(CertificateField field, String matchCriteria, boolean caseSensitive) {
        this.field = field;
        this.pattern = WildcardPattern.compile(matchCriteria, caseSensitive);
    }

    public CertificateField field() {
        return field;
    }

    public WildcardPattern pattern() {
        return pattern;
    }

    /** The matchCriteria has no {@code *}: the rule can only match one exact value (so it can be indexed). */
    boolean isLiteral() {
        return pattern.pattern().indexOf('*') < 0;
    }

    public boolean matches(CertificateNames names) {
        for (String v : field.values(names)) {
            if (pattern.matches(v)) {
                return true;
            }
        }
        return false;
    }

    /** The values the rule looked at, for explanations. */
    public List<String> values(CertificateNames names) {
        return field.values(names);
    }

    @Override
    public String toString() {
        return field + (pattern.caseSensitive() ? " = \"" : " =~ \"") + pattern.pattern() + "\"";
    }
}
