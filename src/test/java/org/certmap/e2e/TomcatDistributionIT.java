package org.certmap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The released Tomcat distribution with the shaded valve JAR in {@code lib/}, set up exactly as
 * docs/tomcat.md tells a user: its certificate script, connector, context file and mapping file are
 * copied from the page's marked blocks. A WAR with no security of its own is protected from outside,
 * and curl with the script's certificates drives it.
 *
 * <p>The same tests run once per supported Tomcat line, one distribution after the other: each
 * subclass names the version the pom unpacked ({@link Tomcat10DistributionIT}, {@link
 * Tomcat11DistributionIT}), and each gets its own {@code CATALINA_BASE} and ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TomcatDistributionIT {

    /** The released version this class runs on, as the pom unpacked it ({@code apache-tomcat-VERSION/}). */
    final String version;
    Path home;
    Path base;
    int httpsPort;
    Process tomcat;
    /** The console up to the first page served. */
    String startUpLog;

    /** @param versionProperty the system property (set by the pom) holding the distribution's version */
    TomcatDistributionIT(String versionProperty) {
        String v = System.getProperty(versionProperty);
        assertThat(v).as("system property " + versionProperty + " (src/test/pom.xml)").isNotBlank();
        this.version = v;
    }

    @BeforeAll
    void start() throws Exception {
        home = Path.of(System.getProperty("certmap.e2e.dir"), "apache-tomcat-" + version);
        assertThat(home.resolve("bin/catalina.sh")).as("unpacked Tomcat " + version).isRegularFile();
        base = Files.createDirectories(Path.of(System.getProperty("certmap.e2e.dir"), "base-" + version + "-" + System.nanoTime()));
        String docs = Files.readString(Path.of(System.getProperty("certmap.e2e.docs")));
        for (String d : new String[] {"logs", "temp", "webapps", "work", "lib", "conf/Catalina/localhost", "conf/certmap"}) {
            Files.createDirectories(base.resolve(d));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path p : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(p, base.resolve("conf").resolve(p.getFileName()));
            }
        }
        // 1. the JAR
        Path jar = valveJar();
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
        // 2. the certificates, by the page's openssl script
        run(base, Duration.ofSeconds(90), "bash", "-e", "-c", block(docs, "pki"));
        // 3. the connector, on free ports, and no shutdown port
        httpsPort = freePort();
        String connector = block(docs, "connector").replace("port=\"8443\"", "port=\"" + httpsPort + "\"");
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        assertThat(server).contains("port=\"8005\"", "port=\"8080\"", "</Service>");
        server = server.replace("port=\"8005\"", "port=\"-1\"").replace("port=\"8080\"", "port=\"" + freePort() + "\"")
                .replace("</Service>", connector + "\n</Service>");
        Files.writeString(serverXml, server);
        // 4. the context file, 5. the mapping file
        Files.writeString(base.resolve("conf/Catalina/localhost/legacy.xml"), block(docs, "context"));
        Files.writeString(base.resolve("conf/certmap/legacy.xml"), block(docs, "mapping"));
        // a legacy WAR with no security of its own
        writeWar(base.resolve("webapps/legacy.war"));

        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // docs/directory.md: the bind password comes from Tomcat's environment.
        pb.environment().put("CERTMAP_LDAP_PASSWORD", org.certmap.engine.directory.Slapd.SERVICE_PW);
        pb.environment().remove("CATALINA_OPTS");
        pb.environment().remove("JAVA_OPTS");
        pb.redirectErrorStream(true).redirectOutput(base.resolve("logs/console.out").toFile());
        tomcat = pb.start();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end && tomcat.isAlive()) {
            if (curl(null, "/legacy/").status() == 200) {
                // the distribution this class is about, not another one on the machine
                startUpLog = console();
                assertThat(startUpLog).contains("Apache Tomcat/" + version);
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Tomcat " + version + " did not serve /legacy/ within 90 s:\n" + console());
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) {
            stopTomcat();
            // The engine's reload thread belongs to lib/, not to the application: no leak report at stop.
            assertThat(console()).contains("Stopping ProtocolHandler").doesNotContain("[certmap-reload] but has failed to stop");
        }
    }

    /** Stops Tomcat as a terminal's Ctrl-C or a service manager would (SIGTERM: its shutdown hook); idempotent. */
    void stopTomcat() throws InterruptedException {
        if (tomcat != null && tomcat.isAlive()) {
            tomcat.destroy();
            if (!tomcat.waitFor(30, TimeUnit.SECONDS)) {
                tomcat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void publicPageWhenNoCertificateThenServed() throws Exception {
        Reply r = curl(null, "/legacy/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("PUBLIC");
    }

    @Test
    void securePageWhenNoCertificateThen403CertificateRequired() throws Exception {
        assertRefused(curl(null, "/legacy/secure/"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void securePageWhenOneToOneMappedThenServedAsThatUserWithRoles() throws Exception {
        Reply r = curl("jdoe", "/legacy/secure/");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("SECRET", "user=jdoe", "staff=true", "admin=true");
        assertThat(curl("jdoe", "/legacy/secure/admin/").body()).contains("user=jdoe");
    }

    @Test
    void securePageWhenManyToOneMappedThenServedAsTemplateUser() throws Exception {
        Reply r = curl("alice", "/legacy/secure/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("user=alice", "staff=true", "admin=false");
        assertRefused(curl("alice", "/legacy/secure/admin/"), "ROLE_REQUIRED");
    }

    @Test
    void securePageWhenDeniedOrUnmappedThen403WithReason() throws Exception {
        assertRefused(curl("bob", "/legacy/secure/"), "MAPPING_DENIED");
        assertRefused(curl("eve", "/legacy/secure/"), "NO_MAPPING");
        assertRefused(curl("eve", "/legacy/public/..;/secure/"), "NO_MAPPING");
    }

    /**
     * docs/revocation.md, block by block, on this Tomcat: openssl as the CA that revokes and as
     * the OCSP responder. Runs after the other page tests (it revokes alice and eve) and before the
     * access-log test, which stops Tomcat and uses jdoe, who stays good.
     */
    @Test
    @Order(Integer.MAX_VALUE - 2)
    void revocationGuideWhenFollowedThenRevokedCertificatesAreRefused() throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("certmap.e2e.docs")).resolveSibling("revocation.md"));
        Path tls = base.resolve("conf/tls");
        Path mapping = base.resolve("conf/certmap/legacy.xml");
        run(tls, Duration.ofSeconds(60), "bash", "-e", "-c", block(guide, "revocation-ca"));
        String original = Files.readString(mapping);
        String validation = "<validation trustStore=\"../tls/ca.pem\"/>";
        assertThat(original).as("the mapping file of docs/tomcat.md").contains(validation);

        // 2. the CRL file
        Files.writeString(mapping, original.replace(validation, block(guide, "revocation-crl").strip()));
        awaitConsole("clients-ca.crl: CRL number 1 of CN=Example Clients CA,O=Example Corp", 1);
        assertThat(curl("jdoe", "/legacy/secure/").status()).isEqualTo(200);
        assertRefused(curl("alice", "/legacy/secure/"), "CERTIFICATE_REVOKED");
        assertThat(console()).containsPattern("reason=CERTIFICATE_REVOKED .*keyCompromise.*clients-ca.crl");
        assertRefused(curl("eve", "/legacy/secure/"), "NO_MAPPING");
        run(tls, Duration.ofSeconds(60), "bash", "-e", "-c", block(guide, "revocation-republish"));
        awaitConsole("clients-ca.crl: CRL number 2 of", 1);
        assertRefused(curl("eve", "/legacy/secure/"), "CERTIFICATE_REVOKED");

        // 3. the OCSP responder, on a free port
        int port = freePort();
        Path responderLog = base.resolve("logs/ocsp.out");
        Process responder = new ProcessBuilder("bash", "-c",
                block(guide, "revocation-responder").replace("8888", Integer.toString(port)))
                .directory(tls.toFile()).redirectErrorStream(true).redirectOutput(responderLog.toFile()).start();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // Never probe the port: openssl 3.0 then waits on the silent connection and serves nobody.
            while (!Files.readString(responderLog).contains("waiting for OCSP client connections")) {
                assertThat(responder.isAlive()).as("openssl ocsp: " + Files.readString(responderLog)).isTrue();
                assertThat(System.nanoTime()).as("openssl ocsp listening").isLessThan(end);
                Thread.sleep(50);
            }
            int reloads = count(console(), "reloaded ");
            Files.writeString(mapping, original.replace(validation,
                    block(guide, "revocation-ocsp").replace("8888", Integer.toString(port)).strip()));
            awaitConsole("reloaded ", reloads + 1);
            assertThat(curl("jdoe", "/legacy/secure/").status()).isEqualTo(200);
            assertRefused(curl("alice", "/legacy/secure/"), "CERTIFICATE_REVOKED");
            assertThat(console()).contains("OCSP responder http://127.0.0.1:" + port + "/");
            assertRefused(curl("bob", "/legacy/secure/"), "MAPPING_DENIED");
        } finally {
            responder.destroy();
            responder.waitFor(10, TimeUnit.SECONDS);
        }
        // The responder is down: after at most the timeout, the CRL file answers for eve.
        assertRefused(curl("eve", "/legacy/secure/"), "CERTIFICATE_REVOKED");
        assertThat(curl("jdoe", "/legacy/secure/").status()).as("jdoe's answer is kept for cacheTime").isEqualTo(200);
    }

    /**
     * docs/directory.md on this Tomcat, with a real slapd (Active Directory's schema) in place of a
     * domain controller: alice's certificate tied to the account asmith maps to it with the role
     * from memberOf; with the directory down, a file Deny still refuses and a certificate the
     * directory never answered for gets 503 DIRECTORY_UNAVAILABLE. Runs after the revocation guide
     * and writes docs/tomcat.md's mapping file afresh (without revocation).
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void directoryGuideWhenFollowedThenTheDirectoryMapsAndAnOutageFailsClosed() throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("certmap.e2e.docs")).resolveSibling("directory.md"));
        String docs = Files.readString(Path.of(System.getProperty("certmap.e2e.docs")));
        org.certmap.engine.directory.Slapd slapd = org.certmap.engine.directory.Slapd.start(
                Files.createDirectories(base.resolve("slapd")));
        try {
            java.security.cert.X509Certificate alice;
            try (java.io.InputStream in = Files.newInputStream(base.resolve("conf/tls/alice.pem"))) {
                alice = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in);
            }
            // What `certmap map --directory-value` prints first (the CLI's own test pins that it is this).
            String value = org.certmap.engine.directory.AdMappingStrings.of(alice).toStore().get(0).value();
            slapd.add(block(guide, "directory-ldif").replace("VALUE-PRINTED-ABOVE", value));
            String mapping = block(docs, "mapping");
            String validation = "<validation trustStore=\"../tls/ca.pem\"/>";
            String element = block(guide, "directory-element").strip()
                    .replace("ldap://127.0.0.1:389", slapd.url());
            int reloads = count(console(), "reloaded ");
            Files.writeString(base.resolve("conf/certmap/legacy.xml"), mapping.replace(validation,
                    validation + "\n  " + element));
            awaitConsole("reloaded ", reloads + 1);
            Reply a = curl("alice", "/legacy/secure/");
            assertThat(a.status()).as(a.body() + console()).isEqualTo(200);
            assertThat(a.body()).contains("user=asmith", "admin=true");
            assertThat(curl("jdoe", "/legacy/secure/").body()).contains("user=jdoe");
        } finally {
            slapd.stop();
        }
        // The directory is down: alice's answer is kept for cacheTime, bob's file Deny still refuses,
        // and eve, whom the directory never answered for, gets 503.
        assertThat(curl("alice", "/legacy/secure/").body()).contains("user=asmith");
        assertRefused(curl("bob", "/legacy/secure/"), "MAPPING_DENIED");
        Reply eve = curl("eve", "/legacy/secure/");
        assertThat(eve.status()).as(eve.body()).isEqualTo(503);
        assertThat(eve.body()).contains("DIRECTORY_UNAVAILABLE");
    }

    /** Waits (up to 30 s: reloadInterval is 5 s) until the console holds {@code text} at least {@code times} times. */
    void awaitConsole(String text, int times) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(console(), text) < times) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no \"" + text + "\" (x" + times + ") in the console within 30 s:\n" + console());
            }
            Thread.sleep(100);
        }
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Runs last because it stops Tomcat: the distribution's AccessLogValve is buffered and writes at
     * stop, or else only every backgroundProcessorDelay (10 s), which cost each class 5-8 s of polling.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void accessLogWhenMappedThenUserColumnHasMappedUser() throws Exception {
        Reply r = curl("jdoe", "/legacy/secure/?log=1");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        stopTomcat();
        String found = null;
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path p : logs.filter(f -> f.getFileName().toString().startsWith("localhost_access_log")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    if (line.contains("/legacy/secure/?log=1")) {
                        found = line;
                    }
                }
            }
        }
        assertThat(found).as("access log line").isNotNull().contains(" jdoe ").contains("\" 200 ");
    }

    @Test
    void publicPageWhenItForwardsOrIncludesProtectedPageThenRefusedOrNothingIncluded() throws Exception {
        assertRefused(curl(null, "/legacy/forward.jsp"), "CERTIFICATE_REQUIRED");
        assertRefused(curl("jdoe", "/legacy/forward.jsp"), "CERTIFICATE_REQUIRED");
        Reply r = curl(null, "/legacy/include.jsp");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("BEFORE||AFTER");
    }

    @Test
    void protectedPageWhenItForwardsDeeperThenTheLocationsRolesDecide() throws Exception {
        Reply r = curl("jdoe", "/legacy/secure/forward.jsp");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("SECRET", "user=jdoe", "admin=true");
        assertRefused(curl("alice", "/legacy/secure/forward.jsp"), "ROLE_REQUIRED");
    }

    @Test
    void valveJarHoldsOnlyValveAndEngineClasses() throws Exception {
        try (ZipFile z = new ZipFile(valveJar().toFile())) {
            List<String> names = z.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("org/certmap/tomcat/CertificateMappingValve.class",
                    "org/certmap/engine/CertmapEngine.class");
            assertThat(names).allSatisfy(n -> assertThat(n.startsWith("org/certmap/tomcat/")
                    || n.startsWith("org/certmap/engine/") || n.equals("org/") || n.equals("org/certmap/")
                    || n.equals("META-INF/") || n.equals("META-INF/MANIFEST.MF")).as(n).isTrue());
        }
    }

    @Test
    void startUpWhenDocsConfigurationThenEveryAttributeTakenAndNoError() {
        // Tomcat ignores an attribute it does not know (one removed in a newer line, say) with only
        // a WARNING: the page's connector and context must mean the same on every tested version.
        assertThat(startUpLog).doesNotContain("failed to set property", "SEVERE");
    }

    static void assertRefused(Reply r, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains(reason).doesNotContain("SECRET");
    }

    record Reply(int status, String body) {
    }

    /** curl over HTTPS, trusting the demo CA, presenting {@code who}.pem/.key when not null. */
    Reply curl(String who, String path) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", "ca.pem",
                "-w", "\n%{http_code}"));
        if (who != null) {
            cmd.addAll(List.of("--cert", who + ".pem", "--key", who + ".key"));
        }
        cmd.add("https://localhost:" + httpsPort + path);
        String out = run(base.resolve("conf/tls"), Duration.ofSeconds(30), cmd.toArray(new String[0]));
        int nl = out.lastIndexOf('\n');
        String code = out.substring(nl + 1).strip();
        return new Reply(code.matches("\\d{3}") ? Integer.parseInt(code) : -1, out.substring(0, Math.max(nl, 0)));
    }

    /** Runs a command with a time limit; returns its output (stdout and stderr). */
    static String run(Path dir, Duration limit, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // keytool and java of the JDK running the build come first.
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within " + limit);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !command[0].equals("curl")) {
            throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text;
    }

    /** The fenced block after {@code <!-- e2e:name -->} in docs/tomcat.md. */
    static String block(String docs, String name) {
        int marker = docs.indexOf("<!-- e2e:" + name + " -->");
        assertThat(marker).as("docs/tomcat.md marker e2e:" + name).isNotNegative();
        int open = docs.indexOf("```", marker);
        int start = docs.indexOf('\n', open) + 1;
        int close = docs.indexOf("\n```", start);
        return docs.substring(start, close + 1);
    }

    static Path valveJar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("certmap.e2e.dir"), "valve"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("certmap-tomcat-valve")).findFirst()
                    .orElseThrow(() -> new AssertionError("no valve JAR copied"));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    String console() throws IOException {
        Path p = base.resolve("logs/console.out");
        return Files.exists(p) ? Files.readString(p) : "(no console output)";
    }

    static void writeWar(Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream z = new ZipOutputStream(file)) {
            entry(z, "index.html", "<html><body>PUBLIC page</body></html>\n");
            String whoami = "<%@ page contentType=\"text/plain\" %>SECRET user=<%= request.getRemoteUser() %>"
                    + " staff=<%= request.isUserInRole(\"staff\") %> admin=<%= request.isUserInRole(\"admin\") %>\n";
            entry(z, "secure/index.jsp", whoami);
            entry(z, "secure/admin/index.jsp", whoami);
            entry(z, "public/index.html", "PUBLIC too\n");
            // protectDispatches: public pages that forward to or include a protected page, and a
            // protected one that forwards deeper (the user certmap logged in there needs the role).
            entry(z, "forward.jsp", "<jsp:forward page=\"/secure/index.jsp\"/>");
            entry(z, "include.jsp", "<%@ page contentType=\"text/plain\" %>BEFORE|<jsp:include page=\"/secure/index.jsp\"/>|AFTER");
            entry(z, "secure/forward.jsp", "<jsp:forward page=\"/secure/admin/index.jsp\"/>");
        }
    }

    private static void entry(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

}
