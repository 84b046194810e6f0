package org.certmap.engine.config;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.certmap.engine.base.Messages;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;

/**
 * What the element readers share while one file is read: the model they fill, the rules they
 * call as elements enter it, the error factory, the referenced files, the expander of
 * {@code ${...}}, and where the parser is.
 */
final class ReadContext {

    final Path file;
    final MappingFileModel model;
    final MappingRules rules;
    final LoadErrors errors;
    final ReferencedFiles files;
    final PropertyExpander expander;
    /** Told of each one-to-one entry as it is read; null when nobody asks (the server). */
    final Consumer<OneToOneEntry> entries;
    private Locator locator;

    ReadContext(Path file, MappingFileModel model, PropertyExpander expander, Consumer<OneToOneEntry> entries) {
        this.file = file;
        this.model = model;
        this.errors = new LoadErrors(file);
        this.rules = new MappingRules(errors);
        this.files = new ReferencedFiles(file, errors);
        this.expander = expander;
        this.entries = entries;
    }

    void locator(Locator locator) {
        this.locator = locator;
    }

    /** Where the parser is: the end of the start tag being read. */
    Position here() {
        return Position.of(locator);
    }

    int line() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    int column() {
        return locator == null ? 0 : locator.getColumnNumber();
    }

    /** A path or password attribute with {@code ${...}} expanded; null when absent. */
    String expanded(Attributes a, String name) {
        return expanded(name, a.getValue(name));
    }

    String expanded(String name, String value) {
        try {
            return expander.expand(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.format("config.attribute", name, e.getMessage()), e);
        }
    }

    /** A warning at the element being read. */
    void warn(String key, Object... args) {
        model.warnings.add(errors.warning(line(), key, args));
    }

    static String required(Attributes a, String name) {
        String v = a.getValue(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(Messages.format("config.required", name));
        }
        return v.trim();
    }

    /** The XSD allows only {@code true} and {@code false}. */
    static boolean bool(Attributes a, String name, boolean def) {
        String v = a.getValue(name);
        return v == null ? def : v.equals("true");
    }
}
