package org.certmap.engine.config;

import java.util.Objects;
import java.util.function.Function;

import org.certmap.engine.base.Messages;

/**
 * Expands {@code ${name}} (a system property) and {@code ${env:NAME}} (an environment variable)
 * in path and password attributes, so that secrets and machine-specific paths stay out of the
 * mapping file. An unset name is an error, never an empty string: a trust store path that
 * silently became "" would be a configuration that silently does nothing.
 */
public final class PropertyExpander {

    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;

    public PropertyExpander(Function<String, String> systemProperties, Function<String, String> environment) {
        this.systemProperties = Objects.requireNonNull(systemProperties);
        this.environment = Objects.requireNonNull(environment);
    }

    /** Expands from {@link System#getProperty} and {@link System#getenv}. */
    public static PropertyExpander standard() {
        return new PropertyExpander(System::getProperty, System::getenv);
    }

    /**
     * @throws IllegalArgumentException naming the unset property or variable, or an unclosed {@code ${}
     */
    public String expand(String value) {
        if (value == null || value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                sb.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException(Messages.format("config.expand.unclosed", "'${'", start + 1, "'}'"));
            }
            sb.append(value, i, start);
            String name = value.substring(start + 2, end);
            String resolved;
            if (name.startsWith("env:")) {
                String var = name.substring(4);
                resolved = var.isEmpty() ? null : environment.apply(var);
                if (resolved == null) {
                    throw new IllegalArgumentException(Messages.format("config.expand.unsetEnvironment", var, "${" + name + "}"));
                }
            } else {
                resolved = name.isEmpty() ? null : systemProperties.apply(name);
                if (resolved == null) {
                    throw new IllegalArgumentException(Messages.format("config.expand.unsetProperty", name, "${" + name + "}",
                            "${env:NAME}"));
                }
            }
            sb.append(resolved);
            i = end + 1;
        }
        return sb.toString();
    }
}
