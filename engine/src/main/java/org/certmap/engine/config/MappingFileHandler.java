package org.certmap.engine.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.directory.DirectoryServices;
import org.certmap.engine.directory.DirectorySettings;
import org.certmap.engine.directory.DirectoryStep;
import org.certmap.engine.location.Location;
import org.certmap.engine.location.LocationMatcher;
import org.certmap.engine.location.SslFlags;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.CertificateField;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.Mapper;
import org.certmap.engine.mapping.OneToOneIndex;
import org.certmap.engine.mapping.OneToOneMapping;
import org.certmap.engine.mapping.Rule;
import org.certmap.engine.mapping.UserNameTemplate;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.HeaderFormat;
import org.certmap.engine.proxy.TrustedProxies;
import org.certmap.engine.revocation.RevocationFiles;
import org.certmap.engine.revocation.RevocationNetwork;
import org.certmap.engine.revocation.RevocationServices;
import org.certmap.engine.revocation.RevocationSettings;
import org.certmap.engine.revocation.RevocationStep;
import org.certmap.engine.validation.CertificateValidator;
import org.certmap.engine.validation.RevocationChecker;
import org.certmap.engine.validation.TrustStoreLoader;
import org.certmap.engine.x509.DistinguishedName;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds a {@link MappingConfig} from SAX events that the XSD validator checks for structure; this
 * class checks meaning (keys, lists, patterns, duplicates, broad mappings) and reports every
 * problem at the element's line and column. The validator reports some misplaced elements only
 * when their parent ends (children of an element whose content must be empty), so this class
 * never relies on an element being where the XSD allows it.
 */
final class MappingFileHandler extends DefaultHandler {

    private static final int DEFAULT_MAX_HEADER_BYTES = 16384;

    private final Path file;
    private final Path folder;
    private final PropertyExpander expander;
    private Locator locator;

    private final List<String> elements = new ArrayList<>();
    private final Map<Set<String>, Set<String>> roleSets = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final List<Path> watched = new ArrayList<>();
    private final Set<String> seenOnce = new LinkedHashSet<>();

    // where the last start or end tag ended, for the position of text that follows it
    private boolean afterTag;
    private int tagEndLine;
    private int tagEndColumn;

    private boolean iis;
    private boolean enabled;
    private boolean oneToOneEnabled = true;
    private boolean manyToOneEnabled = true;
    private ShowReason showReason = ShowReason.LOCAL;
    private boolean protectDispatches = true;
    private Duration reloadInterval = Duration.ofSeconds(5);

    private CertificateValidator.Settings validation = CertificateValidator.Settings.defaults();
    private Path shadowFile;
    /** Every role a roles attribute names (one-to-one, many-to-one, location), in file order. */
    private final Set<String> roleNames = new LinkedHashSet<>();
    private final RevocationServices services;
    private final DirectoryServices directories;
    private DirectorySettings directory;
    /** One-to-one entries read so far: the next entry's usage slot. */
    private int oneToOneCount;
    private int directoryLine;
    private int directoryColumn;
    private RevocationSettings revocation;
    private int revocationLine;
    private int revocationColumn;
    private int validationLine;
    private int validationColumn;
    private int firstIssuerSerialLine;
    private int firstIssuerSerialColumn;
    private boolean hasTrustStore;
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private CertificateHeaderDecoder headerDecoder;

    private final List<Location> locations = new ArrayList<>();
    /** By {@link LocationMatcher#matchKey}: patterns that would cover the same requests. */
    private final Map<String, Location> locationsByKey = new HashMap<>();
    private final OneToOneIndex.Builder oneToOne;
    private final List<ManyToOneMapping> manyToOne = new ArrayList<>();
    private final Map<String, Integer> mappingNames = new HashMap<>();
    private int passwords;

    // the many-to-one mapping being read
    private Attributes currentMapping;
    private int currentLine;
    private int currentColumn;
    private List<Rule> currentRules;
    private boolean currentHasIssuerRule;
    private boolean currentHasStarOnlyRule;

