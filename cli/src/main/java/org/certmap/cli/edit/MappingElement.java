package org.certmap.cli.edit;

import java.util.Map;

/**
 * One mapping of a mapping file as it stands in the text: a one-to-one {@code <add .../>} or a
 * many-to-one {@code <add name="..."> ... </add>}, with where it is, so that it can be removed or
 * its start tag changed while the rest of the file stays byte for byte.
 *
 * @param start       offset of its {@code <}
 * @param startTagEnd offset after its start tag's {@code >}
 * @param end         offset after its end ({@code />} or {@code </add>})
 * @param line        the line where its start tag ends: the line the engine's loader reports for it
 *                    ({@code OneToOneMapping.line()}, {@code ManyToOneMapping.line()})
 * @param firstLine   the line of its {@code <}
 * @param lastLine    the line of its last character
 * @param attributes  the start tag's attributes, decoded, in document order
 */
public record MappingElement(Kind kind, int start, int startTagEnd, int end, int line, int firstLine, int lastLine,
        Map<String, String> attributes) {

    /** Which list the element is in. */
    public enum Kind { ONE_TO_ONE, MANY_TO_ONE }

    public MappingElement {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    /** An attribute's decoded value, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** "line 12" or "lines 20-24". */
    public String lines() {
        return firstLine == lastLine ? "line " + line : "lines " + firstLine + "-" + lastLine;
    }
}
