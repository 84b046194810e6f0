package org.certmap.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.directory.DirectoryServices;
import org.certmap.engine.revocation.RevocationServices;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Loads a mapping file into an immutable {@link MappingConfig}: one streaming pass that validates
 * against the XSD shipped in the engine ({@code org/certmap/engine/config/certmap.xsd}) while
 * {@link MappingFileReader} hands each element to its reader, which fills a
 * {@link MappingFileModel} and calls the {@link MappingRules} that compare it with earlier
 * elements; then the rules about the whole file, and {@link MappingConfigBuilder}. A million
 * mappings load in seconds. Every problem is a {@link ConfigException} with file, line and column
 * and a sentence saying what to do ({@link LoadErrors}). DTDs are refused (no XXE).
 */
public final class MappingFileLoader {

    /** Where the XSD lives in the engine JAR, for tools and docs. */
    public static final String SCHEMA_RESOURCE = "/org/certmap/engine/config/certmap.xsd";

    private static final Schema SCHEMA = loadSchema();

    private final PropertyExpander expander;
    private final RevocationServices revocation = new RevocationServices();
    private final DirectoryServices directories = new DirectoryServices();

    public MappingFileLoader(PropertyExpander expander) {
        this.expander = expander;
    }

    /**
     * What revocation keeps across the loads of one site root: the CRL files in force (a reload
     * may not replace one with an older CRL) and the OCSP / CRL distribution point client with its
     * caches. The engine closes it when it stops.
     */
    public RevocationServices revocation() {
        return revocation;
    }

    /** The {@code <directory>} connections and answer caches, kept across reloads; the engine closes them. */
    public DirectoryServices directories() {
        return directories;
    }

    public static MappingFileLoader standard() {
        return new MappingFileLoader(PropertyExpander.standard());
    }

    public PropertyExpander expander() {
        return expander;
    }

    /** Loads and checks the whole file, and every file it names. */
    public MappingConfig load(Path file) throws ConfigException {
        return load(file, null);
    }

    /**
     * As {@link #load(Path)}, telling {@code entries} of each one-to-one entry as it is read, in
     * file order: what tools list and check ({@code certmap check}, {@code list}, {@code map}),
     * from this one load. Only a load that returns has given every entry.
     */
    public MappingConfig load(Path file, Consumer<OneToOneEntry> entries) throws ConfigException {
        Path abs = file.toAbsolutePath().normalize();
        long size;
        try {
            size = Files.size(abs);
        } catch (IOException e) {
            size = 0;
        }
        // About 100 bytes per <add userName=".." sha256=".."/> line: the index is sized once.
        MappingFileModel model = new MappingFileModel((int) Math.max(1024, Math.min(8_000_000, size / 100)));
        ReadContext context = new ReadContext(abs, model, expander, entries);
        LoadErrors errors = context.errors;
        XmlErrors xmlErrors = new XmlErrors(errors);
        try (InputStream in = Files.newInputStream(abs)) {
            XMLReader reader = newReader();
            reader.setContentHandler(new MappingFileReader(context));
            reader.setErrorHandler(xmlErrors);
            InputSource source = new InputSource(in);
            source.setSystemId(abs.toUri().toString());
            reader.parse(source);
            xmlErrors.throwHeld();
        } catch (NoSuchFileException e) {
            throw errors.file(null, "config.file.missing");
        } catch (IOException e) {
            throw errors.file(e, "config.file.unreadable", e.getMessage());
        } catch (SAXParseException e) {
            if (e.getException() instanceof ConfigException c) {
                throw c;
            }
            throw errors.problem(new Position(e.getLineNumber(), e.getColumnNumber()), XmlErrors.translate(e), e);
        } catch (SAXException e) {
            if (e.getException() instanceof ConfigException c) {
                throw c;
            }
            throw errors.problem(Position.NONE, e.getMessage(), e);
        }
        context.rules.wholeFile(model);
        MappingConfig config = new MappingConfigBuilder(context, revocation, directories).build();
        if (config.revocation() != null) {
            revocation.inForce(config.revocation().files().byFile());
        }
        return config;
    }

    private static XMLReader newReader() throws SAXException {
        try {
            SAXParserFactory f = SecureXml.saxParserFactory();
            f.setSchema(SCHEMA);
            XMLReader reader = f.newSAXParser().getXMLReader();
            try {
                // XmlErrors recognises the parser's English sentences; a JVM in another locale
                // would otherwise hand it German or Japanese ones, passed on untranslated. ROOT,
                // not ENGLISH: the parser has no _en bundle, so ENGLISH falls back to the JVM's locale.
                reader.setProperty("http://apache.org/xml/properties/locale", Locale.ROOT);
            } catch (SAXException notSupported) {
                // another parser: its messages are passed on as they are
            }
            try {
                // No post-schema-validation infoset: certmap reads attribute values only, and building
                // the PSVI for a million elements is a large share of the load time.
                reader.setFeature("http://apache.org/xml/features/validation/schema/augment-psvi", false);
            } catch (SAXException notSupported) {
                // another parser: validation works the same, only slower
            }
            return reader;
        } catch (ParserConfigurationException | IllegalStateException e) {
            throw new SAXException(Messages.format("config.xml.insecureParser"), e);
        }
    }

    private static Schema loadSchema() {
        try {
            SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            URL xsd = MappingFileLoader.class.getResource(SCHEMA_RESOURCE);
            if (xsd == null) {
                throw new IllegalStateException(Messages.format("config.xml.schemaMissing"));
            }
            return sf.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException(Messages.format("config.xml.schemaBroken"), e);
        }
    }
}
