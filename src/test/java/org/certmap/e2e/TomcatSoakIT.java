package org.certmap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certmap.pki.KeyStores;
import org.certmap.pki.TlsContexts;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hardening issue's soak test on the released Tomcat with the dropped-in valve JAR (256 MB
 * heap): eight identities send requests over keep-alive connections and over new TLS connections,
 * while the mapping file is rewritten every second, cycling through two valid versions (every
 * identity maps to a user of its own, named after the version) and one broken one.
 *
 * <p>What passes: every request gets its own identity and no other (invariant 1); a request sent
 * after a reload was logged, and answered before the next rewrite, uses the new version (invariant
 * 5), and after a broken rewrite the last good one (invariant 3); no request fails; the server's heap
 * after a full collection is no larger at the end than after warm-up, give or take 24 MB.
 *
 * <p>Bounded here ({@value #DEFAULT_REQUESTS} requests, well under a minute); the long mode lives
 * with the benchmarks: {@code -Dcertmap.soak.requests=10000000} (see bench/README.md).
 */
class TomcatSoakIT {

    static final int DEFAULT_REQUESTS = 100_000;
    static final int IDENTITIES = 8;
    static final char[] PASSWORD = "changeit".toCharArray();

    static Path base;
    static Path mapping;
    static int httpsPort;
    static Process tomcat;
    static Issued ca;
    static List<Issued> clients = new ArrayList<>();
    static SSLContext[] contexts = new SSLContext[IDENTITIES];

    /** What the file says now: the version a request must see, or pending while a rewrite is not yet logged. */
    record State(long epoch, boolean pending, char version) {
    }

    static final AtomicReference<State> STATE = new AtomicReference<>(new State(0, false, 'a'));

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("certmap.e2e.tomcat"));
        base = Files.createDirectories(Path.of(System.getProperty("certmap.e2e.dir"), "soak-" + System.nanoTime()));
        for (String d : new String[] {"logs", "temp", "webapps", "work", "lib", "conf/Catalina/localhost", "conf/certmap"}) {
            Files.createDirectories(base.resolve(d));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path p : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(p, base.resolve("conf").resolve(p.getFileName()));
            }
        }
        Path jar = TomcatDistributionIT.valveJar();
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));

        ca = TestPki.rootCa("CN=Soak CA,O=certmap");
        Issued server = TestPki.cert().subject("CN=localhost").issuer(ca).eku(KeyPurposeId.id_kp_serverAuth)
                .san(new GeneralName(GeneralName.dNSName, "localhost")).build();
        server.writePkcs12(base.resolve("conf/server.p12"), PASSWORD);
        KeyStores.write(KeyStores.withCertificate("ca", ca.certificate()), base.resolve("conf/trust.p12"), PASSWORD);
        TestPki.writePem(base.resolve("conf/certmap/ca.pem"), ca.certificate());
        for (int i = 0; i < IDENTITIES; i++) {
            Issued c = TestPki.client(ca, "CN=id" + i + ",O=Soak");
            clients.add(c);
            contexts[i] = context(c);
        }

        httpsPort = TomcatDistributionIT.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String connector = """
                <Connector port="%d" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true"
                           maxKeepAliveRequests="-1">
                  <SSLHostConfig certificateVerification="optional" truststoreFile="conf/trust.p12"
                                 truststorePassword="changeit" truststoreType="PKCS12">
                    <Certificate certificateKeystoreFile="conf/server.p12" certificateKeystorePassword="changeit"
                                 certificateKeystoreType="PKCS12"/>
                  </SSLHostConfig>
                </Connector>
                """.formatted(httpsPort);
        String xml = Files.readString(serverXml).replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + TomcatDistributionIT.freePort() + "\"")
                .replace("</Service>", connector + "\n</Service>");
        Files.writeString(serverXml, xml);
        Files.writeString(base.resolve("conf/Catalina/localhost/legacy.xml"),
                "<Context><Valve className=\"org.certmap.tomcat.CertificateMappingValve\""
                        + " configFile=\"conf/certmap/legacy.xml\"/></Context>\n");
        mapping = base.resolve("conf/certmap/legacy.xml");
        Files.writeString(mapping, version('a'));
        writeWar(base.resolve("webapps/legacy.war"));

        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CATALINA_OPTS", "-Xmx256m -XX:+ExitOnOutOfMemoryError");
        pb.environment().remove("JAVA_OPTS");
        pb.redirectErrorStream(true).redirectOutput(base.resolve("logs/console.out").toFile());
        tomcat = pb.start();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end && tomcat.isAlive()) {
            try {
                if (overNewConnection(0).startsWith("SECRET user=id0-a")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Tomcat did not serve /legacy/secure/ within 90 s:\n" + console());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.destroy();
            if (!tomcat.waitFor(30, TimeUnit.SECONDS)) {
                tomcat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Version {@code v} of the mapping file: identity i maps one-to-one to user "id{i}-{v}". */
    static String version(char v) throws Exception {
        StringBuilder sb = new StringBuilder("""
                <certificateMapping reloadInterval="200ms" showReason="true">
                  <validation trustStore="ca.pem"/>
                  <location path="/secure/*" sslFlags="Ssl, SslRequireCert"/>
                  <oneToOneMappings>
                """);
        for (int i = 0; i < IDENTITIES; i++) {
            sb.append("    <add userName=\"id").append(i).append('-').append(v).append("\" sha256=\"")
                    .append(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(clients.get(i).certificate().getEncoded())))
                    .append("\"/>\n");
        }
        return sb.append("  </oneToOneMappings>\n</certificateMapping>\n").toString();
    }

    static final String BROKEN = "<certificateMapping reloadInterval=\"200ms\">\n  <location path=\"/secure/*\"\n";

    @Test
    void identitiesNeverMixAndEveryLoggedReloadAppliesWhileTheFileChangesEverySecond() throws Exception {
        long total = Long.getLong("certmap.soak.requests", DEFAULT_REQUESTS);
        AtomicLong sent = new AtomicLong();
        AtomicLong checkedVersion = new AtomicLong();
        AtomicLong newConnections = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < IDENTITIES + 2; t++) {
            int identity = t % IDENTITIES;
            boolean keepAlive = t < IDENTITIES;
            Thread th = new Thread(() -> {
                HttpClient http = keepAlive ? HttpClient.newBuilder().sslContext(contexts[identity])
                        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build() : null;
                int who = identity;
                while (!stop.get() && sent.incrementAndGet() <= total && failures.size() < 20) {
                    if (!keepAlive) {
                        who = (int) (sent.get() % IDENTITIES);
                    }
                    State before = STATE.get();
                    String body;
                    try {
                        if (keepAlive) {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("https://localhost:" + httpsPort + "/legacy/secure/"))
                                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                            body = r.statusCode() + " " + r.body();
                        } else {
                            body = "200 " + overNewConnection(who);
                            newConnections.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add("identity " + who + ": " + e);
                        continue;
                    }
                    State after = STATE.get();
                    Matcher m = USER.matcher(body);
                    if (!body.startsWith("200 ") || !m.find()) {
                        failures.add("identity " + who + " got: " + body.substring(0, Math.min(200, body.length())));
                        continue;
                    }
                    if (Integer.parseInt(m.group(1)) != who) {
                        failures.add("identity " + who + " was served as " + m.group());
                    }
                    if (before == after && !before.pending()) {
                        checkedVersion.incrementAndGet();
                        if (m.group(2).charAt(0) != before.version()) {
                            failures.add("identity " + who + " got version " + m.group(2) + " after version "
                                    + before.version() + " was logged (epoch " + before.epoch() + ")");
                        }
                    }
                }
            }, "soak-" + t);
            th.start();
            threads.add(th);
        }

        long heapWarm = -1;
        int rewrites = 0;
        char good = 'a';
        char[] cycle = {'b', 'x', 'a'};
        // Three minutes for the bounded mode; long modes get a millisecond per request on top.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3) + TimeUnit.MILLISECONDS.toNanos(total);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            assertThat(System.nanoTime()).as("soak within its time; sent %d", sent.get()).isLessThan(deadline);
            Thread.sleep(1000);
            if (heapWarm < 0 && sent.get() > total / 10) {
                heapWarm = heapAfterGc();
            }
            char next = cycle[rewrites % cycle.length];
            long reloads = count(RELOADED);
            long failed = count(FAILED);
            State pending = new State(rewrites + 1, true, good);
            STATE.set(pending);
            Path tmp = mapping.resolveSibling("legacy.xml.tmp");
            Files.writeString(tmp, next == 'x' ? BROKEN : version(next));
            Files.move(tmp, mapping, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (next == 'x' ? count(FAILED) == failed : count(RELOADED) == reloads) {
                assertThat(System.nanoTime()).as("reload of version %s logged within 10 s:%n%s", next, tail())
                        .isLessThan(waitUntil);
                Thread.sleep(5);
            }
            if (next != 'x') {
                good = next;
            }
            STATE.set(new State(rewrites + 1, false, good));
            rewrites++;
        }
        stop.set(true);
        long heapEnd = heapAfterGc();
        System.out.printf("soak: %d requests (%d on new connections), %d version-checked, %d rewrites;"
                + " heap after GC %d MB after warm-up, %d MB at the end%n", Math.min(sent.get(), total),
                newConnections.get(), checkedVersion.get(), rewrites, heapWarm >> 20, heapEnd >> 20);
        assertThat(failures).as("failures").isEmpty();
        assertThat(rewrites).as("rewrites during the soak").isGreaterThanOrEqualTo(3);
        assertThat(checkedVersion.get()).as("requests whose version was checked").isGreaterThan(total / 4);
        assertThat(tomcat.isAlive()).isTrue();
        assertThat(console()).doesNotContain("java.lang.OutOfMemoryError").doesNotContain("SEVERE");
        assertThat(heapEnd - heapWarm).as("heap growth").isLessThan(24L << 20);
    }

    static final Pattern USER = Pattern.compile("user=id(\\d+)-([a-z])");
    static final Pattern RELOADED = Pattern.compile("certmap \\[[^\\]]*/legacy\\]: reloaded ");
    static final Pattern FAILED = Pattern.compile("certmap \\[[^\\]]*/legacy\\]: reload of .* failed");

    static long count(Pattern p) throws IOException {
        Matcher m = p.matcher(console());
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** One request on a new TLS connection as identity {@code i}: the response body. */
    static String overNewConnection(int i) throws IOException {
        try (SSLSocket s = (SSLSocket) contexts[i].getSocketFactory().createSocket("localhost", httpsPort)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /legacy/secure/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("not 200: " + response.lines().findFirst().orElse(""));
            }
            int body = response.indexOf("SECRET");
            return body < 0 ? response : response.substring(body);
        }
    }

    static SSLContext context(Issued client) {
        return TlsContexts.client(TlsContexts.keyManagers(client.keyStore(PASSWORD), PASSWORD),
                TlsContexts.trustManagers(ca.certificate()));
    }

    /** The server's heap in use after a full collection (jcmd on Tomcat's JVM). */
    static long heapAfterGc() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = Long.toString(tomcat.pid());
        TomcatDistributionIT.run(base, Duration.ofSeconds(30), jcmd, pid, "GC.run");
        String info = TomcatDistributionIT.run(base, Duration.ofSeconds(30), jcmd, pid, "GC.heap_info");
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        assertThat(m.find()).as("jcmd GC.heap_info: %s", info).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * The legacy page, without an HTTP session: the JSP default would make one per request (the
     * clients keep no cookies), and 100,000 sessions are Tomcat's heap, not certmap's.
     */
    static void writeWar(Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war);
                java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(file)) {
            z.putNextEntry(new java.util.zip.ZipEntry("secure/index.jsp"));
            z.write(("<%@ page contentType=\"text/plain\" session=\"false\" %>SECRET user=<%= request.getRemoteUser() %>\n")
                    .getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    static String console() throws IOException {
        return Files.readString(base.resolve("logs/console.out"));
    }

    static String tail() throws IOException {
        String c = console();
        return c.substring(Math.max(0, c.length() - 3000));
    }

}
