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

    /** A scanner whose first tag is the one at or after {@code from}. */
    XmlScanner(String text, int from) {
        this.text = text;
        this.pos = from;
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

    /**
     * One attribute of a start tag, by position in the text: {@code name} starts at {@code nameStart},
     * the value (without its quotes) is {@code valueStart..valueEnd}, and the closing quote is at
     * {@code valueEnd}. {@code value} is decoded (entity and character references, white space as
     * an XML parser normalizes it).
     */
    record Attribute(String name, int nameStart, int valueStart, int valueEnd, char quote, String value) {
    }

    /** The attributes of a start tag, in document order. */
    java.util.List<Attribute> attributes(Tag tag) {
        java.util.List<Attribute> out = new java.util.ArrayList<>();
        int i = tag.start() + 1 + tag.name().length();
        int end = tag.end() - 1;
        while (i < end) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '/') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < end && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String name = text.substring(nameStart, i);
            while (i < end && text.charAt(i) != '"' && text.charAt(i) != '\'') {
                i++;
            }
            if (i >= end) {
                throw new IllegalArgumentException("attribute " + name + " of <" + tag.name() + "> has no value");
            }
            char quote = text.charAt(i);
            int valueStart = i + 1;
            int valueEnd = text.indexOf(quote, valueStart);
            out.add(new Attribute(name, nameStart, valueStart, valueEnd, quote,
                    decode(text.substring(valueStart, valueEnd))));
            i = valueEnd + 1;
        }
        return out;
    }

    /** An attribute value as an XML parser reports it: references replaced, tabs and line breaks as spaces. */
    static String decode(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '&') {
                int semi = raw.indexOf(';', i);
                if (semi > i) {
                    String ref = raw.substring(i + 1, semi);
                    String r = switch (ref) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        case "apos" -> "'";
                        default -> ref.startsWith("#x") ? codePoint(ref.substring(2), 16)
                                : ref.startsWith("#") ? codePoint(ref.substring(1), 10) : null;
                    };
                    if (r != null) {
                        sb.append(r);
                        i = semi;
                        continue;
                    }
                }
                sb.append(c);
            } else if (c == '\r' && i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
                sb.append(' ');
                i++;
            } else if (c == '\t' || c == '\n' || c == '\r') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String codePoint(String digits, int radix) {
        try {
            return new String(Character.toChars(Integer.parseInt(digits, radix)));
        } catch (IllegalArgumentException e) {
            return null;
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
