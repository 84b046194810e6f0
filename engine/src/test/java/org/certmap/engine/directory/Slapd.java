package org.certmap.engine.directory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.certmap.testing.TestPki;

/**
 * A real OpenLDAP slapd for a test: its own folder, a free port, Active Directory's attributes from
 * Debian's {@code msuser.schema} with the EQUALITY rules that file lacks (../shared/VERSIONS.md),
 * an mdb database, kept in the foreground ({@code -d}) so that {@link #stop()} can kill it. With a
 * server certificate it also listens on {@code ldaps://}. Missing slapd fails the test, never skips it.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=contoso,dc=example";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String ROOT_PW = "root-secret";
    public static final String SERVICE_DN = "cn=certmap,ou=services," + SUFFIX;
    public static final String SERVICE_PW = "service-secret";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPTEST = Path.of("/usr/sbin/slaptest");
    private static final Path LDAPADD = Path.of("/usr/bin/ldapadd");

    /** AD attributes that get an EQUALITY rule in the copied msuser.schema. */
    private static final Map<String, String> EQUALITY = Map.of(
            "altSecurityIdentities", "caseIgnoreMatch",
            "sAMAccountName", "caseIgnoreMatch",
            "userPrincipalName", "caseIgnoreMatch",
            "objectSid", "octetStringMatch",
            "userAccountControl", "integerMatch",
            "memberOf", "distinguishedNameMatch");

    private final Path dir;
    private final String extraConfig;
    private final TestPki.Issued serverCert;
    private Process process;
    private int port;
    private int tlsPort;

    private Slapd(Path dir, String extraConfig, TestPki.Issued serverCert) {
        this.dir = dir;
        this.extraConfig = extraConfig;
        this.serverCert = serverCert;
    }

    /** Starts slapd in {@code dir} with the base entries and the service account. */
    public static Slapd start(Path dir) throws Exception {
        return start(dir, "", null);
    }

    /**
     * @param extraConfig lines for the end of the global section (e.g. {@code security simple_bind=64})
     * @param serverCert  a certificate with key for TLS, or null for plain ldap:// only
     */
    public static Slapd start(Path dir, String extraConfig, TestPki.Issued serverCert) throws Exception {
        for (Path tool : List.of(SLAPD, SLAPTEST, LDAPADD)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: the directory tests need a real OpenLDAP."
                        + " Install it with: apt-get install -y slapd ldap-utils (scripts/test.sh does it as root)");
            }
        }
        Slapd s = new Slapd(dir, extraConfig, serverCert);
        s.configure();
        s.launch(freePort(), serverCert == null ? 0 : freePort());
        s.add(baseLdif());
        return s;
    }

    private void configure() throws Exception {
        Files.createDirectories(dir.resolve("db"));
        String schema = Files.readString(Path.of("/etc/ldap/schema/msuser.schema"));
        for (Map.Entry<String, String> e : EQUALITY.entrySet()) {
            Matcher m = Pattern.compile("(\\n\\s*NAME '" + e.getKey() + "'\\n)").matcher(schema);
            if (!m.find()) {
                throw new IllegalStateException("msuser.schema has no attribute " + e.getKey());
            }
            schema = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "\tEQUALITY " + e.getValue() + "\n"));
        }
        Files.writeString(dir.resolve("msuser.schema"), schema);
        Files.writeString(dir.resolve("certmap-test.schema"), """
                attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'certmapThumbprint'
                    EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
                """);
        StringBuilder tls = new StringBuilder();
        if (serverCert != null) {
            Path cert = dir.resolve("server.pem");
            Files.writeString(cert, TestPki.pem(serverCert.certificate()));
            Path key = dir.resolve("server.key");
            Files.writeString(key, pkcs8(serverCert.privateKey()));
            Path ca = dir.resolve("ca.pem");
            Files.writeString(ca, TestPki.pem(serverCert.issuers().toArray(new X509Certificate[0])));
            tls.append("TLSCertificateFile ").append(cert).append('\n')
                    .append("TLSCertificateKeyFile ").append(key).append('\n')
                    .append("TLSCACertificateFile ").append(ca).append('\n');
        }
        String conf = "include /etc/ldap/schema/core.schema\n"
                + "include /etc/ldap/schema/cosine.schema\n"
                + "include /etc/ldap/schema/inetorgperson.schema\n"
                + "include /etc/ldap/schema/nis.schema\n"
                + "include " + dir.resolve("msuser.schema") + "\n"
                + "include " + dir.resolve("certmap-test.schema") + "\n"
                + "pidfile " + dir.resolve("slapd.pid") + "\n"
                + "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                + tls + extraConfig + "\n"
                + "database mdb\nmaxsize 104857600\n"
                + "suffix \"" + SUFFIX + "\"\nrootdn \"" + ROOT_DN + "\"\nrootpw " + ROOT_PW + "\n"
                + "directory " + dir.resolve("db") + "\n"
                // Only bound users read: a search that works proves certmap bound.
                + "access to attrs=userPassword by anonymous auth by * none\n"
                + "access to * by users read by * none\n";
        Files.writeString(dir.resolve("slapd.conf"), conf);
        Process test = new ProcessBuilder(SLAPTEST.toString(), "-f", dir.resolve("slapd.conf").toString(), "-u")
                .redirectErrorStream(true).start();
        String out = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (test.waitFor() != 0) {
            throw new IllegalStateException("slaptest refused the configuration: " + out);
        }
    }

    private void launch(int plainPort, int securePort) throws Exception {
        for (int attempt = 0; ; attempt++) {
            String urls = "ldap://127.0.0.1:" + plainPort + "/" + (securePort == 0 ? "" : " ldaps://localhost:" + securePort + "/");
            // -d 256 (stats): stays in the foreground and logs every operation and its filter.
            process = new ProcessBuilder(SLAPD.toString(), "-f", dir.resolve("slapd.conf").toString(), "-h", urls,
                    "-d", "256").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("slapd.log").toFile())).start();
            if (waitUntilListening(plainPort)) {
                port = plainPort;
                tlsPort = securePort;
                return;
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (attempt == 4) {
                throw new IllegalStateException("slapd did not start: " + log());
            }
            plainPort = freePort(); // a collision with another run: try another port
            securePort = securePort == 0 ? 0 : freePort();
        }
    }

    private boolean waitUntilListening(int p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", p), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops slapd (the data stays, {@link #restart()} brings it back on the same port). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    void restart() throws Exception {
        stop();
        launch(port, tlsPort);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    int tlsPort() {
        return tlsPort;
    }

    public String log() throws IOException {
        Path log = dir.resolve("slapd.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** Adds entries with ldapadd, bound as the root DN. */
    public void add(String ldif) throws Exception {
        Path file = Files.createTempFile(dir, "add", ".ldif");
        Files.writeString(file, ldif);
        // With TLS configured the server may demand it for binds: ldapadd then uses ldaps:// with the test CA.
        String target = tlsPort == 0 ? url() : "ldaps://localhost:" + tlsPort;
        ProcessBuilder pb = new ProcessBuilder(LDAPADD.toString(), "-x", "-H", target, "-D", ROOT_DN, "-w", ROOT_PW,
                "-f", file.toString()).redirectErrorStream(true);
        if (tlsPort != 0) {
            // libldap checks the name it gets back from a reverse lookup; this loader is test tooling only.
            pb.environment().put("LDAPTLS_REQCERT", "never");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ldapadd failed: " + out);
        }
    }

    private static String baseLdif() {
        return "dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: Contoso\ndc: contoso\n\n"
                + "dn: ou=people," + SUFFIX + "\nobjectClass: organizationalUnit\nou: people\n\n"
                + "dn: ou=groups," + SUFFIX + "\nobjectClass: organizationalUnit\nou: groups\n\n"
                + "dn: ou=services," + SUFFIX + "\nobjectClass: organizationalUnit\nou: services\n\n"
                + "dn: " + SERVICE_DN + "\nobjectClass: person\ncn: certmap\nsn: service\nuserPassword: "
                + SERVICE_PW + "\n\n";
    }

    /** An LDIF entry for a person with AD attributes; values are base64 ({@code ::}) so any byte is safe. */
    public static String person(String cn, Map<String, List<Object>> attributes) {
        StringBuilder sb = new StringBuilder("dn: cn=" + cn + ",ou=people," + SUFFIX + "\n"
                + "objectClass: inetOrgPerson\nobjectClass: extensibleObject\ncn: " + cn + "\nsn: " + cn + "\n");
        for (Map.Entry<String, List<Object>> e : attributes.entrySet()) {
            for (Object v : e.getValue()) {
                byte[] bytes = v instanceof byte[] b ? b : String.valueOf(v).getBytes(StandardCharsets.UTF_8);
                sb.append(e.getKey()).append(":: ").append(Base64.getEncoder().encodeToString(bytes)).append('\n');
            }
        }
        return sb.append('\n').toString();
    }

    public static String dnOf(String cn) {
        return "cn=" + cn + ",ou=people," + SUFFIX;
    }

    public static String group(String cn, List<String> members) {
        StringBuilder sb = new StringBuilder("dn: cn=" + cn + ",ou=groups," + SUFFIX + "\nobjectClass: groupOfNames\n"
                + "cn: " + cn + "\n");
        for (String m : members) {
            sb.append("member: ").append(m).append('\n');
        }
        return sb.append('\n').toString();
    }

    private static String pkcs8(PrivateKey key) {
        List<String> lines = new ArrayList<>();
        String b64 = Base64.getEncoder().encodeToString(key.getEncoded());
        for (int i = 0; i < b64.length(); i += 64) {
            lines.add(b64.substring(i, Math.min(b64.length(), i + 64)));
        }
        return "-----BEGIN PRIVATE KEY-----\n" + String.join("\n", lines) + "\n-----END PRIVATE KEY-----\n";
    }
}
