package org.certmap.engine.config;

import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.certmap.engine.base.Messages;

/**
 * The XML parser factories certmap reads configuration with (the mapping file, and the CLI's
 * IIS {@code applicationHost.config} and {@code web.config}), hardened in one place: no DOCTYPE
 * (so no XXE and no entity expansion), no external entities, no XInclude, secure processing on.
 */
public final class SecureXml {

    /** Features every factory gets: a DOCTYPE is refused, external entities are never read. */
    private static final Map<String, Boolean> FEATURES = Map.of(
            XMLConstants.FEATURE_SECURE_PROCESSING, true,
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false);

    private SecureXml() {
    }

    /**
     * A namespace-aware SAX parser factory.
     *
     * @throws IllegalStateException when the JDK's parser refuses one of the features
     */
    public static SAXParserFactory saxParserFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        try {
            for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
                f.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException | org.xml.sax.SAXException e) {
            throw insecure(e);
        }
        // An <xi:include> is an unknown element, never a file read.
        f.setXIncludeAware(false);
        return f;
    }

    /** A namespace-aware DOM factory that also leaves entity references unexpanded. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        try {
            for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
                f.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException e) {
            throw insecure(e);
        }
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    private static IllegalStateException insecure(Exception e) {
        return new IllegalStateException(Messages.format("config.xml.insecureParser"), e);
    }
}
