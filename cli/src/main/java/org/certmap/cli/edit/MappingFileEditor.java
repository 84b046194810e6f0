package org.certmap.cli.edit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edits the text of a mapping file, keeping the rest of the file as it is. Adds a one-to-one
 * {@code <add>}: before {@code </oneToOneMappings>} (indented like its neighbours), in place of an
 * empty {@code <oneToOneMappings/>}, or as a new {@code <oneToOneMappings>} before the root's end
 * tag. Finds the mapping elements by position ({@link #scan}) and removes one, or sets or removes
 * an attribute of its start tag ({@link Edit}, applied with {@link #apply}).
 */
public final class MappingFileEditor {

    private static final String[] ROOTS = {"certificateMapping", "iisClientCertificateMappingAuthentication"};

    private MappingFileEditor() {
    }

    /** A new mapping file holding one entry. */
    public static String newFile(String addElement) {
        return String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<!-- certmap mapping file (docs/cli.md). Nothing is protected until a <location> says so, e.g.",
                "     <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>",
                "     and a <validation trustStore=\"clients-ca.pem\"/> limits it to your CA. -->",
                "<certificateMapping>",
                "  <oneToOneMappings>",
                "    " + addElement,
                "  </oneToOneMappings>",
                "</certificateMapping>",
                "");
    }

    /**
     * The text with the element added.
     *
     * @throws IllegalArgumentException when the text has no certmap root element
     */
    public static String insertOneToOne(String text, String addElement) {
        String nl = text.contains("\r\n") ? "\r\n" : "\n";
        XmlScanner scanner = new XmlScanner(text);
        XmlScanner.Tag rootEnd = null;
        XmlScanner.Tag listEnd = null;
        XmlScanner.Tag emptyList = null;
        XmlScanner.Tag lastAddInList = null;
        XmlScanner.Tag listStart = null;
        String root = null;
        int depth = 0;
        boolean inList = false;
        for (XmlScanner.Tag t = scanner.next(); t != null; t = scanner.next()) {
            if (depth == 0 && !t.closing()) {
                root = t.name();
            }
            if (t.closing()) {
                depth--;
                if (depth == 0) {
                    rootEnd = t;
                }
                if (depth == 1 && t.name().equals("oneToOneMappings")) {
                    listEnd = t;
                    inList = false;
                }
                continue;
            }
            if (depth == 1 && t.name().equals("oneToOneMappings")) {
                if (t.selfClosing()) {
                    emptyList = t;
                } else {
                    listStart = t;
                    inList = true;
                }
            } else if (inList && depth == 2 && t.name().equals("add")) {
                lastAddInList = t;
            }
            if (!t.selfClosing()) {
                depth++;
            }
        }
        if (root == null || !java.util.Arrays.asList(ROOTS).contains(root)) {
            throw new IllegalArgumentException("the root element is " + (root == null ? "missing" : "<" + root + ">")
                    + ", not <certificateMapping> or <iisClientCertificateMappingAuthentication>");
        }
        if (rootEnd == null) {
            throw new IllegalArgumentException("the root element <" + root + "> is not closed");
        }
        if (listEnd != null) {
            String closeIndent = indentBefore(text, listEnd.start());
            String itemIndent = lastAddInList != null ? indentBefore(text, lastAddInList.start())
                    : closeIndent != null ? closeIndent + step(text, listStart) : null;
            if (closeIndent != null && itemIndent != null) {
                int lineStart = listEnd.start() - closeIndent.length();
                return text.substring(0, lineStart) + itemIndent + addElement + nl + text.substring(lineStart);
            }
            return text.substring(0, listEnd.start()) + addElement + text.substring(listEnd.start());
        }
        if (emptyList != null) {
            String indent = indentBefore(text, emptyList.start());
            String in = indent == null ? "" : indent;
            String block = "<oneToOneMappings>" + nl + in + "  " + addElement + nl + in + "</oneToOneMappings>";
            return text.substring(0, emptyList.start()) + block + text.substring(emptyList.end());
        }
        String rootIndent = indentBefore(text, rootEnd.start());
        String in = (rootIndent == null ? "" : rootIndent) + "  ";
        String block = in + "<oneToOneMappings>" + nl + in + "  " + addElement + nl + in + "</oneToOneMappings>" + nl;
        if (rootIndent != null) {
            int lineStart = rootEnd.start() - rootIndent.length();
            return text.substring(0, lineStart) + block + text.substring(lineStart);
        }
        return text.substring(0, rootEnd.start()) + nl + block + text.substring(rootEnd.start());
    }

    /** What {@link #scan} finds: the root element's name and attributes, and every mapping element in document order. */
    public record Scan(String root, Map<String, String> rootAttributes, List<MappingElement> elements) {
    }

    /** One change to the text: {@code start..end} replaced by {@code replacement}. */
    public record Edit(int start, int end, String replacement) {
    }

    /**
     * The mapping elements of a mapping file's text: each {@code <add>} of {@code <oneToOneMappings>}
     * and of {@code <manyToOneMappings>} below the root, with its position and attributes. Meant for a
     * file the engine's loader has just loaded (so it is well formed and valid); the caller compares
     * what it finds with what the loader read.
     *
     * @throws IllegalArgumentException when the text has no certmap root element
     */
    public static Scan scan(String text) {
        XmlScanner scanner = new XmlScanner(text);
        int[] lineStarts = lineStarts(text);
        List<MappingElement> elements = new ArrayList<>();
        String root = null;
        Map<String, String> rootAttributes = Map.of();
        String list = null;
        XmlScanner.Tag open = null;
        MappingElement.Kind openKind = null;
        int depth = 0;
        for (XmlScanner.Tag t = scanner.next(); t != null; t = scanner.next()) {
            if (t.closing()) {
                depth--;
                if (depth == 2 && open != null) {
                    elements.add(element(text, lineStarts, scanner, openKind, open, t.end()));
                    open = null;
                } else if (depth == 1) {
                    list = null;
                }
                continue;
            }
            if (depth == 0 && root == null) {
                root = t.name();
                rootAttributes = values(scanner.attributes(t));
            } else if (depth == 1 && !t.selfClosing()) {
                list = t.name();
            } else if (depth == 2 && t.name().equals("add") && list != null) {
                MappingElement.Kind kind = list.equals("oneToOneMappings") ? MappingElement.Kind.ONE_TO_ONE
                        : list.equals("manyToOneMappings") ? MappingElement.Kind.MANY_TO_ONE : null;
                if (kind != null && t.selfClosing()) {
                    elements.add(element(text, lineStarts, scanner, kind, t, t.end()));
                } else if (kind != null) {
                    open = t;
                    openKind = kind;
                }
            }
            if (!t.selfClosing()) {
                depth++;
            }
        }
        if (root == null || !java.util.Arrays.asList(ROOTS).contains(root)) {
            throw new IllegalArgumentException("the root element is " + (root == null ? "missing" : "<" + root + ">")
                    + ", not <certificateMapping> or <iisClientCertificateMappingAuthentication>");
        }
        return new Scan(root, rootAttributes, List.copyOf(elements));
    }

    private static MappingElement element(String text, int[] lineStarts, XmlScanner scanner, MappingElement.Kind kind,
            XmlScanner.Tag start, int end) {
        return new MappingElement(kind, start.start(), start.end(), end, line(lineStarts, start.end() - 1),
                line(lineStarts, start.start()), line(lineStarts, end - 1), values(scanner.attributes(start)));
    }

    private static Map<String, String> values(List<XmlScanner.Attribute> attributes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (XmlScanner.Attribute a : attributes) {
            m.put(a.name(), a.value());
        }
        return m;
    }

    /** Where each line starts; a line ends at LF, CRLF or a lone CR, as XML counts lines. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, n);
    }

    /** The 1-based line of an offset. */
    private static int line(int[] lineStarts, int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * Removes the element: with its line (indentation and line break) when nothing else is on it, else
     * only the element. A comment on the line above stays (nothing says it belongs to the element).
     */
    public static Edit removal(String text, MappingElement e) {
        int s = e.start();
        while (s > 0 && (text.charAt(s - 1) == ' ' || text.charAt(s - 1) == '\t')) {
            s--;
        }
        int t = e.end();
        while (t < text.length() && (text.charAt(t) == ' ' || text.charAt(t) == '\t')) {
            t++;
        }
        boolean aloneBefore = s == 0 || text.charAt(s - 1) == '\n' || text.charAt(s - 1) == '\r';
        boolean aloneAfter = t == text.length() || text.charAt(t) == '\n' || text.charAt(t) == '\r';
        if (!aloneBefore || !aloneAfter) {
            return new Edit(e.start(), e.end(), "");
        }
        if (text.startsWith("\r\n", t)) {
            t += 2;
        } else if (t < text.length()) {
            t++;
        }
        return new Edit(s, t, "");
    }

    /**
     * Sets an attribute of the element's start tag: the value replaced in place (same quotes), or,
     * when the tag lacks it, {@code  name="value"} added after the attribute {@code after} (else after
     * the last attribute), so the tag's own layout stays.
     */
    public static Edit setAttribute(String text, MappingElement e, String name, String value, String after) {
        XmlScanner scanner = new XmlScanner(text, e.start());
        XmlScanner.Tag tag = scanner.next();
        List<XmlScanner.Attribute> attributes = scanner.attributes(tag);
        XmlScanner.Attribute anchor = null;
        for (XmlScanner.Attribute a : attributes) {
            if (a.name().equals(name)) {
                return new Edit(a.valueStart(), a.valueEnd(), escape(value));
            }
            if (a.name().equals(after)) {
                anchor = a;
            }
        }
        if (anchor == null && !attributes.isEmpty()) {
            anchor = attributes.get(attributes.size() - 1);
        }
        int at = anchor == null ? tag.start() + 1 + tag.name().length() : anchor.valueEnd() + 1;
        return new Edit(at, at, " " + name + "=\"" + escape(value) + "\"");
    }

    /** Removes an attribute of the element's start tag with the white space before it; null when the tag lacks it. */
    public static Edit removeAttribute(String text, MappingElement e, String name) {
        XmlScanner scanner = new XmlScanner(text, e.start());
        XmlScanner.Tag tag = scanner.next();
        for (XmlScanner.Attribute a : scanner.attributes(tag)) {
            if (a.name().equals(name)) {
                int s = a.nameStart();
                while (Character.isWhitespace(text.charAt(s - 1))) {
                    s--;
                }
                return new Edit(s, a.valueEnd() + 1, "");
            }
        }
        return null;
    }

    /**
     * The text with the edits made (they must not overlap).
     *
     * @throws IllegalArgumentException when two edits overlap
     */
    public static String apply(String text, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder sb = new StringBuilder(text);
        int limit = text.length();
        for (Edit e : sorted) {
            if (e.end() > limit) {
                throw new IllegalArgumentException("overlapping edits at offset " + e.start());
            }
            sb.replace(e.start(), e.end(), e.replacement());
            limit = e.start();
        }
        return sb.toString();
    }

    /** The white space between the line start and {@code at}, or null when something else is on that line before it. */
    private static String indentBefore(String text, int at) {
        int i = at;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i == 0 || text.charAt(i - 1) == '\n') {
            return text.substring(i, at);
        }
        return null;
    }

    private static String step(String text, XmlScanner.Tag listStart) {
        return text.contains("\t<") && !text.contains("  <") ? "\t" : "  ";
    }

    /** An {@code <add .../>} element; values escaped for a double-quoted attribute. */
    public static String addElement(Map<String, String> attributes) {
        StringBuilder sb = new StringBuilder("<add");
        attributes.forEach((k, v) -> {
            if (v != null) {
                sb.append(' ').append(k).append("=\"").append(escape(v)).append('"');
            }
        });
        return sb.append("/>").toString();
    }

    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
