package org.certmap.engine.directory;

import java.util.List;
import java.util.Objects;

/**
 * What one server answered to one search.
 *
 * @param server    the URL of the server that answered
 * @param entries   the entries, at most the limit asked for
 * @param truncated whether the server had more than the limit (for a lookup: ambiguous)
 */
public record SearchAnswer(String server, List<DirectoryEntry> entries, boolean truncated) {

    public SearchAnswer {
        Objects.requireNonNull(server, "server");
        entries = List.copyOf(entries);
    }
}
