package org.certmap.engine.mapping;

import java.util.Objects;
import java.util.Set;

/**
 * One {@code <oneToOneMappings><add>} entry. The IIS {@code password} attribute is not here on
 * purpose: certmap drops it at load and never keeps it.
 *
 * <p>The key itself is not kept here: the index holds it (a million fingerprints as display strings
 * would cost about 100 MB).
 *
 * @param line  the line of the entry in the mapping file, for explanations and check output
 * @param index the entry's position among the file's one-to-one entries (0, 1, ...): its slot in
 *              the usage counters, which are primitive arrays, not an object per mapping
 */
public record OneToOneMapping(String userName, Set<String> roles, boolean enabled, KeyKind kind, int line, int index) {

    public OneToOneMapping {
        Objects.requireNonNull(userName, "userName");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(kind, "kind");
    }

    /** An entry without a usage slot (tests, tools). */
    public OneToOneMapping(String userName, Set<String> roles, boolean enabled, KeyKind kind, int line) {
        this(userName, roles, enabled, kind, line, -1);
    }
}
