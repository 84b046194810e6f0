package org.certmap.tomcat;

import java.nio.file.Path;

import jakarta.servlet.ServletContext;

import org.certmap.engine.config.PropertyExpander;

/**
 * Where a context's mapping file is (DESIGN.md, "Where the mapping file is"): a value starting
 * with {@code /WEB-INF/} is a resource of the web application; any other value is a file path,
 * absolute or relative to {@code catalina.base}, with {@code ${name}} and {@code ${env:NAME}}
 * expanded. An unset name is an error, so that a typo cannot point certmap at nothing.
 */
final class ConfigFileLocator {

    private ConfigFileLocator() {
    }

    /**
     * @throws IllegalArgumentException with a message for the operator when the value cannot name a file
     */
    static Path locate(String configFile, ServletContext servletContext, PropertyExpander expander) {
        String value = expander.expand(configFile == null ? "" : configFile.trim());
        if (value.isEmpty()) {
            throw new IllegalArgumentException(Strings.get("valve.configFile.empty"));
        }
        if (value.startsWith("/WEB-INF/")) {
            String real = servletContext == null ? null : servletContext.getRealPath(value);
            if (real == null) {
                throw new IllegalArgumentException(Strings.get("valve.configFile.noRealPath", value));
            }
            return Path.of(real);
        }
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p;
        }
        String base = System.getProperty("catalina.base");
        return base == null ? p.toAbsolutePath() : Path.of(base).resolve(p);
    }
}
