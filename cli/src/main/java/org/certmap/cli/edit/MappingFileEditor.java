package org.certmap.cli.edit;

import java.util.Map;

/**
 * Adds a one-to-one {@code <add>} to the text of a mapping file, keeping the rest of the file as
 * it is: before {@code </oneToOneMappings>} (indented like its neighbours), in place of an empty
 * {@code <oneToOneMappings/>}, or as a new {@code <oneToOneMappings>} before the root's end tag.
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
