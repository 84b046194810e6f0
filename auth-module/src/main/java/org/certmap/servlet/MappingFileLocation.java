package org.certmap.servlet;

import java.nio.file.Path;

import jakarta.servlet.ServletContext;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.PropertyExpander;

/**
 * Where an application's mapping file is (DESIGN.md, "Where the mapping file is"): a value
 * starting with {@code /WEB-INF/} is a resource of the web application; any other value is a file
 * path, absolute or relative to {@code catalina.base} where set, else the working directory.
 * {@code ${name}} and {@code ${env:NAME}} expand first; an unset name is an error.
 */
public final class MappingFileLocation {

    /** The context-param naming the mapping file for the ServerAuthModule. */
    public static final String CONFIG_FILE_PARAM = "org.certmap.configFile";

    /** The default mapping file, a resource of the web application. */
    public static final String DEFAULT = "/WEB-INF/certmap.xml";

    private MappingFileLocation() {
    }

    /** Resolves {@code value} for {@code context}; throws a {@link ConfigException} naming the value when it cannot. */
    public static Path resolve(ServletContext context, String value) throws ConfigException {
        String expanded;
        try {
            expanded = PropertyExpander.standard().expand(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("configFile " + value, 0, 0, e.getMessage());
        }
        if (expanded.startsWith("/WEB-INF/")) {
            String real = context.getRealPath(expanded);
            if (real == null) {
                throw new ConfigException("configFile " + value, 0, 0, "the application is not unpacked, so "
                        + expanded + " has no file to read and watch; unpack the WAR or give a file path");
            }
            return Path.of(real);
        }
        Path p = Path.of(expanded);
        if (p.isAbsolute()) {
            return p;
        }
        String base = System.getProperty("catalina.base");
        return base != null ? Path.of(base).resolve(p) : p.toAbsolutePath();
    }

    /** Whether the application has the default mapping file. */
    public static boolean hasDefault(ServletContext context) {
        try {
            return context.getResource(DEFAULT) != null;
        } catch (java.net.MalformedURLException e) {
            return false;
        }
    }
}
