package org.certmap.engine;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;

/**
 * What a front door demands of every mapping file it runs with, checked at start and at every
 * reload: a file that fails it is a bad file like any other (start fails; a reload keeps the last
 * good snapshot). Example: a Tomcat connector that defers certificate validation to certmap
 * requires {@code <validation trustStore>}, so that no reload can ever turn it into "trust all".
 */
@FunctionalInterface
public interface ConfigRequirement {

    /** Accepts every file. */
    ConfigRequirement NONE = config -> {
    };

    /** @throws ConfigException saying what the file lacks and what to do */
    void check(MappingConfig config) throws ConfigException;
}
