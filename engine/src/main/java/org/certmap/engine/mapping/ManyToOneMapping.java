package org.certmap.engine.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.certmap.engine.x509.CertificateNames;

/**
 * One {@code <manyToOneMappings><add>}: rules that must ALL match, and what a match means
 * (Allow as {@code userName} with {@code roles}, or Deny). As for one-to-one entries, the IIS
 * password is dropped at load and never kept.
 *
 * @param userName null for Deny mappings
 * @param line     the line in the mapping file, for explanations
 */
public record ManyToOneMapping(String name, boolean enabled, boolean deny, UserNameTemplate userName,
        Set<String> roles, List<Rule> rules, boolean broad, int line) {

    public ManyToOneMapping {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        rules = List.copyOf(rules);
    }

    /** All rules match (a mapping without rules matches every certificate). */
    public boolean matches(CertificateNames names) {
        for (Rule r : rules) {
            if (!r.matches(names)) {
                return false;
            }
        }
        return true;
    }
}
