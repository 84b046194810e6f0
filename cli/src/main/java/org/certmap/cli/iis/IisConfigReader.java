package org.certmap.cli.iis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;

import org.certmap.engine.config.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the parts of IIS configuration that certmap imports: every
 * {@code iisClientCertificateMappingAuthentication} section and every {@code <access sslFlags>},
 * each with the configuration path it applies to ({@code <location path="Site/dir">}). Accepts an
 * applicationHost.config, a web.config, or a bare exported section. DTDs are refused.
 */
public final class IisConfigReader {

    static final String SECTION = "iisClientCertificateMappingAuthentication";

    /** The kind of file read. */
    public enum Kind {
        /** applicationHost.config: paths start with a site name; "" is the whole server. */
        APPLICATION_HOST,
        /** web.config: paths are relative to its folder, "" is the site (or application) root. */
        WEB_CONFIG,
        /** A bare section, as IIS Manager's configuration editor exports it. */
        SECTION
    }

    /** A mapping section at a configuration path. */
    public record Section(String path, Element element) {
    }

    /** An {@code <access sslFlags>} at a configuration path. */
    public record Access(String path, String sslFlags) {
    }

    /** An {@code <anonymousAuthentication enabled>} at a configuration path. */
    public record Anonymous(String path, boolean enabled) {
    }

    /** What was found. */
    /**
     * @param adMapper the configuration paths where IIS's Active Directory mapper
     *                 ({@code <clientCertificateMappingAuthentication enabled="true"/>}) is on
     */
    public record Found(Kind kind, List<String> sites, List<Section> sections, List<Access> access,
            List<Anonymous> anonymous, List<String> adMapper) {

        public Found(Kind kind, List<String> sites, List<Section> sections, List<Access> access,
                List<Anonymous> anonymous) {
            this(kind, sites, sections, access, anonymous, List.of());
        }
    }

    /** IIS's Active Directory client certificate mapper, the fleet-wide mapping certmap's {@code <directory>} replaces. */
    static final String AD_MAPPER = "clientCertificateMappingAuthentication";

    private IisConfigReader() {
    }

    public static Found read(Path file) throws IOException {
        Document doc = parse(file);
        Element root = doc.getDocumentElement();
        String name = local(root);
        List<Section> sections = new ArrayList<>();
        List<Access> access = new ArrayList<>();
        List<Anonymous> anonymous = new ArrayList<>();
        if (name.equals(SECTION)) {
            sections.add(new Section("", root));
            return new Found(Kind.SECTION, List.of(), sections, access, anonymous);
        }
        boolean appHost = child(root, "system.applicationHost") != null;
        Set<String> sites = new LinkedHashSet<>();
        if (appHost) {
            Element sitesElement = child(child(root, "system.applicationHost"), "sites");
            if (sitesElement != null) {
                for (Element site : children(sitesElement, "site")) {
                    if (!site.getAttribute("name").isEmpty()) {
                        sites.add(site.getAttribute("name"));
                    }
                }
            }
        }
        List<String> adMapper = new ArrayList<>();
        walk(root, "", sections, access, anonymous, adMapper);
        if (sections.isEmpty() && access.isEmpty() && adMapper.isEmpty() && !name.equals("configuration")) {
            throw new IOException(file + ": no " + SECTION + " section and no <access sslFlags> found (the root"
                    + " element is <" + name + ">; expected applicationHost.config, web.config or the section itself)");
        }
        return new Found(appHost ? Kind.APPLICATION_HOST : Kind.WEB_CONFIG, List.copyOf(sites), sections, access,
                anonymous, List.copyOf(adMapper));
    }

    private static void walk(Element e, String path, List<Section> sections, List<Access> access,
            List<Anonymous> anonymous, List<String> adMapper) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c)) {
                continue;
            }
            String name = local(c);
            if (name.equals("location")) {
                walk(c, join(path, c.getAttribute("path")), sections, access, anonymous, adMapper);
            } else if (name.equals(SECTION)) {
                sections.add(new Section(path, c));
            } else if (name.equals("access") && c.hasAttribute("sslFlags")) {
                access.add(new Access(path, c.getAttribute("sslFlags")));
            } else if (name.equals(AD_MAPPER)) {
                if ("true".equalsIgnoreCase(c.getAttribute("enabled").trim())) {
                    adMapper.add(path);
                }
            } else if (name.equals("anonymousAuthentication") && c.hasAttribute("enabled")) {
                anonymous.add(new Anonymous(path, "true".equalsIgnoreCase(c.getAttribute("enabled").trim())));
            } else if (!name.equals("system.applicationHost")) {
                walk(c, path, sections, access, anonymous, adMapper);
            }
        }
    }

    /** Configuration paths use '/', have no leading or trailing slash; "." is the current folder. */
    static String join(String base, String relative) {
        String r = relative.replace('\\', '/').trim();
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.isEmpty() || r.equals(".")) {
            return base;
        }
        return base.isEmpty() ? r : base + "/" + r;
    }

    private static Document parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilder b = SecureXml.documentBuilderFactory().newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // nothing that changes what is read
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(in, file.toUri().toString());
        } catch (SAXParseException e) {
            throw new IOException(file + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": not well-formed XML: "
                    + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException | IllegalStateException e) {
            throw new IOException(file + ": cannot parse: " + e.getMessage(), e);
        }
    }

    static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && local(c).equals(name)) {
                return c;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && (name == null || local(c).equals(name))) {
                out.add(c);
            }
        }
        return out;
    }
}
