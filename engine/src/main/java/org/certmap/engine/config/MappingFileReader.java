package org.certmap.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.certmap.engine.base.ConfigException;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Hands the SAX events of a mapping file, which the XSD validator checks for structure, to the
 * reader of each element, which puts it into the {@link MappingFileModel}; refuses text; and
 * turns every problem into a {@link ConfigException} at the element's line and column (carried in
 * a {@link SAXException} out of the parser). The validator reports some misplaced elements only
 * when their parent ends (children of an element whose content must be empty), so no element is
 * read unless it is where the XSD allows it.
 */
final class MappingFileReader extends DefaultHandler {

    /**
     * Where each element may be, as the XSD says, by the names of its ancestors below the root
     * (several alternatives per element): an element acted on anywhere else would be read before
     * the validator has checked its attributes.
     */
    private static final Map<String, List<List<String>>> ALLOWED_PARENTS = Map.of(
            "validation", List.of(List.of()),
            "revocation", List.of(List.of("validation")),
            "directory", List.of(List.of()),
            "proxy", List.of(List.of()),
            "location", List.of(List.of()),
            "oneToOneMappings", List.of(List.of()),
            "manyToOneMappings", List.of(List.of()),
            "add", List.of(List.of("oneToOneMappings"), List.of("manyToOneMappings"),
                    List.of("manyToOneMappings", "add", "rules")),
            "rules", List.of(List.of("manyToOneMappings", "add")),
            "clear", List.of(List.of("oneToOneMappings"), List.of("manyToOneMappings"),
                    List.of("manyToOneMappings", "add", "rules")));

    private final ReadContext c;
    private final ManyToOneReader manyToOne = new ManyToOneReader();
    private final List<String> elements = new ArrayList<>();

    // where the last start or end tag ended, for the position of text that follows it
    private boolean afterTag;
    private int tagEndLine;
    private int tagEndColumn;

    MappingFileReader(ReadContext context) {
        this.c = context;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        c.locator(locator);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes a) throws SAXException {
        tagEnded();
        String parent = elements.isEmpty() ? null : elements.get(elements.size() - 1);
        elements.add(localName);
        if (parent != null && !where(ALLOWED_PARENTS.get(localName))) {
            // Misplaced. The validator does not look inside an element whose content must be empty
            // (<location>, <validation>, <proxy>, a one-to-one or rule <add>): it reports such
            // children only when that element ends, so they reach this handler unvalidated first.
            return;
        }
        try {
            read(parent, localName, a);
        } catch (IllegalArgumentException e) {
            throw new SAXException(c.errors.problem(c.here(), e.getMessage(), e));
        } catch (ConfigException e) {
            throw new SAXException(e);
        }
    }

    /** The element's reader; elements that may appear once are counted first. */
    private void read(String parent, String name, Attributes a) throws ConfigException {
        MappingFileModel model = c.model;
        if (parent == null) {
            model.root = RootReader.read(c, name, a);
            return;
        }
        switch (name) {
            case "validation" -> {
                c.rules.once(name, c.here());
                model.validation = ValidationReader.validation(c, a);
            }
            case "revocation" -> {
                c.rules.once(name, c.here());
                c.rules.revocationHasTrustStore(model, c.here());
                model.revocation = ValidationReader.revocation(c, a);
            }
            case "directory" -> {
                c.rules.once(name, c.here());
                model.directory = DirectoryReader.read(c, a);
            }
            case "proxy" -> {
                c.rules.once(name, c.here());
                model.proxy = ProxyReader.read(c, a);
            }
            case "location" -> model.locations.add(LocationReader.read(c, a));
            case "oneToOneMappings", "manyToOneMappings" -> c.rules.once(name, c.here());
            case "add" -> {
                if ("oneToOneMappings".equals(parent)) {
                    OneToOneReader.read(c, a);
                } else if ("manyToOneMappings".equals(parent)) {
                    manyToOne.start(c, a);
                } else {
                    manyToOne.rule(a);
                }
            }
            default -> {
                // clear, rules: nothing to do (IIS <clear/> is ignored)
            }
        }
    }

    /** Whether the element just started has one of these ancestor paths (below the root). */
    private boolean where(List<List<String>> paths) {
        if (paths == null) {
            return false;
        }
        List<String> ancestors = elements.subList(1, elements.size() - 1);
        return paths.contains(ancestors);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        tagEnded();
        boolean mapping = elements.size() == 3 && "add".equals(localName) && "manyToOneMappings".equals(elements.get(1))
                && manyToOne.open();
        elements.remove(elements.size() - 1);
        if (mapping) {
            try {
                c.model.manyToOne.add(manyToOne.end(c));
            } catch (ConfigException e) {
                throw new SAXException(e);
            }
        }
    }

    /**
     * Whitespace inside any element is layout (admins format these files by hand, and an IIS
     * section arrives indented); any other text is refused, because certmap reads attributes only
     * and text would be a value silently ignored. XML whitespace only: a no-break space is text.
     */
    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        int end = start + length;
        for (int i = start; i < end; i++) {
            char x = ch[i];
            if (x != ' ' && x != '\n' && x != '\t' && x != '\r') {
                throw textError(ch, start, i, end);
            }
        }
        afterTag = false;
    }

    /**
     * The schema-validating parser hands a run in element-only content here when it starts with
     * whitespace, even when text follows ({@code "\n  hello\n"}), so it gets the same check.
     */
    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    /**
     * The error at the first character of the text, which a user looks for, rather than at the
     * end of the run, where the locator is. The line counts back from the locator; the column
     * counts from the last line break in the run, or else from the end of the tag the run follows
     * (0, unknown, in the rare remaining case: a run continued after a comment or CDATA section).
     */
    private SAXException textError(char[] ch, int start, int at, int end) {
        int line = c.line();
        for (int i = at + 1; i < end; i++) {
            if (ch[i] == '\n') {
                line--;
            }
        }
        int column = 0;
        for (int i = at - 1; i >= start && column == 0; i--) {
            if (ch[i] == '\n') {
                column = at - i;
            }
        }
        if (column == 0 && afterTag) {
            line = tagEndLine;
            column = tagEndColumn + (at - start);
        }
        return new SAXException(c.errors.at(new Position(line, column), "config.text", elements.get(elements.size() - 1)));
    }

    private void tagEnded() {
        afterTag = true;
        tagEndLine = c.line();
        tagEndColumn = c.column();
    }
}
