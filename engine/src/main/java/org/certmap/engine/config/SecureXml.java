package org.certmap.engine.config;

import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
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
        harden(f::setFeature);
        // An <xi:include> is an unknown element, never a file read.
        f.setXIncludeAware(false);
        return f;
    }

    /** A namespace-aware DOM factory that also leaves entity references unexpanded. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        harden(f::setFeature);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }

    /** {@code setFeature} of either factory, whose exceptions differ. */
    @FunctionalInterface
    private interface FeatureSetter {
        void set(String name, boolean value) throws Exception;
    }

    /** Sets every feature; the two factories declare different exceptions, so any one means refused. */
    private static void harden(FeatureSetter factory) {
        for (Map.Entry<String, Boolean> feature : FEATURES.entrySet()) {
            try {
                factory.set(feature.getKey(), feature.getValue());
            } catch (Exception e) {
                throw insecure(e);
            }
        }
    }

    private static IllegalStateException insecure(Exception e) {
        return new IllegalStateException(Messages.format("config.xml.insecureParser"), e);
    }
}
