package org.certmap.engine.config;

import org.xml.sax.Locator;

/**
 * Where an element of the mapping file is: the line and column at which the parser reports it
 * (the end of its start tag), 1-based; 0 where unknown. Every load error and warning about an
 * element is reported there.
 */
record Position(int line, int column) {

    static final Position NONE = new Position(0, 0);

    /** Where the parser is now. */
    static Position of(Locator locator) {
        return locator == null ? NONE : new Position(locator.getLineNumber(), locator.getColumnNumber());
    }
}
