package org.certmap.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.certmap.engine.config.PropertyExpander;

import picocli.CommandLine.Option;

/**
 * What every command that reads a mapping file needs besides the file: where {@code ${catalina.base}}
 * points. The README recommends {@code configFile="${catalina.base}/conf/certmap/app.xml"} and paths
 * relative to it inside the file; Tomcat sets the property, the CLI takes it from (first found)
 * {@code --catalina-base}, {@code -Dcatalina.base=DIR} (before or after the command name, or in
 * {@code CERTMAP_JAVA_OPTS}), or the environment variable {@code CATALINA_BASE}, as Tomcat's own
 * scripts do. {@code ${catalina.home}} likewise falls back to {@code CATALINA_HOME}. With the file
 * itself ({@code --config}), {@link ConfigFileOptions}.
 */
public class MappingFileOptions {

    /** The environment variables Tomcat's scripts use for the two properties. */
    static final Map<String, String> TOMCAT_VARIABLES = Map.of("catalina.base", "CATALINA_BASE",
            "catalina.home", "CATALINA_HOME");

    @Option(names = "--catalina-base", paramLabel = "DIR",
            description = "The Tomcat folder that $${catalina.base} in the mapping file means (default: -Dcatalina.base,"
                    + " else the environment variable CATALINA_BASE).")
    Path catalinaBase;

    /** The expander for the mapping file: the command line's -D values, the JVM's, then Tomcat's variables. */
    PropertyExpander expander(CertmapCommand root) {
        Map<String, String> defines = root.defines == null ? Map.of() : root.defines;
        Function<String, String> env = root.terminal().env();
        Function<String, String> properties = name -> {
            if (name.equals("catalina.base") && catalinaBase != null) {
                return catalinaBase.toAbsolutePath().normalize().toString();
            }
            String v = defines.get(name);
            if (v == null) {
                v = System.getProperty(name);
            }
            String variable = TOMCAT_VARIABLES.get(name);
            if (v == null && variable != null) {
                v = env.apply(variable);
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("${" + name + "} is not set: give "
                            + (name.equals("catalina.base") ? "--catalina-base DIR, " : "")
                            + "-D" + name + "=DIR or set the environment variable " + variable
                            + " (the Tomcat folder the server runs with)");
                }
            }
            return v;
        };
        return new PropertyExpander(properties, env);
    }
}
