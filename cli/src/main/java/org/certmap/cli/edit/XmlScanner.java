package org.certmap.cli.edit;

/**
 * Finds tags in XML text without parsing it into a tree, so that an edit can insert text and
 * keep everything else byte for byte (comments, spacing, attribute order, line endings).
 * Skips comments, CDATA, processing instructions, the DOCTYPE and quoted attribute values.
 * Only used on files that the engine's loader then checks in full.
 */
final class XmlScanner {

    /** One tag: its name, where it starts ({@code <}) and ends (after {@code >}), and its kind. */
    record Tag(String name, int start, int end, boolean closing, boolean selfClosing) {
    }

    private final String text;
    private int pos;

    XmlScanner(String text) {
        this.text = text;
    }

    /** The next tag, or null at the end. */
    Tag next() {
        while (true) {
            int lt = text.indexOf('<', pos);
            if (lt < 0) {
                pos = text.length();
                return null;
            }
            if (text.startsWith("<!--", lt)) {
                pos = skipTo(lt + 4, "-->");
                continue;
            }
            if (text.startsWith("<![CDATA[", lt)) {
                pos = skipTo(lt + 9, "]]>");
                continue;
            }
            if (text.startsWith("<?", lt)) {
                pos = skipTo(lt + 2, "?>");
                continue;
            }
            if (text.startsWith("<!", lt)) {
                pos = skipTo(lt + 2, ">");
                continue;
            }
            boolean closing = lt + 1 < text.length() && text.charAt(lt + 1) == '/';
            int i = lt + (closing ? 2 : 1);
            int nameStart = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '>'
                    && text.charAt(i) != '/') {
                i++;
            }
            String name = text.substring(nameStart, i);
            char quote = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
                i++;
            }
            if (i >= text.length()) {
                throw new IllegalArgumentException("unterminated tag <" + name);
            }
            boolean self = text.charAt(i - 1) == '/';
            pos = i + 1;
            return new Tag(name, lt, i + 1, closing, self);
        }
    }

    private int skipTo(int from, String end) {
        int e = text.indexOf(end, from);
        if (e < 0) {
            throw new IllegalArgumentException("unterminated " + (end.equals("-->") ? "comment" : "markup"));
        }
        return e + end.length();
    }
}
