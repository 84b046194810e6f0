package org.certmap.engine.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.certmap.engine.base.Messages;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XML parser's and the XSD validator's complaints, said in certmap's words, at the place the
 * parser reports: stops at the first problem, since a half-understood security configuration must
 * not load.
 *
 * <p>The validator's wording ("cvc-complex-type.2.1: ... must have no character or element
 * information item [children]") is about the schema, not about what to change in the file, so
 * each common message is matched (the loader asks the parser for English, whatever the JVM's
 * locale) and rewritten. A message not recognised is passed on without its {@code cvc-} code;
 * well-formedness errors keep the parser's sentence, which names the construct, after
 * "not well-formed XML".
 *
 * <p>A bad boolean or number comes as two errors in a row: the datatype's ("'abc' is not a valid
 * value for 'integer'") and then {@code cvc-attribute.3}, which names the attribute. The first is
 * held until the second arrives, so the message can say {@code maxChainLength="abc" on
 * <validation>}; the validator reports both before the element reaches the content handler.
 */
final class XmlErrors implements ErrorHandler {

    private static final Pattern CVC = Pattern.compile("^(cvc-[\\w.-]+): ");
    private static final Pattern UNKNOWN_ATTRIBUTE =
            Pattern.compile("Attribute '([^']+)' is not allowed to appear in element '([^']+)'\\.");
    private static final Pattern UNKNOWN_ELEMENT = Pattern.compile("Invalid content was found starting with element '(.+?)'\\."
            + "(?: One of| No child element|$)");
    /** Xerces writes an element in a namespace as {@code {"uri":local}}. */
    private static final Pattern NAMESPACED = Pattern.compile("^\\{\"([^\"]*)\":([^}]+)\\}$");
    private static final Pattern MISSING_ATTRIBUTE = Pattern.compile("Attribute '([^']+)' must appear on element '([^']+)'\\.");
    private static final Pattern NO_DECLARATION = Pattern.compile("Cannot find the declaration of element '([^']+)'");
    private static final Pattern NOT_EMPTY = Pattern.compile("^Element '([^']+)' must have no character or element");
    private static final Pattern NO_TEXT = Pattern.compile("^Element '([^']+)' cannot have character \\[children\\]");
    private static final Pattern BAD_ATTRIBUTE_VALUE = Pattern.compile(
            "^The value '(.*)' of attribute '([^']+)' on element '([^']+)' is not valid with respect to its type, '(.*)'\\.$");
    private static final String XINCLUDE_NS = "http://www.w3.org/2001/XInclude";

    private final LoadErrors errors;
    private SAXParseException heldDatatypeError;

    XmlErrors(LoadErrors errors) {
        this.errors = errors;
    }

    @Override
    public void warning(SAXParseException e) {
        // schema warnings never change what loads
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
        String code = code(e);
        if (code != null && isDatatypeError(code) && heldDatatypeError == null) {
            heldDatatypeError = e;
            return;
        }
        SAXParseException datatype = heldDatatypeError;
        heldDatatypeError = null;
        if (datatype != null) {
            Matcher v = BAD_ATTRIBUTE_VALUE.matcher(text(e));
            throw fail(e, "cvc-attribute.3".equals(code) && v.find()
                    ? badValue(text(datatype), v.group(2), v.group(3), v.group(1)) : translate(datatype));
        }
        throw fail(e, translate(e));
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
        error(e);
    }

    /**
     * Throws a datatype error still held at the end of the document; the validator always follows
     * one with the error naming its attribute, so this is a guard, never the usual path.
     */
    void throwHeld() throws SAXException {
        SAXParseException e = heldDatatypeError;
        heldDatatypeError = null;
        if (e != null) {
            throw fail(e, translate(e));
        }
    }

    private SAXException fail(SAXParseException at, String message) {
        return new SAXException(errors.problem(new Position(at.getLineNumber(), at.getColumnNumber()), message, at));
    }

