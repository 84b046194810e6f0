package org.certmap.engine.config;

/**
 * Why an Allow many-to-one mapping is broad: any certificate the connector accepts, from any CA,
 * could match it. A broad mapping stops the load unless it says {@code broad="true"} (a pasted IIS
 * section only warns, as IIS accepts such mappings); Deny mappings are never broad.
 */
enum BroadMapping {
    /** No rules at all: every certificate matches. */
    NO_RULES("config.manyToOne.broad.noRules"),
    /** A rule whose matchCriteria is only {@code *} matches every value of its field. */
    STAR_ONLY_RULE("config.manyToOne.broad.starOnly"),
    /** Without {@code <validation trustStore>} any CA the connector trusts could write the names. */
    NO_ISSUER_RULE("config.manyToOne.broad.noIssuerRule");

    /** The catalog entry that says why, inside {@code config.manyToOne.broad}. */
    final String key;

    BroadMapping(String key) {
        this.key = key;
    }

    /** Why the mapping is broad, or null when it is not (or is Deny, or says {@code broad="true"}). */
    static BroadMapping of(MappingFileModel.ManyToOne m, boolean hasTrustStore) {
        if (m.mapping().deny() || m.mapping().broad()) {
            return null;
        }
        if (m.mapping().rules().isEmpty()) {
            return NO_RULES;
        }
        if (m.hasStarOnlyRule()) {
            return STAR_ONLY_RULE;
        }
        if (!hasTrustStore && !m.hasIssuerRule()) {
            return NO_ISSUER_RULE;
        }
        return null;
    }
}
