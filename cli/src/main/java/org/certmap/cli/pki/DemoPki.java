package org.certmap.cli.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.PkiFiles;

/**
 * A whole demo PKI in one folder, the answer to "how did you make the demo certificates?": a root
 * CA, a server certificate for localhost and 127.0.0.1, one client certificate per scenario, a
 * trust store for the connector, and a mapping file that makes each scenario do what it says.
 * {@code certmap pki demo} and the sample webapp's launcher both use it.
 *
 * <pre>
 * DIR/ca.pem ca.key                    the root CA (trustStore of the mapping file; import into browsers to trust the server)
 * DIR/truststore.p12                   the CA as a PKCS12 trust store (Tomcat connector truststoreFile)
 * DIR/server.pem server.key server.p12 server-chain.pem   the HTTPS server (localhost, 127.0.0.1, ::1)
 * DIR/clients/NAME.pem .key .p12       one client per scenario (.p12 for browsers, .pem + .key for curl)
 * DIR/certmap.xml                      the mapping file
 * </pre>
 */
public final class DemoPki {

    /** What each demo client shows. */
    public enum Scenario {
        ONE_TO_ONE("alice", "CN=Alice Admin,OU=Admins,O=certmap demo",
                "maps one-to-one (whole certificate) to user alice with roles admin, staff"),
        MANY_TO_ONE("bob", "CN=Bob Builder,OU=Staff,O=certmap demo",
                "maps many-to-one by rule (Issuer CN + Subject OU=Staff) to the shared user staff"),
        DENIED("carol", "CN=Carol Contractor,OU=Contractors,O=certmap demo",
                "refused by the Deny mapping \"no contractors\": 403 MAPPING_DENIED (IIS 403.12)"),
        UNMAPPED("dave", "CN=Dave Visitor,OU=Visitors,O=certmap demo",
                "trusted but no mapping matches: 403 NO_MAPPING (IIS 401.2)"),
        EXPIRED("erin", "CN=Erin Expired,OU=Staff,O=certmap demo",
                "would map like bob, but expired a month ago: 403 CERTIFICATE_EXPIRED (IIS 403.17)");

        private final String fileName;
        private final String subject;
        private final String expectation;

        Scenario(String fileName, String subject, String expectation) {
            this.fileName = fileName;
            this.subject = subject;
            this.expectation = expectation;
        }

        public String fileName() {
            return fileName;
        }

        public String subject() {
            return subject;
        }

        public String expectation() {
            return expectation;
        }
    }

    /** One demo client certificate and its files. */
    public record Client(Scenario scenario, IssuedCertificate issued, PkiFiles.Written files) {
    }

    public static final String CA_SUBJECT = "CN=certmap Demo Root CA,O=certmap demo";
    public static final String SERVER_SUBJECT = "CN=localhost,O=certmap demo";

    /** The locations of the demo mapping file, as the sample webapp lays out its pages. */
    public static final String DEFAULT_LOCATIONS = String.join("\n",
            "  <!-- which paths need a certificate (IIS: sslFlags per directory) -->",
            "  <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>",
            "  <location path=\"/secure/admin/*\" sslFlags=\"Ssl, SslRequireCert\" roles=\"admin\"/>",
            "  <location path=\"/optional/*\" sslFlags=\"Ssl, SslNegotiateCert\"/>");

    private final Path dir;
    private final IssuedCertificate ca;
    private final IssuedCertificate server;
    private final PkiFiles.Written caFiles;
    private final PkiFiles.Written serverFiles;
    private final Path trustStore;
    private final List<Client> clients;
    private final Path mappingFile;

    private DemoPki(Path dir, IssuedCertificate ca, PkiFiles.Written caFiles, IssuedCertificate server,
            PkiFiles.Written serverFiles, Path trustStore, List<Client> clients, Path mappingFile) {
        this.dir = dir;
        this.ca = ca;
        this.caFiles = caFiles;
        this.server = server;
        this.serverFiles = serverFiles;
        this.trustStore = trustStore;
        this.clients = List.copyOf(clients);
        this.mappingFile = mappingFile;
    }