    /**
     * @param expectedOneToOne a guess of the number of one-to-one entries, so that the index is
     *                         allocated once rather than grown and rehashed while a big file loads
     */
    MappingFileHandler(Path file, PropertyExpander expander, int expectedOneToOne, RevocationServices services,
            DirectoryServices directories) {
        this.services = services;
        this.directories = directories;
        this.oneToOne = OneToOneIndex.builder(expectedOneToOne);
        this.file = file;
        this.folder = file.getParent();
        this.expander = expander;
        watched.add(file);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
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
            if (parent == null) {
                root(localName, a);
                return;
            }
            switch (localName) {
                case "validation":
                    once("validation");
                    validation(a);
                    break;
                case "revocation":
                    once("revocation");
                    revocation(a);
                    break;
                case "directory":
                    once("directory");
                    directory(a);
                    break;
                case "proxy":
                    once("proxy");
                    proxy(a);
                    break;
                case "location":
                    location(a);
                    break;
                case "oneToOneMappings":
                case "manyToOneMappings":
                    once(localName);
                    break;
                case "add":
                    if ("oneToOneMappings".equals(parent)) {
                        oneToOne(a);
                    } else if ("manyToOneMappings".equals(parent)) {
                        startManyToOne(a);
                    } else {
                        rule(a);
                    }
                    break;
                default:
                    break; // clear, rules: nothing to do (IIS <clear/> is ignored)
            }
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), e);
        }
    }

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
                && currentMapping != null;
        elements.remove(elements.size() - 1);
        if (mapping) {
            try {
                endManyToOne();
            } catch (IllegalArgumentException e) {
                throw new SAXException(new ConfigException(file.toString(), currentLine, currentColumn, e.getMessage(), e));
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
            char c = ch[i];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
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
        int line = line();
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
        String message = Messages.format("config.text", elements.get(elements.size() - 1));
        return new SAXException(new ConfigException(file.toString(), line, column, message));
    }

    private void tagEnded() {
        afterTag = true;
        tagEndLine = line();
        tagEndColumn = locator == null ? 0 : locator.getColumnNumber();
    }

    private void root(String name, Attributes a) throws SAXException {
        iis = name.equals("iisClientCertificateMappingAuthentication");
        enabled = bool(a, "enabled", !iis);
        oneToOneEnabled = bool(a, "oneToOneCertificateMappingsEnabled", true);
        manyToOneEnabled = bool(a, "manyToOneCertificateMappingsEnabled", true);
        String show = a.getValue("showReason");
        showReason = show == null ? ShowReason.LOCAL : ShowReason.parse(show);
        protectDispatches = bool(a, "protectDispatches", true);
        String shadow = expanded(a, "shadowFile");
        if (shadow != null) {
            shadowFile = resolve(shadow.trim());
            if (shadowFile.equals(file)) {
                throw error("shadowFile names the mapping file itself: give the candidate file (e.g. certmap.next.xml)", null);
            }
            watched.add(shadowFile);
        }
        String interval = a.getValue("reloadInterval");
        if (interval != null) {
            reloadInterval = Values.duration(interval);
            if (reloadInterval.isNegative()) {
                throw error("reloadInterval cannot be negative", null);
            }
        }
        for (String tolerated : new String[] {"logonMethod", "defaultLogonDomain"}) {
            if (a.getValue(tolerated) != null) {
                notices.add(here() + "IIS attribute " + tolerated + " is ignored: certmap maps to a name, not a Windows logon");
            }
        }
        if (!enabled) {
            warnings.add(here() + "certificate mapping is disabled (enabled=\"false\"" + (iis && a.getValue("enabled") == null
                    ? ", the IIS default" : "") + "): no certificate maps and locations that require one answer 403"
                    + " NO_MAPPING; set enabled=\"true\" to turn it on");
        }
    }

    private void validation(Attributes a) throws SAXException {
        String store = expanded(a, "trustStore");
        List<X509Certificate> anchors = null;
        if (store != null) {
            Path path = resolve(store);
            String password = expanded(a, "trustStorePassword");
            char[] pw = password == null ? null : password.toCharArray();
            try {
                anchors = TrustStoreLoader.load(path, a.getValue("trustStoreType"), pw);
            } catch (IOException e) {
                throw error("trustStore " + path + ": " + e.getMessage(), e);
            } finally {
                if (pw != null) {
                    java.util.Arrays.fill(pw, '\0');
                }
            }
            watched.add(path);
            hasTrustStore = true;
        } else if (a.getValue("trustStorePassword") != null || a.getValue("trustStoreType") != null) {
            throw error("trustStoreType/trustStorePassword without trustStore: add trustStore=\"...\"", null);
        }
        String max = a.getValue("maxChainLength");
        String minRsa = a.getValue("minRsaKeySize");
        validation = new CertificateValidator.Settings(anchors, bool(a, "checkValidity", true),
                bool(a, "requireClientAuthEku", true), bool(a, "requireDigitalSignature", true),
                max == null ? 10 : Integer.parseInt(max.trim()),
                minRsa == null ? CertificateValidator.Settings.DEFAULT_MIN_RSA_KEY_SIZE : Integer.parseInt(minRsa.trim()));
        validationLine = line();
        validationColumn = locator == null ? 0 : locator.getColumnNumber();
    }

    /**
     * {@code <revocation>}: its settings, checked here (DESIGN.md, "Revocation"); the CRL files are
     * read and verified against the trust store's CAs when the configuration is built.
     */
    private void revocation(Attributes a) throws SAXException {
        if (!hasTrustStore) {
            throw error(Messages.format("config.revocation.needsTrustStore"), null);
        }
        List<Path> crlFiles = new ArrayList<>();
        String files = expanded(a, "crlFiles");
        if (files != null) {
            for (String name : files.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    Path path = resolve(name);
                    crlFiles.add(path);
                    watched.add(path);
                }
            }
        }
        boolean distributionPoints = bool(a, "crlDistributionPoints", false);
        boolean ocsp = bool(a, "ocsp", false);
        if (crlFiles.isEmpty() && !distributionPoints && !ocsp) {
            throw error(Messages.format("config.revocation.noSource"), null);
        }
        URI responder = null;
        String url = expanded(a, "ocspResponder");
        if (url != null) {
            responder = httpUrl("ocspResponder", url);
            if (!ocsp) {
                throw error(Messages.format("config.revocation.responderWithoutOcsp", "ocspResponder"), null);
            }
        }
        X509Certificate responderCertificate = null;
        String certificate = expanded(a, "ocspResponderCertificate");
        if (certificate != null) {
            if (!ocsp) {
                throw error(Messages.format("config.revocation.responderWithoutOcsp", "ocspResponderCertificate"), null);
            }
            Path path = resolve(certificate);
            try {
                List<X509Certificate> read = CertificateReader.fromFile(path);
                if (read.isEmpty()) {
                    throw new IOException("no certificate in the file");
                }
                responderCertificate = read.get(0);
            } catch (IOException | IllegalArgumentException e) {
                throw error("ocspResponderCertificate " + path + ": " + e.getMessage(), e);
            }
            watched.add(path);
        }
        revocation = new RevocationSettings(crlFiles, distributionPoints, ocsp, responder, responderCertificate,
                !"crl".equals(a.getValue("prefer")), "leaf".equals(a.getValue("scope")),
                "allow".equals(a.getValue("onUnknown")),
                positive(a, "timeout", RevocationSettings.DEFAULT_TIMEOUT),
                a.getValue("maxResponseBytes") == null ? RevocationSettings.DEFAULT_MAX_RESPONSE_BYTES
                        : Values.size(a.getValue("maxResponseBytes")),
                positive(a, "cacheTime", RevocationSettings.DEFAULT_CACHE_TIME),
                a.getValue("clockSkew") == null ? RevocationSettings.DEFAULT_CLOCK_SKEW
                        : Values.duration(a.getValue("clockSkew")));
        revocationLine = line();
        revocationColumn = locator == null ? 0 : locator.getColumnNumber();
    }

    private static Duration positive(Attributes a, String name, Duration def) {
        String v = a.getValue(name);
        if (v == null) {
            return def;
        }
        Duration d = Values.duration(v);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(Messages.format("config.revocation.notPositive", name, v));
        }
        return d;
    }

    private URI httpUrl(String name, String value) throws SAXException {
        try {
            URI u = new URI(value.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw error(Messages.format("config.revocation.badUrl", name, value), null);
    }

    /**
     * {@code <directory>} (DESIGN.md, "Directory mappings"): its settings, checked here by
     * {@link DirectorySettings#problem}; whether the file has the trust store it needs is checked
     * at the end, since {@code <validation>} may come later.
     */
    private void directory(Attributes a) throws SAXException {
        List<java.net.URI> urls = new ArrayList<>();
        for (String u : required(a, "url").split("\\s+")) {
            try {
                urls.add(new java.net.URI(u));
            } catch (java.net.URISyntaxException e) {
                throw error("url \"" + u + "\" is not a URL: " + e.getReason(), e);
            }
        }
        List<X509Certificate> cas = null;
        String store = expanded(a, "trustStore");
        if (store != null) {
            Path path = resolve(store);
            try {
                cas = TrustStoreLoader.load(path, null, null);
            } catch (IOException e) {
                throw error("trustStore " + path + ": " + e.getMessage(), e);
            }
            watched.add(path);
        }
        String password = expanded(a, "bindPassword");
        String maxConnections = a.getValue("maxConnections");
        DirectorySettings settings = new DirectorySettings(urls, bool(a, "startTls", false), cas,
                expanded(a, "baseDn"), expanded(a, "bindDn"), password == null ? null : password.toCharArray(),
                a.getValue("lookup") == null ? null : DirectorySettings.Lookup.parse(a.getValue("lookup")),
                bool(a, "allowWeak", false), a.getValue("filter"), a.getValue("userNameAttribute"),
                DirectorySettings.Roles.parse(a.getValue("roles")), bool(a, "nestedGroups", false),
                a.getValue("timeout") == null ? null : positive(a, "timeout", null),
                a.getValue("cacheTime") == null ? null : Values.duration(a.getValue("cacheTime")),
                a.getValue("staleTime") == null ? null : Values.duration(a.getValue("staleTime")),
                maxConnections == null ? DirectorySettings.DEFAULT_MAX_CONNECTIONS : Integer.parseInt(maxConnections.trim()));
        String problem = DirectorySettings.problem(settings);
        if (problem != null) {
            throw error("<directory> " + problem, null);
        }
        directory = settings;
        directoryLine = line();
        directoryColumn = locator == null ? 0 : locator.getColumnNumber();
    }

    private void proxy(Attributes a) throws SAXException {
        HeaderFormat format = HeaderFormat.parse(a.getValue("format"));
        String max = a.getValue("maxHeaderBytes");
        headerDecoder = CertificateHeaderDecoder.of(format, a.getValue("header"), a.getValue("chainHeader"),
                max == null ? DEFAULT_MAX_HEADER_BYTES : Integer.parseInt(max.trim()));
        String list = a.getValue("trustedProxies");
        trustedProxies = list == null ? TrustedProxies.none() : TrustedProxies.parse(list);
        if (trustedProxies.isEmpty()) {
            warnings.add(here() + "<proxy> has no trustedProxies: certificate headers are ignored from every peer");
        }
    }

    private void location(Attributes a) throws SAXException {
        String pattern = LocationMatcher.normalizePattern(a.getValue("path"));
        String key = LocationMatcher.matchKey(pattern);
        Location previous = locationsByKey.get(key);
        if (previous != null && previous.pattern().equals(pattern)) {
            throw error("location " + pattern + " is already defined at line " + previous.line()
                    + ": merge the two (locations do not inherit from each other)", null);
        }
        if (previous != null) {
            // Paths match without ASCII case, so the later one would silently replace the earlier.
            throw error(Messages.format("config.location.differsOnlyInCase", pattern, line(), previous.pattern(),
                    previous.line()) + " " + Messages.format("config.newInThisRelease"), null);
        }
        String flags = a.getValue("sslFlags");
        SslFlags parsed = SslFlags.parse(flags == null ? "None" : flags);
        for (String w : parsed.warnings()) {
            warnings.add(here() + w);
        }
        Set<String> roles = roles(a.getValue("roles"));
        Location.Requirement req = roles.isEmpty() ? parsed.requirement() : Location.Requirement.REQUIRE;
        Location location = new Location(pattern, parsed.ssl(), req, roles, line());
        locations.add(location);
        locationsByKey.put(key, location);
    }

    private void oneToOne(Attributes a) throws SAXException {
        // One pass over the attributes: a file may hold a million of these elements.
        String user = null;
        String roleList = null;
        String enabledValue = null;
        String certificate = null;
        String certificateFile = null;
        String sha256 = null;
        String issuer = null;
        String serial = null;
        String spki = null;
        for (int i = 0, n = a.getLength(); i < n; i++) {
            // equals() in order of frequency, not a switch: the parser hands out fresh name strings,
            // and a string switch would hash every one of them.
            String name = a.getLocalName(i);
            String v = a.getValue(i);
            if (name.equals("userName")) {
                user = v;
            } else if (name.equals("sha256")) {
                sha256 = v;
            } else if (name.equals("roles")) {
                roleList = v;
            } else if (name.equals("certificate")) {
                certificate = v;
            } else if (name.equals("enabled")) {
                enabledValue = v;
            } else if (name.equals("certificateFile")) {
                certificateFile = v;
            } else if (name.equals("issuer")) {
                issuer = v;
            } else if (name.equals("serialNumber")) {
                serial = v;
            } else if (name.equals("spkiSha256")) {
                spki = v;
            } else if (name.equals("password")) {
                passwords++;
            }
            // description: tolerated
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("userName must not be empty");
        }
        user = user.strip();
        Set<String> roles = roles(roleList);
        boolean on = enabledValue == null || enabledValue.equals("true");
        if (certificateFile != null) {
            try {
                certificateFile = expander.expand(certificateFile);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("certificateFile: " + e.getMessage(), e);
            }
        }
        int keys = (certificate != null ? 1 : 0) + (certificateFile != null ? 1 : 0) + (sha256 != null ? 1 : 0)
                + (issuer != null || serial != null ? 1 : 0) + (spki != null ? 1 : 0);
        if (keys != 1) {
            throw error((keys == 0 ? "no key" : keys + " keys") + " for user " + user
                    + ": give exactly one of certificate, certificateFile, sha256, issuer+serialNumber, spkiSha256", null);
        }
        OneToOneMapping previous;
        if (sha256 != null) {
            byte[] digest = Values.sha256Hex(sha256);
            previous = oneToOne.putCertificateSha256(digest,
                    new OneToOneMapping(user, roles, on, KeyKind.SHA256, line(), oneToOneCount));
        } else if (certificate != null || certificateFile != null) {
            X509Certificate cert = certificate != null ? certificateText(certificate) : certificateFile(certificateFile);
            CertificateFacts facts = new CertificateFacts(cert);
            previous = oneToOne.putCertificateSha256(facts.sha256(), new OneToOneMapping(user, roles, on,
                    certificate != null ? KeyKind.CERTIFICATE : KeyKind.CERTIFICATE_FILE, line(), oneToOneCount));
        } else if (spki != null) {
            byte[] digest = Values.spkiSha256(spki);
            previous = oneToOne.putSpkiSha256(digest,
                    new OneToOneMapping(user, roles, on, KeyKind.SPKI_SHA256, line(), oneToOneCount));
        } else {
            if (issuer == null || serial == null) {
                throw error("issuer and serialNumber go together: give both (issuer as openssl x509 -issuer"
                        + " -nameopt RFC2253 prints it, serialNumber in hex)", null);
            }
            DistinguishedName dn = DistinguishedName.parse(issuer);
            java.math.BigInteger sn = Values.serial(serial);
            if (firstIssuerSerialLine == 0) {
                firstIssuerSerialLine = line();
                firstIssuerSerialColumn = locator == null ? 0 : locator.getColumnNumber();
            }
            previous = oneToOne.putIssuerSerial(CertificateFacts.issuerSerialKey(dn.canonical(), sn),
                    new OneToOneMapping(user, roles, on, KeyKind.ISSUER_SERIAL, line(), oneToOneCount));
        }
        if (previous != null) {
            throw error("this key is already mapped to user " + previous.userName() + " at line " + previous.line()
                    + ": one certificate maps to one user; remove one of the two entries", null);
        }
        oneToOneCount++;
    }

    private X509Certificate certificateText(String text) {
        try {
            return CertificateReader.fromText(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate attribute: " + e.getMessage()
                    + "; paste the base64 of the certificate (one line or wrapped, with or without PEM armor)", e);
        }
    }

    private X509Certificate certificateFile(String name) throws SAXException {
        Path path = resolve(name);
        List<X509Certificate> certs;
        try {
            certs = CertificateReader.fromFile(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw error("certificateFile " + path + " does not exist (relative names are relative to the mapping file's folder)", e);
        } catch (IOException e) {
            throw error("certificateFile " + path + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw error("certificateFile " + path + ": " + e.getMessage(), e);
        }
        if (certs.size() != 1) {
            throw error("certificateFile " + path + " holds " + certs.size() + " certificates: give a file with the one"
                    + " certificate of this user", null);
        }
        watched.add(path);
        return certs.get(0);
    }

    private void startManyToOne(Attributes a) throws SAXException {
        if (a.getValue("password") != null) {
            passwords++;
        }
        String name = required(a, "name");
        Integer previous = mappingNames.putIfAbsent(name, line());
        if (previous != null) {
            throw error("mapping name \"" + name + "\" is already used at line " + previous + ": names must be unique", null);
        }
        currentMapping = new org.xml.sax.helpers.AttributesImpl(a);
        currentLine = line();
        currentColumn = locator == null ? 0 : locator.getColumnNumber();
        currentRules = new ArrayList<>();
        currentHasIssuerRule = false;
        currentHasStarOnlyRule = false;
    }

    private void rule(Attributes a) {
        CertificateField field = CertificateField.of(a.getValue("certificateField"), a.getValue("certificateSubField"));
        String criteria = a.getValue("matchCriteria");
        Rule rule = new Rule(field, criteria, bool(a, "compareCaseSensitive", true));
        if (rule.pattern().isOnlyStars()) {
            currentHasStarOnlyRule = true;
        }
        if (field.kind() == CertificateField.Kind.ISSUER && criteria.chars().anyMatch(c -> c != '*')) {
            currentHasIssuerRule = true;
        }
        currentRules.add(rule);
    }

    private void endManyToOne() throws SAXException {
        Attributes a = currentMapping;
        String name = a.getValue("name");
        boolean deny = Values.deny(a.getValue("permissionMode"));
        String user = a.getValue("userName");
        UserNameTemplate template = null;
        try {
            if (!deny) {
                if (user == null || user.isBlank()) {
                    throw new IllegalArgumentException("Allow mapping \"" + name + "\" needs a userName (a name, or a"
                            + " template such as {Subject.CN})");
                }
                template = UserNameTemplate.parse(user);
            }
        } catch (IllegalArgumentException e) {
            throw new SAXException(new ConfigException(file.toString(), currentLine, currentColumn, e.getMessage()));
        }
        boolean broadFlag = bool(a, "broad", false);
        ManyToOneMapping m = new ManyToOneMapping(name, bool(a, "enabled", true), deny, template,
                roles(a.getValue("roles")), currentRules, broadFlag, currentLine);
        manyToOne.add(m);
        pendingBroadChecks.add(new int[] {manyToOne.size() - 1, currentColumn, currentHasIssuerRule ? 1 : 0,
                currentHasStarOnlyRule ? 1 : 0});
        currentMapping = null;
    }

    private final List<int[]> pendingBroadChecks = new ArrayList<>();

    /**
     * An Allow mapping is broad when it has no rules, a rule whose criteria is only {@code *}, or
     * (without a site trustStore) no Issuer rule: then any certificate the connector accepts from
     * any CA could match. Checked at the end because {@code <validation>} may come later in the file.
     */
    private void checkBroad() throws SAXException {
        for (int[] p : pendingBroadChecks) {
            ManyToOneMapping m = manyToOne.get(p[0]);
            if (m.deny() || m.broad()) {
                continue;
            }
            String why = m.rules().isEmpty() ? "it has no rules"
                    : p[3] == 1 ? "a rule's matchCriteria is only *"
                    : !hasTrustStore && p[2] == 0 ? "there is no <validation trustStore> and it has no Issuer rule"
                    : null;
            if (why == null) {
                continue;
            }
            String text = "Allow mapping \"" + m.name() + "\" is broad (" + why + "): it would map certificates from"
                    + " any issuer the connector trusts. Make its rules as specific as possible, or set broad=\"true\""
                    + " to accept it";
            if (iis) {
                warnings.add(file + ":" + m.line() + ": " + text);
            } else {
                throw new SAXException(new ConfigException(file.toString(), m.line(), p[1], text));
            }
        }
    }

    @Override
    public void endDocument() throws SAXException {
        checkBroad();
        if (passwords > 0) {
            warnings.add(file + ": dropped " + passwords + " IIS password attribute(s): certmap maps to a name and never"
                    + " keeps, uses or logs passwords; remove them from the file");
        }
    }

    MappingConfig result() throws ConfigException {
        RevocationStep revocationStep = revocation == null ? null : revocationStep();
        CertificateValidator validator = new CertificateValidator(validation,
                revocationStep == null ? RevocationChecker.NONE : revocationStep);
        for (String w : validator.trustStoreWarnings()) {
            warnings.add(file + ":" + validationLine + ": " + w);
        }
        if (firstIssuerSerialLine > 0) {
            // An issuer name is only as good as the CA that wrote it (DESIGN.md, issuer + serialNumber).
            if (!hasTrustStore) {
                throw new ConfigException(file.toString(), firstIssuerSerialLine, firstIssuerSerialColumn,
                        Messages.format("config.issuerSerial.needsTrustStore") + " "
                                + Messages.format("config.newInThisRelease"));
            }
            String conflict = validator.sameNameCaConflict();
            if (conflict != null) {
                throw new ConfigException(file.toString(), firstIssuerSerialLine, firstIssuerSerialColumn,
                        Messages.format("config.issuerSerial.ambiguousCa", conflict) + " "
                                + Messages.format("config.newInThisRelease"));
            }
        }
        DirectoryStep directoryStep = null;
        if (directory != null) {
            if (!hasTrustStore) {
                throw new ConfigException(file.toString(), directoryLine, directoryColumn,
                        Messages.format("config.directory.needsTrustStore"));
            }
            directoryStep = new DirectoryStep(directories.directory(directory));
        }
        Mapper mapper = new Mapper(enabled, oneToOneEnabled, manyToOneEnabled, oneToOne.build(), manyToOne,
                directoryStep);
        return new MappingConfig(file, watched, iis, enabled, showReason, protectDispatches, reloadInterval, hasTrustStore,
                validator, trustedProxies, headerDecoder, new LocationMatcher(locations), mapper, warnings, notices,
                revocationStep, shadowFile, roleNames);
    }

    /**
     * The revocation step: the CRL files read and verified against the trust store's CAs (a file
     * that does not parse, is not signed by a CA it names, or is older than the one in force stops
     * this load), and the network client the loader keeps across reloads.
     */
    private RevocationStep revocationStep() throws ConfigException {
        List<X509Certificate> cas = new CertificateValidator(validation, RevocationChecker.NONE).trustStoreCas();
        RevocationFiles files;
        try {
            files = RevocationFiles.load(revocation.crlFiles(), cas, services.crlsInForce());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), revocationLine, revocationColumn,
                    Messages.format("config.revocation.crlFile", e.getMessage()), e);
        }
        RevocationNetwork network = revocation.ocsp() || revocation.crlDistributionPoints()
                ? services.network(revocation) : null;
        return new RevocationStep(revocation, files, network);
    }

    private void once(String element) throws SAXException {
        if (!seenOnce.add(element)) {
            throw error("<" + element + "> may appear only once", null);
        }
    }

    private Set<String> roles(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> set = Set.copyOf(Values.list(value));
        roleNames.addAll(Values.list(value));
        return roleSets.computeIfAbsent(set, s -> s);
    }

    private String expanded(Attributes a, String name) {
        String v = a.getValue(name);
        try {
            return expander.expand(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private String required(Attributes a, String name) {
        String v = a.getValue(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return v.trim();
    }

    private static boolean bool(Attributes a, String name, boolean def) {
        String v = a.getValue(name);
        return v == null ? def : v.equals("true");
    }

    private Path resolve(String name) {
        Path p = Path.of(name);
        return (p.isAbsolute() ? p : folder.resolve(p)).normalize();
    }

    private int line() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    private String here() {
        return file + ":" + line() + ": ";
    }

    private SAXException error(String message, Throwable cause) {
        return new SAXException(new ConfigException(file.toString(), line(),
                locator == null ? 0 : locator.getColumnNumber(), message, cause));
    }
}
