package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The released GlassFish (glassfish zip, unpacked by src/test/pom.xml) with exactly the steps of
 * docs/ee-servers.md: the client CA into the domain's {@code cacerts.jks} before start (block
 * {@code e2e:glassfish-cacerts}), then the asadmin commands (block {@code e2e:glassfish-asadmin})
 * on the running domain. The domain is a copy of the distribution's {@code domain1} with its ports
 * moved to free ones (test plumbing: {@code create-domain --portbase} costs 12 s here). Four
 * directory deployments with certmap-auth-module.jar in WEB-INF/lib and nothing GlassFish-specific:
 * {@code /sam} and {@code /mechanism} (web.xml CLIENT-CERT constraints), {@code /plain} and
 * {@code /plain-mechanism} (no web.xml). The client speaks HTTP/1.1 (GlassFish's HTTP/2 dropped
 * about 2% of requests here).
 */
class GlassFishIT extends ReleasedServerCases {

    @TempDir
    static Path tmp;

    static EePki pki;
    static Path home;
    static Path domains;
    static Path domain;
    static int adminPort;
    static int httpsPort;
    static boolean started;
    static FrontDoorChecks sam;
    static FrontDoorChecks mechanism;
    static FrontDoorChecks plain;
    static FrontDoorChecks plainMechanism;
    static Path plainDir;
    static Path plainMechDir;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        pki = new EePki();
        home = Path.of(System.getProperty("certmap.e2e.glassfish", "target/e2e/glassfish7")).toAbsolutePath();
        assertThat(home.resolve("bin/asadmin")).as("the unpacked GlassFish (run with mvn -B verify)").isRegularFile();
        domains = tmp.resolve("domains");
        domain = domains.resolve("domain1");
        EeProcesses.copyTree(home.resolve("glassfish/domains/domain1"), domain);
        int base = EeProcesses.freeOffset(20000, 60000, 100, 37, 38, 39, 48, 76, 80, 81, 86);
        adminPort = base + 48;
        httpsPort = base + 81;
        Path domainXml = domain.resolve("config/domain.xml");
        String xml = Files.readString(domainXml);
        for (Map.Entry<String, Integer> e : Map.of("3700", 37, "3820", 38, "3920", 39, "4848", 48, "7676", 76,
                "8080", 80, "8181", 81, "8686", 86).entrySet()) {
            xml = xml.replace("port=\"" + e.getKey() + "\"", "port=\"" + (base + e.getValue()) + "\"")
                    .replace("value=\"" + e.getKey() + "\"", "value=\"" + (base + e.getValue()) + "\"");
        }
        // Test plumbing, as WildFlyIT's JAVA_OPTS: less JIT for a short run on a shared machine.
        xml = xml.replaceFirst("<jvm-options>-Xmx512m</jvm-options>",
                "<jvm-options>-Xmx512m</jvm-options><jvm-options>-XX:TieredStopAtLevel=1</jvm-options>");
        Files.writeString(domainXml, xml);

        // docs: the client CAs into the domain's cacerts.jks, with the server stopped.
        Files.writeString(tmp.resolve("clients-ca.pem"), pki.root.pem());
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "AS_JAVA", System.getProperty("java.home"),
                "DOMAIN_DIR", domain.toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        EeDocs.run(tmp, Duration.ofSeconds(60), env, "bash", "-e", "-c", EeDocs.block("glassfish-cacerts"));

        Path authModule = TestWebapp.lib("certmap-auth-module.jar");
        Path apps = tmp.resolve("apps");
        Path samDir = TestWebapp.at(apps.resolve("sam")).layer("common").layer("sam").withLib(authModule).build();
        pki.writeMappingFile(samDir.resolve("WEB-INF/certmap.xml"));
        Path mechDir = mechanismApp(TestWebapp.at(apps.resolve("mechanism")).layer("common").layer("mechanism"), authModule);
        pki.writeMappingFile(mechDir.resolve("WEB-INF/certmap.xml"));
        plainDir = TestWebapp.at(apps.resolve("plain")).layer("common").withLib(authModule).build();
        pki.writeMappingFile(plainDir.resolve("WEB-INF/certmap.xml"));
        plainMechDir = mechanismApp(TestWebapp.at(apps.resolve("plain-mechanism")).layer("common").layer("mechanism-plain"),
                authModule);
        pki.writeMappingFile(plainMechDir.resolve("WEB-INF/certmap.xml"));

