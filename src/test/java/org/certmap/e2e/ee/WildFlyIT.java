package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The released WildFly (wildfly-dist zip, unpacked by src/test/pom.xml), configured with exactly
 * the jboss-cli script of docs/ee-servers.md (block {@code e2e:wildfly-cli}) and started once for the
 * class as a process, with its own copy of {@code standalone/} ({@code jboss.server.base.dir}) and a
 * free port offset. Four exploded applications, each with certmap-auth-module.jar in WEB-INF/lib and
 * nothing WildFly-specific: {@code /sam} and {@code /mechanism} (web.xml CLIENT-CERT constraints),
 * {@code /plain} and {@code /plain-mechanism} (no web.xml, only {@code <location>}s).
 */
class WildFlyIT extends ReleasedServerCases {

    private static final long START_TIMEOUT_SECONDS = 180;

    @TempDir
    static Path tmp;

    static EePki pki;
    static Path home;
    static Path base;
    static Process wildfly;
    static Path log;
    static int httpsPort;
    static FrontDoorChecks sam;
    static FrontDoorChecks mechanism;
    static FrontDoorChecks plain;
    static FrontDoorChecks plainMechanism;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        pki = new EePki();
        home = Path.of(System.getProperty("certmap.e2e.wildfly", "target/e2e/wildfly-39.0.1.Final")).toAbsolutePath();
        assertThat(home.resolve("jboss-modules.jar")).as("the unpacked WildFly (run with mvn -B verify)").isRegularFile();
        base = tmp.resolve("standalone");
        EeProcesses.copyTree(home.resolve("standalone"), base);

        // What the docs tell the admin to put into standalone/configuration.
        Path config = base.resolve("configuration");
        pki.server.writePkcs12(config.resolve("server.p12"), EePki.PASSWORD);
        pki.writeTrustStore(config.resolve("clients-ca.p12"), "PKCS12");
        Path cli = tmp.resolve("certmap.cli");
        Files.writeString(cli, EeDocs.block("wildfly-cli"));
        // The CLI boots an embedded server for several seconds: build the applications meanwhile.
        CompletableFuture<String> configuring = CompletableFuture.supplyAsync(() -> {
            try {
                return EeDocs.run(tmp, Duration.ofSeconds(120), environment(),
                        home.resolve("bin/jboss-cli.sh").toString(), "-Djboss.server.base.dir=" + base, "--file=" + cli);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        Path authModule = TestWebapp.lib("certmap-auth-module.jar");
        Path deployments = base.resolve("deployments");
        Path samDir = TestWebapp.at(deployments.resolve("sam.war")).layer("common").layer("sam").withLib(authModule).build();
        pki.writeMappingFile(samDir.resolve("WEB-INF/certmap.xml"));
        Path mechDir = mechanismApp(TestWebapp.at(deployments.resolve("mechanism.war")).layer("common").layer("mechanism"),
                authModule);
        pki.writeMappingFile(mechDir.resolve("WEB-INF/certmap.xml"));
        Path plainDir = TestWebapp.at(deployments.resolve("plain.war")).layer("common").withLib(authModule).build();
        pki.writeMappingFile(plainDir.resolve("WEB-INF/certmap.xml"));
        Path plainMechDir = mechanismApp(TestWebapp.at(deployments.resolve("plain-mechanism.war")).layer("common")
                .layer("mechanism-plain"), authModule);
        pki.writeMappingFile(plainMechDir.resolve("WEB-INF/certmap.xml"));
        assertThat(configuring.join()).contains("The batch executed successfully");
        long configured = System.nanoTime();
        // Only now: the CLI's embedded server must not see deployments.
        for (String app : List.of("sam", "mechanism", "plain", "plain-mechanism")) {
            Files.writeString(deployments.resolve(app + ".war.dodeploy"), "");
        }

        // Every port of standalone.xml: http, https, management, ajp, transactions.
        int offset = EeProcesses.freeOffset(1000, 40000, 1, 8080, 8443, 9990, 9993, 8009, 4712, 4713);
        httpsPort = 8443 + offset;
        log = tmp.resolve("wildfly.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset)
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment());
        // The script then relays SIGTERM to the server's JVM (destroy() in stop()).
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        wildfly = pb.start();
        sam = checks("/sam");
        mechanism = checks("/mechanism");
        plain = checks("/plain");
        plainMechanism = checks("/plain-mechanism");
        awaitStarted(deployments);
        System.out.printf("WildFly: configured by the docs' CLI script (and the apps built) in %d ms, started and deployed in %d ms (%s)%n",
                TimeUnit.NANOSECONDS.toMillis(configured - t0), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - configured),
                Files.readAllLines(log).stream().filter(l -> l.contains("WFLYSRV0025")).findFirst().orElse("").strip());
    }

    private static Path mechanismApp(TestWebapp app, Path authModule) throws IOException {
        return app.withLib(authModule)
                .compileAgainst(TestWebapp.lib("jakarta.security.enterprise-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.enterprise.cdi-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.inject-api.jar"))
                .build();
    }

    private static FrontDoorChecks checks(String app) {
        return new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + app + p, pki.root.certificate());
    }

    /** JAVA_HOME: the JDK running the tests. JAVA_OPTS: WildFly's defaults, with less JIT for a short run. */
    private static Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS", "-Xms64m -Xmx512m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true"
                        + " -Djava.awt.headless=true -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    }

    private static void awaitStarted(Path deployments) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!wildfly.isAlive()) {
                throw new IllegalStateException("WildFly exited with " + wildfly.exitValue() + ":\n" + EeProcesses.tail(log));
            }
            try (Stream<Path> s = Files.list(deployments)) {
                List<Path> failed = s.filter(p -> p.toString().endsWith(".failed")).toList();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("WildFly did not deploy " + failed + ": "
                            + Files.readString(failed.get(0)) + "\n" + EeProcesses.tail(log));
                }
            }
            if (sam.get(null, "/public/ping").status() == 200 && mechanism.get(null, "/public/ping").status() == 200
                    && plain.get(null, "/public/ping").status() == 200
                    && plainMechanism.get(null, "/public/ping").status() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("WildFly did not serve the four applications within " + START_TIMEOUT_SECONDS
                + " s:\n" + EeProcesses.tail(log));
    }

    @AfterAll
    static void stop() throws Exception {
        EeProcesses.stopTree(wildfly);
    }

    @Override
    Apps apps() {
        return new Apps(pki, sam, mechanism, plain, plainMechanism, base.resolve("deployments/plain.war/WEB-INF/certmap.xml"), base.resolve("deployments/plain-mechanism.war/WEB-INF/certmap.xml"));
    }

    @Override
    String serverLog() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
