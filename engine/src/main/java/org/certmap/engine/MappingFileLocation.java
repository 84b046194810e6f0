package org.certmap.engine;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.config.PropertyExpander;

/**
 * Where a site root's mapping file is (DESIGN.md, "Where the mapping file is"), one rule for every
 * front door: {@code ${name}} and {@code ${env:NAME}} expand first (an unset name is an error, so a
 * typo cannot point certmap at nothing); then a value starting with {@code /WEB-INF/} is a resource
 * of the web application, which must be unpacked on disk so the file can be read and watched; any
 * other value is a file path, absolute, or relative to {@code catalina.base} where that system
 * property is set (Tomcat, and servers that set it), else to the working directory.
 */
public final class MappingFileLocation {

    /** The default mapping file, a resource of the web application. */
    public static final String DEFAULT = "/WEB-INF/certmap.xml";

    private MappingFileLocation() {
    }

    /**
     * @param configFile the value the front door was configured with (valve attribute, context-param,
     *                   annotation)
     * @param realPath   the container's {@code ServletContext::getRealPath}: the file behind a web
     *                   application resource, or null when the application is not unpacked
     * @throws ConfigException naming the value, in certmap's words, when it cannot name a file
     */
    public static Path resolve(String configFile, UnaryOperator<String> realPath) throws ConfigException {
        return resolve(configFile, realPath, PropertyExpander.standard(), System.getProperty("catalina.base"));
    }

    static Path resolve(String configFile, UnaryOperator<String> realPath, PropertyExpander expander,
            String catalinaBase) throws ConfigException {
        String given = configFile == null ? "" : configFile.trim();
        String where = "configFile [" + given + "]";
        String value;
        try {
            value = expander.expand(given);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, 0, 0, e.getMessage());
        }
        if (value.isEmpty()) {
            throw new ConfigException(where, 0, 0, Messages.format("location.file.empty"));
        }
        if (value.startsWith("/WEB-INF/")) {
            String real = realPath == null ? null : realPath.apply(value);
            if (real == null) {
                throw new ConfigException(where, 0, 0, Messages.format("location.file.notUnpacked", value));
            }
            return Path.of(real);
        }
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p;
        }
        return catalinaBase == null ? p.toAbsolutePath() : Path.of(catalinaBase).resolve(p);
    }
}