        // start-domain returns once the server is up; the server runs on as its own process.
        started = true;
        asadmin(env, Duration.ofSeconds(180), "start-domain", "--domaindir", domains.toString(), "domain1");
        long up = System.nanoTime();

        // docs: the asadmin commands on the running domain; then the test's deployments, in one asadmin run.
        StringBuilder commands = new StringBuilder(EeDocs.block("glassfish-asadmin"));
        for (Path app : List.of(samDir, mechDir, plainDir, plainMechDir)) {
            String name = app.getFileName().toString();
            commands.append("deploy --name ").append(name).append(" --contextroot ").append(name).append(' ').append(app).append('\n');
        }
        Path file = tmp.resolve("certmap.asadmin");
        Files.writeString(file, commands);
        String out = asadmin(env, Duration.ofSeconds(180), "--port", Integer.toString(adminPort), "multimode", "--file",
                file.toString());
        assertThat(out).contains("Command multimode executed successfully").doesNotContain("failed");

        sam = checks("/sam");
        mechanism = checks("/mechanism");
        plain = checks("/plain");
        plainMechanism = checks("/plain-mechanism");
        for (FrontDoorChecks app : List.of(sam, mechanism, plain, plainMechanism)) {
            assertThat(app.get(null, "/public/ping").status()).as(app.url("/public/ping") + "\n" + serverLogTail()).isEqualTo(200);
        }
        System.out.printf("GlassFish: configured and started in %d ms, asadmin settings and 4 deployments in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(up - t0), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up));
    }

    private static String asadmin(Map<String, String> env, Duration limit, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/asadmin").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return EeDocs.run(tmp, limit, env, command);
    }

    private static Path mechanismApp(TestWebapp app, Path authModule) throws IOException {
        return app.withLib(authModule)
                .compileAgainst(TestWebapp.lib("jakarta.security.enterprise-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.enterprise.cdi-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.inject-api.jar"))
                .build();
    }

    /** GlassFish's own self-signed s1as certificate: trusted as any server (the client side is under test). */
    private static FrontDoorChecks checks(String app) {
        return new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + app + p, null);
    }

    private static String serverLogTail() throws IOException {
        return EeProcesses.tail(domain.resolve("logs/server.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (!started) {
            return;
        }
        // The server is not our child (start-domain detached it): end it by the id it wrote (TERM
        // runs its shutdown hook), checking that the id is still that server's; else stop-domain.
        Path pidFile = domain.resolve("config/pid");
        String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
        java.util.Optional<ProcessHandle> server = pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid))
                .filter(h -> h.info().commandLine().map(c -> c.contains(domains.toString())).orElse(false))
                : java.util.Optional.empty();
        if (server.isPresent()) {
            EeProcesses.stopAll(List.of(server.get()));
        } else {
            asadmin(Map.of("JAVA_HOME", System.getProperty("java.home"), "AS_JAVA", System.getProperty("java.home")),
                    Duration.ofSeconds(60), "stop-domain", "--domaindir", domains.toString(), "domain1");
        }
    }

    @Override
    Apps apps() {
        return new Apps(pki, sam, mechanism, plain, plainMechanism, plainDir.resolve("WEB-INF/certmap.xml"), plainMechDir.resolve("WEB-INF/certmap.xml"));
    }

    @Override
    String serverLog() throws IOException {
        return Files.readString(domain.resolve("logs/server.log"), StandardCharsets.UTF_8);
    }
}
