package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The released Open Liberty (openliberty-runtime zip, unpacked by src/test/pom.xml) with exactly the
 * {@code server.xml} of docs/ee-servers.md (block {@code e2e:liberty-server-xml}; only the two ports
 * of {@code httpEndpoint} are changed to free ones), started once for the class as a process with
 * its own user folder ({@code WLP_USER_DIR}). The four applications are exploded folders in
 * {@code dropins/}.
 */
class OpenLibertyIT extends ReleasedServerCases {

    private static final long START_TIMEOUT_SECONDS = 180;
    private static final String SERVER = "certmap";

    @TempDir
    static Path tmp;

    static EePki pki;
    static Path wlp;
    static Path serverDir;
    static Process liberty;
    static Path console;
    static int httpsPort;
    static FrontDoorChecks sam;
    static FrontDoorChecks mechanism;
    static FrontDoorChecks plain;
    static FrontDoorChecks plainMechanism;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        pki = new EePki();
        wlp = Path.of(System.getProperty("certmap.e2e.openliberty", "target/e2e/wlp")).toAbsolutePath();
        assertThat(wlp.resolve("bin/server")).as("the unpacked Open Liberty (run with mvn -B verify)").isRegularFile();
        serverDir = Files.createDirectories(tmp.resolve("usr/servers").resolve(SERVER));

        int offset = EeProcesses.freeOffset(20000, 60000, 1, 0, 1);
        int httpPort = offset;
        httpsPort = offset + 1;
        String xml = EeDocs.block("liberty-server-xml");
        String endpoint = "httpPort=\"9080\" httpsPort=\"9443\"";
        assertThat(xml).contains(endpoint);
        Files.writeString(serverDir.resolve("server.xml"),
                xml.replace(endpoint, "httpPort=\"" + httpPort + "\" httpsPort=\"" + httpsPort + "\""));
        pki.server.writePkcs12(serverDir.resolve("server.p12"), EePki.PASSWORD);
        pki.writeTrustStore(serverDir.resolve("clients-ca.p12"), "PKCS12");

        Path authModule = TestWebapp.lib("certmap-auth-module.jar");
        Path dropins = Files.createDirectories(serverDir.resolve("dropins"));
        Path samDir = TestWebapp.at(dropins.resolve("sam.war")).layer("common").layer("sam").withLib(authModule).build();
        pki.writeMappingFile(samDir.resolve("WEB-INF/certmap.xml"));
        Path mechDir = mechanismApp(TestWebapp.at(dropins.resolve("mechanism.war")).layer("common").layer("mechanism"),
                authModule);
        pki.writeMappingFile(mechDir.resolve("WEB-INF/certmap.xml"));
        Path plainDir = TestWebapp.at(dropins.resolve("plain.war")).layer("common").withLib(authModule).build();
        pki.writeMappingFile(plainDir.resolve("WEB-INF/certmap.xml"));
        Path plainMechDir = mechanismApp(TestWebapp.at(dropins.resolve("plain-mechanism.war")).layer("common")
                .layer("mechanism-plain"), authModule);
        pki.writeMappingFile(plainMechDir.resolve("WEB-INF/certmap.xml"));

        console = tmp.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", SERVER)
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().putAll(environment());
        liberty = pb.start();
        sam = checks("/sam");
        mechanism = checks("/mechanism");
        plain = checks("/plain");
        plainMechanism = checks("/plain-mechanism");
        awaitStarted();
        System.out.printf("Open Liberty: started and deployed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("WLP_USER_DIR", tmp.resolve("usr").toString());
        env.put("JVM_ARGS", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return env;
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

    private static void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!liberty.isAlive()) {
                throw new IllegalStateException("Open Liberty exited with " + liberty.exitValue() + ":\n"
                        + EeProcesses.tail(console));
            }
            if (sam.get(null, "/public/ping").status() == 200 && mechanism.get(null, "/public/ping").status() == 200
                    && plain.get(null, "/public/ping").status() == 200
                    && plainMechanism.get(null, "/public/ping").status() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Open Liberty did not serve the four applications within " + START_TIMEOUT_SECONDS
                + " s:\n" + EeProcesses.tail(console) + "\n" + EeProcesses.tail(serverDir.resolve("logs/messages.log")));
    }

    /** TERM to the launcher and the server's JVM: Liberty's shutdown hook stops it cleanly. */
    @AfterAll
    static void stop() throws Exception {
        EeProcesses.stopTree(liberty);
    }

    @Override
    Apps apps() {
        Path dropins = serverDir.resolve("dropins");
        return new Apps(pki, sam, mechanism, plain, plainMechanism, dropins.resolve("plain.war/WEB-INF/certmap.xml"),
                dropins.resolve("plain-mechanism.war/WEB-INF/certmap.xml"));
    }

    @Override
    String serverLog() throws IOException {
        Path messages = serverDir.resolve("logs/messages.log");
        return Files.exists(messages) ? Files.readString(messages, StandardCharsets.UTF_8) : "";
    }
}
