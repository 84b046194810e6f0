package org.certmap.engine.mapping;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;

/**
 * The directory step inside mapping (DESIGN.md, "Directory mappings"): one-to-one from the file
 * first, then the directory, then many-to-one from the file. Implemented by the directory package;
 * the mapper only knows the answer's shape, so that the order and the outage rule (a file Deny
 * still refuses; everything else that needs the directory is 503) are written once, here.
 */
public interface DirectorySource {

    /**
     * What the directory said about a validated certificate.
     *
     * @param result      MAPPED (mapping {@code directory}), DENIED (disabled account, SID mismatch)
     *                    or NO_MAPPING (ambiguous); null when the directory has no entry for it (go on
     *                    to many-to-one) or did not answer
     * @param unavailable when no server answered and no cached answer is within staleTime: the
     *                    failed check (reason DIRECTORY_UNAVAILABLE); else null
     */
    record Answer(MappingResult result, Check unavailable) {

        public static Answer notFound() {
            return new Answer(null, null);
        }
    }

    /**
     * Asks the directory (or its cache). Explaining, adds a check with the filter used, the server
     * that answered and the entry's DN. Lowers {@link Findings#expiresBy} to when the answer used
     * expires from the directory cache, so no decision outlives it (Invariant 5).
     */
    Answer ask(CertificateFacts facts, Findings f);

    /** One line for {@code certmap check}: the servers and settings, never the bind password. */
    String describe();
}