    /** The message in certmap's words; {@code fromValidator}: an XSD message, else the XML parser's. */
    private static String translate(String message, boolean fromValidator) {
        String m = CVC.matcher(message == null ? "" : message).replaceFirst("");
        if (!fromValidator) {
            if (m.contains("DOCTYPE")) {
                return Messages.format("config.xml.doctype");
            }
            if (m.startsWith("Premature end of file")) {
                return Messages.format("config.xml.noRoot");
            }
            return Messages.format("config.xml.notWellFormed", m);
        }
        Matcher x = UNKNOWN_ATTRIBUTE.matcher(m);
        if (x.find()) {
            return Messages.format("config.xml.unknownAttribute", x.group(1), x.group(2));
        }
        x = UNKNOWN_ELEMENT.matcher(m);
        if (x.find()) {
            return unknownElement(x.group(1));
        }
        x = MISSING_ATTRIBUTE.matcher(m);
        if (x.find()) {
            return Messages.format("config.xml.missingAttribute", x.group(2), x.group(1));
        }
        x = NO_DECLARATION.matcher(m);
        if (x.find()) {
            String name = x.group(1);
            String local = name.substring(name.indexOf(':') + 1);
            // A root with the right name that has no declaration is in a namespace (xmlns="...").
            return Messages.format(local.equals("certificateMapping") || local.equals("iisClientCertificateMappingAuthentication")
                    ? "config.xml.rootInNamespace" : "config.xml.wrongRoot", name);
        }
        x = NOT_EMPTY.matcher(m);
        if (x.find()) {
            return Messages.format("config.xml.notEmpty", x.group(1));
        }
        x = NO_TEXT.matcher(m);
        if (x.find()) {
            return Messages.format("config.text", x.group(1));
        }
        return m;
    }

    /**
     * Where a list of allowed elements follows, the validator names an element in a namespace
     * {@code {"uri":local}}; where no child is allowed at all, by its qualified name
     * {@code xi:include}. Either way say that namespaces and XInclude are not supported, since the
     * usual cause is an editor or a habit from other configuration files, not a typo.
     */
    private static String unknownElement(String name) {
        Matcher ns = NAMESPACED.matcher(name);
        String local;
        String shown;
        boolean xinclude;
        if (ns.find()) {
            local = ns.group(2);
            shown = Messages.format("config.xml.elementInNamespace", local, ns.group(1));
            xinclude = XINCLUDE_NS.equals(ns.group(1));
        } else if (name.indexOf(':') > 0) {
            local = name.substring(name.indexOf(':') + 1);
            shown = Messages.format("config.xml.element", name);
            xinclude = local.equals("include") || local.equals("fallback");
        } else {
            return Messages.format("config.xml.unknownElement", name);
        }
        return Messages.format(xinclude ? "config.xml.xinclude" : "config.xml.namespacedElement", shown, local);
    }

    static String translate(SAXParseException e) {
        return translate(e.getMessage(), code(e) != null);
    }

    /** {@code attribute="value" on <element>} and why, from the held datatype error. */
    private static String badValue(String datatypeError, String attribute, String element, String value) {
        if (datatypeError.contains("enumeration '[true, false]'")) {
            return Messages.format("config.xml.notBoolean", attribute, value, element);
        }
        java.util.regex.Matcher choices = java.util.regex.Pattern.compile("enumeration '\\[([^\\]]*)\\]'")
                .matcher(datatypeError);
        if (choices.find()) {
            return Messages.format("config.xml.notOneOf", attribute, value, element, choices.group(1).replace(", ", ", or ")
                    .replaceFirst(", or (?=.*, or )", ", "));
        }
        if (datatypeError.contains("'integer'") || datatypeError.contains("'positiveInteger'")) {
            return Messages.format("config.xml.notPositiveNumber", attribute, value, element);
        }
        return Messages.format("config.xml.badValue", attribute, value, element, datatypeError);
    }

    private static boolean isDatatypeError(String code) {
        // cvc-datatype-valid.1.2.1, cvc-enumeration-valid, cvc-minInclusive-valid, cvc-pattern-valid, ...
        return code.startsWith("cvc-datatype-valid") || code.endsWith("-valid");
    }

    private static String code(SAXParseException e) {
        Matcher m = CVC.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? m.group(1) : null;
    }

    private static String text(SAXParseException e) {
        return CVC.matcher(e.getMessage() == null ? "" : e.getMessage()).replaceFirst("");
    }
}
