package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.certmap.e2e.ee.MtlsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full Jakarta EE 10 server, Payara Micro 6, started once for the class as a plain process with
 * two applications: {@code /sam} (the ServerAuthModule, web.xml context-param and CLIENT-CERT
 * constraint) and {@code /mechanism} (the Jakarta Security mechanism, Payara's own Soteria), and
 * their legacy twins without web.xml, {@code /plain} and {@code /plain-mechanism}.
 * HTTPS asks for client certificates with {@code client-auth=want} and a JKS trust store holding
 * the test root, set in a pre-boot command file (docs/ee-servers.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraMicroIT {

    private static final long START_TIMEOUT_SECONDS = 240;

    @TempDir
    static Path tmp;

    static EePki pki;
    static Process payara;
    static Path log;
    static int httpsPort;
    static FrontDoorChecks sam;
    static FrontDoorChecks mechanism;
    static FrontDoorChecks plain;
    static FrontDoorChecks plainMechanism;

    @BeforeAll
    static void start() throws Exception {
        pki = new EePki();
        Path authModule = TestWebapp.lib("certmap-auth-module.jar");
        Path samDir = TestWebapp.at(tmp.resolve("apps/sam")).layer("common").layer("sam").withLib(authModule).build();
        pki.writeMappingFile(samDir.resolve("WEB-INF/certmap.xml"));
        Path mechDir = TestWebapp.at(tmp.resolve("apps/mechanism")).layer("common").layer("mechanism")
                .withLib(authModule)
                .compileAgainst(TestWebapp.lib("jakarta.security.enterprise-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.enterprise.cdi-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.inject-api.jar"))
                .build();
        pki.writeMappingFile(mechDir.resolve("WEB-INF/certmap.xml"));
        // Legacy applications: no web.xml, so no <security-role>; only <location>s decide.
        Path plainDir = TestWebapp.at(tmp.resolve("apps/plain")).layer("common").withLib(authModule).build();
        pki.writeMappingFile(plainDir.resolve("WEB-INF/certmap.xml"));
        Path plainMechDir = TestWebapp.at(tmp.resolve("apps/plain-mechanism")).layer("common").layer("mechanism-plain")
                .withLib(authModule)
                .compileAgainst(TestWebapp.lib("jakarta.security.enterprise-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.enterprise.cdi-api.jar"))
                .compileAgainst(TestWebapp.lib("jakarta.inject-api.jar"))
                .build();
        pki.writeMappingFile(plainMechDir.resolve("WEB-INF/certmap.xml"));
        Path samWar = TestWebapp.war(samDir, tmp.resolve("sam.war"));
        Path mechWar = TestWebapp.war(mechDir, tmp.resolve("mechanism.war"));
        Path plainWar = TestWebapp.war(plainDir, tmp.resolve("plain.war"));
        Path plainMechWar = TestWebapp.war(plainMechDir, tmp.resolve("plain-mechanism.war"));

        Path trustStore = pki.writeTrustStoreJks(tmp.resolve("clients-ca.jks"));
        Path preboot = tmp.resolve("preboot.txt");
        Files.writeString(preboot, String.join("\n",
                "set configs.config.server-config.network-config.protocols.protocol.https-listener.ssl.client-auth=want",
                "set configs.config.server-config.network-config.protocols.protocol.https-listener.ssl.trust-store="
                        + trustStore.toAbsolutePath(),
                "set configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true",
                ""));
        int httpPort = freePort();
        httpsPort = freePort();
        log = tmp.resolve("payara.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC",
                "-jar", TestWebapp.lib("payara-micro.jar").toString(),
                "--nocluster", "--rootdir", tmp.resolve("root").toString(),
                "--port", Integer.toString(httpPort), "--sslport", Integer.toString(httpsPort),
                "--prebootcommandfile", preboot.toString(),
                "--deploy", samWar.toString(), "--deploy", mechWar.toString(),
                "--deploy", plainWar.toString(), "--deploy", plainMechWar.toString()));
        payara = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        sam = new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + "/sam" + p, null);
        mechanism = new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + "/mechanism" + p, null);
        plain = new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + "/plain" + p, null);
        plainMechanism = new FrontDoorChecks(pki, p -> "https://localhost:" + httpsPort + "/plain-mechanism" + p, null);
        awaitStarted();
    }

    private static void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + payara.exitValue() + ":\n" + tail());
            }
            if (sam.get(null, "/public/ping").status() == 200 && mechanism.get(null, "/public/ping").status() == 200
                    && plain.get(null, "/public/ping").status() == 200
                    && plainMechanism.get(null, "/public/ping").status() == 200) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Payara Micro did not serve both applications within " + START_TIMEOUT_SECONDS
                + " s:\n" + tail());
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (payara != null) {
            payara.destroy();
            if (!payara.waitFor(30, TimeUnit.SECONDS)) {
                payara.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startWhenBothFrontDoorsThenLogSaysWhichIsActive() throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).contains("certmap [/sam]: ServerAuthModule CertificateMappingServerAuthModule registered");
        assertThat(text).contains("certmap [/mechanism]: Jakarta Security mechanism active");
    }

    @Test
    void samWhenOneToOneThenLoggedInWithRoles() {
        sam.oneToOneMappedUserWithRoles("/secure/page");
        // Auth type aside (servers differ); printed for the docs.
        System.out.println("Payara auth types: ServerAuthModule=" + sam.get(pki.jdoe, "/secure/page").value("authType")
                + ", mechanism=" + mechanism.get(pki.jdoe, "/secure/page").value("authType"));
    }

    @Test
    void samWhenManyToOneThenSharedUser() {
        sam.manyToOneMappedToSharedUser("/secure/page");
    }

    @Test
    void samWhenDeniedUnmappedOrNoCertificateThen403WithReason() {
        sam.deniedByDenyMapping("/secure/page");
        sam.unmappedRefused("/secure/page");
        sam.noCertificateRefused("/secure/page");
    }

    @Test
    void samWhenExpiredThenNeverServed() {
        sam.expiredNeverServed("/secure/page");
    }

    @Test
    void samWhenRoleMissingThenContainerRefuses() {
        sam.containerRoleCheck("/secure/admin/page");
    }

    @Test
    void samLocationsWithoutConstraint() {
        sam.oneToOneMappedUserWithRoles("/loc/page");
        sam.noCertificateRefused("/loc/page");
        sam.refused(pki.alice, "/loc/admin/page", 403, "ROLE_REQUIRED");
        sam.uncoveredPathIsAnonymous("/public/page");
    }

    @Test
    void dispatchWhenIntoLocationThenNeedsCertmapsLoginForThisRequest() {
        sam.dispatchesIntoLocationsNeedCertmapsLogin(false);
        mechanism.dispatchesIntoLocationsNeedCertmapsLogin(false);
    }

    /**
     * Jakarta Authorization: a role is visible to isUserInRole only when declared; an application
     * without web.xml declares none, so certmap declares the mapping file's roles at start.
     */
    @Test
    void legacyAppWithoutWebXmlWhenMappedThenIsUserInRoleSeesMappingFileRoles() {
        plain.oneToOneMappedUserWithRoles("/loc/page");
        plain.manyToOneMappedToSharedUser("/loc/page");
        plainMechanism.oneToOneMappedUserWithRoles("/loc/page");
        plainMechanism.manyToOneMappedToSharedUser("/loc/page");
    }

    @Test
    void proxyHeaderWhenPeerNotTrustedThenIgnored() {
        for (FrontDoorChecks app : List.of(sam, mechanism, plain, plainMechanism)) {
            app.proxyHeaderFromUntrustedPeerIgnored("/loc/page");
        }
    }

    /** Payara Micro unpacks each WAR under --rootdir; certmap watches the unpacked mapping file. */
    @Test
    @Order(Integer.MAX_VALUE)
    void reloadWhenMappingFileChangesThenNextRequestUsesIt() throws Exception {
        plain.reloadApplies(unpacked("plain"), "/loc/page");
        plainMechanism.reloadApplies(unpacked("plain-mechanism"), "/loc/page");
    }

    private static Path unpacked(String app) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(tmp.resolve("root"))) {
            return walk.filter(p -> p.endsWith(Path.of(app, "WEB-INF", "certmap.xml"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no unpacked " + app + "/WEB-INF/certmap.xml under --rootdir"));
        }
    }

    @Test
    void samSessionIdStable() {
        sam.sessionIdStable("/secure/page");
    }

    @Test
    void mechanismWhenOneToOneThenLoggedInAndSecurityContextAgrees() {
        mechanism.oneToOneMappedUserWithRoles("/secure/page");
        Response r = mechanism.get(pki.jdoe, "/secure/page");
        assertThat(r.value("securityContext")).isEqualTo("jdoe,admin:true,staff:true");
    }

    @Test
    void mechanismWhenManyToOneThenOtherStoreAddsGroups() {
        mechanism.manyToOneMappedToSharedUser("/secure/page");
        assertThat(mechanism.get(pki.alice, "/secure/page").value("role.auditor")).isEqualTo("true");
        assertThat(mechanism.get(pki.jdoe, "/secure/page").value("role.auditor")).isEqualTo("false");
    }

    @Test
    void mechanismWhenDeniedUnmappedOrNoCertificateThen403WithReason() {
        mechanism.deniedByDenyMapping("/secure/page");
        mechanism.unmappedRefused("/secure/page");
        mechanism.noCertificateRefused("/secure/page");
    }

    @Test
    void mechanismWhenExpiredThenNeverServed() {
        mechanism.expiredNeverServed("/secure/page");
    }

    @Test
    void mechanismWhenRoleMissingThenContainerRefuses() {
        mechanism.containerRoleCheck("/secure/admin/page");
        mechanism.containerRoleCheck("/annotated-admin/page");
    }

    @Test
    void mechanismLocationsWithoutConstraint() {
        mechanism.oneToOneMappedUserWithRoles("/loc/page");
        mechanism.noCertificateRefused("/loc/page");
        mechanism.refused(pki.alice, "/loc/admin/page", 403, "ROLE_REQUIRED");
        mechanism.uncoveredPathIsAnonymous("/public/page");
    }

    @Test
    void mechanismSessionIdStable() {
        mechanism.sessionIdStable("/secure/page");
    }
}
