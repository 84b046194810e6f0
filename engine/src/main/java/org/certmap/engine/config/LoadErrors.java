package org.certmap.engine.config;

import java.nio.file.Path;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;

/**
 * The one place that turns a problem of a mapping file into a {@link ConfigException} (file,
 * line, column and a sentence from the message catalog) or into a warning line
 * ({@code file:line: text}), so that every reader, rule and the builder say things the same way.
 */
final class LoadErrors {

    private final String file;

    LoadErrors(Path file) {
        this.file = file.toString();
    }

    /** The problem under {@code key} in the catalog, at {@code at}. */
    ConfigException at(Position at, String key, Object... args) {
        return new ConfigException(file, at.line(), at.column(), Messages.format(key, args));
    }

    /**
     * A problem that earlier releases loaded without a word (DESIGN.md, "Changes since the first
     * release"): the sentence, then {@code config.newInThisRelease}, which points to the CHANGELOG.
     */
    ConfigException newInThisRelease(Position at, String key, Object... args) {
        return new ConfigException(file, at.line(), at.column(), Messages.format(key, args) + " "
                + Messages.format("config.newInThisRelease"));
    }

    /** As {@link #at(Position, String, Object...)}, keeping the exception that revealed it. */
    ConfigException at(Position at, Throwable cause, String key, Object... args) {
        return new ConfigException(file, at.line(), at.column(), Messages.format(key, args), cause);
    }

    /**
     * A problem already put in words where it was found: a value parser's
     * {@link IllegalArgumentException} (sizes, paths, names, proxies, each from its own catalog
     * entry), or the XML parser's sentence that {@link XmlErrors} passed on.
     */
    ConfigException problem(Position at, String problem, Throwable cause) {
        return new ConfigException(file, at.line(), at.column(), problem, cause);
    }

    /** A problem of the file as a whole (no line). */
    ConfigException file(Throwable cause, String key, Object... args) {
        return new ConfigException(file, 0, 0, Messages.format(key, args), cause);
    }

    /** A warning or notice line for {@link MappingConfig#warnings()}: {@code file:line: text}. */
    String warning(int line, String key, Object... args) {
        return line(line, Messages.format(key, args));
    }

    /** A warning about the file as a whole: {@code file: text}. */
    String warning(String key, Object... args) {
        return file + ": " + Messages.format(key, args);
    }

    /** A warning put in words elsewhere (sslFlags, trust store), at a line of the file. */
    String line(int line, String text) {
        return file + ":" + line + ": " + text;
    }
}