    /**
     * Makes the demo PKI in {@code dir} (created if needed; existing demo files are replaced).
     *
     * @param password    the password of every .p12 file
     * @param serverNames extra DNS names or IP addresses for the server certificate, besides
     *                    localhost, 127.0.0.1 and ::1
     */
    public static DemoPki create(Path dir, char[] password, List<String> serverNames) throws IOException {
        Objects.requireNonNull(password, "password");
        Files.createDirectories(dir.resolve("clients"));
        IssuedCertificate ca = CertificateBuilder.of(CertificateProfile.CA).subject(CA_SUBJECT).pathLength(1).issue(null);
        PkiFiles.Written caFiles = PkiFiles.write(dir, "ca", ca, password, true);
        Path trustStore = dir.resolve("truststore.p12");
        PkiFiles.writeTrustStore(trustStore, List.of(ca.certificate()), password);

        CertificateBuilder sb = CertificateBuilder.of(CertificateProfile.SERVER).subject(SERVER_SUBJECT)
                .dns("localhost").ip("127.0.0.1").ip("::1");
        for (String n : serverNames) {
            if (n.matches("[0-9.]+") || n.contains(":")) {
                sb.ip(n);
            } else {
                sb.dns(n);
            }
        }
        IssuedCertificate server = sb.issue(ca);
        PkiFiles.Written serverFiles = PkiFiles.write(dir, "server", server, password, true);

        List<Client> clients = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            CertificateBuilder cb = CertificateBuilder.of(CertificateProfile.CLIENT).subject(s.subject())
                    .email(s.fileName() + "@demo.certmap.example");
            if (s == Scenario.EXPIRED) {
                Instant now = Instant.now();
                cb.notBefore(now.minus(Duration.ofDays(400))).notAfter(now.minus(Duration.ofDays(30)));
            }
            IssuedCertificate c = cb.issue(ca);
            clients.add(new Client(s, c, PkiFiles.write(dir.resolve("clients"), s.fileName(), c, password, true)));
        }
        Path mapping = dir.resolve("certmap.xml");
        DemoPki demo = new DemoPki(dir, ca, caFiles, server, serverFiles, trustStore, clients, mapping);
        Files.writeString(mapping, demo.mappingXml("ca.pem", DEFAULT_LOCATIONS), StandardCharsets.UTF_8);
        return demo;
    }

    /**
     * The demo PKI already in {@code dir} (as {@link #create} left it), or null when the folder
     * has none: the sample launcher reuses it on later starts, so certificates imported into a
     * browser keep working.
     *
     * @throws IOException when the folder has a demo PKI that cannot be read (a file is missing or damaged)
     */
    public static DemoPki load(Path dir, char[] password) throws IOException {
        Objects.requireNonNull(password, "password");
        if (!Files.exists(dir.resolve("ca.pem")) || !Files.exists(dir.resolve("certmap.xml"))) {
            return null;
        }
        IssuedCertificate ca = IssuerFiles.read(dir.resolve("ca.pem"), dir.resolve("ca.key"));
        IssuedCertificate server = IssuerFiles.read(dir.resolve("server-chain.pem"), dir.resolve("server.key"));
        List<Client> clients = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            Path d = dir.resolve("clients");
            String n = s.fileName();
            IssuedCertificate c = IssuerFiles.read(d.resolve(n + "-chain.pem"), d.resolve(n + ".key"));
            clients.add(new Client(s, c, new PkiFiles.Written(d.resolve(n + ".pem"), d.resolve(n + "-chain.pem"),
                    d.resolve(n + ".key"), d.resolve(n + ".p12"))));
        }
        return new DemoPki(dir, ca, new PkiFiles.Written(dir.resolve("ca.pem"), null, dir.resolve("ca.key"),
                dir.resolve("ca.p12")), server, new PkiFiles.Written(dir.resolve("server.pem"),
                dir.resolve("server-chain.pem"), dir.resolve("server.key"), dir.resolve("server.p12")),
                dir.resolve("truststore.p12"), clients, dir.resolve("certmap.xml"));
    }

    /**
     * The demo mapping file: the CA as trustStore, the locations, alice one-to-one, a Deny mapping
     * for contractors before the Allow mapping for staff.
     *
     * @param trustStoreReference the trustStore attribute (relative to where the mapping file will be)
     * @param locations           {@code <location>} elements, e.g. {@link #DEFAULT_LOCATIONS}
     */
    public String mappingXml(String trustStoreReference, String locations) {
        Client alice = client(Scenario.ONE_TO_ONE);
        String aliceBase64;
        try {
            aliceBase64 = Base64.getEncoder().encodeToString(alice.issued().certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<!-- certmap demo mapping file, made by certmap pki demo. See docs/cli.md. -->",
                "<certificateMapping reloadInterval=\"2s\">",
                "  <!-- only certificates issued by the demo CA are considered -->",
                "  <validation trustStore=\"" + trustStoreReference + "\"/>",
                locations,
                "  <oneToOneMappings>",
                "    <!-- " + Scenario.ONE_TO_ONE.subject() + " (like IIS: the whole certificate, base64 on one line) -->",
                "    <add userName=\"alice\" roles=\"admin staff\" certificate=\"" + aliceBase64 + "\"/>",
                "  </oneToOneMappings>",
                "  <manyToOneMappings>",
                "    <!-- evaluated in order: the first mapping whose rules all match decides -->",
                "    <add name=\"no contractors\" permissionMode=\"Deny\">",
                "      <rules>",
                "        <add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Contractors\""
                        + " compareCaseSensitive=\"false\"/>",
                "      </rules>",
                "    </add>",
                "    <add name=\"demo staff\" userName=\"staff\" roles=\"staff\">",
                "      <rules>",
                "        <add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"certmap Demo Root CA\"/>",
                "        <add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Staff\"/>",
                "      </rules>",
                "    </add>",
                "  </manyToOneMappings>",
                "</certificateMapping>",
                "");
    }

    public Client client(Scenario scenario) {
        for (Client c : clients) {
            if (c.scenario() == scenario) {
                return c;
            }
        }
        throw new IllegalArgumentException(scenario.toString());
    }

    public Path dir() {
        return dir;
    }

    public IssuedCertificate ca() {
        return ca;
    }

    public PkiFiles.Written caFiles() {
        return caFiles;
    }

    public IssuedCertificate server() {
        return server;
    }

    public PkiFiles.Written serverFiles() {
        return serverFiles;
    }

    /** The CA as a PKCS12 trust store, same password as the .p12 files. */
    public Path trustStore() {
        return trustStore;
    }

    public List<Client> clients() {
        return clients;
    }

    /** DIR/certmap.xml, with {@code trustStore="ca.pem"}. */
    public Path mappingFile() {
        return mappingFile;
    }
}
