package org.certmap.engine.mapping;

import java.util.Objects;
import java.util.Set;

/**
 * One {@code <oneToOneMappings><add>} entry. The IIS {@code password} attribute is not here on
 * purpose: certmap drops it at load and never keeps it.
 *
 * @param key a display form of the key for explanations (a fingerprint, or issuer and serial)
 * @param line the line of the entry in the mapping file, for explanations and check output
 */
public record OneToOneMapping(String userName, Set<String> roles, boolean enabled, KeyKind kind, String key,
        int line) {

    public OneToOneMapping {
        Objects.requireNonNull(userName, "userName");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
