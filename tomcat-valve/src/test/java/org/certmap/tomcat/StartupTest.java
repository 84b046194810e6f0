package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.valves.SSLValve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fail closed at start, and one WARN at start for set-ups that cannot work as configured. */
class StartupTest {

    @TempDir
    Path dir;

    @Test
    void missingMappingFileWhenContextStartsThenContextFailsNamingTheFile() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "optional", false)) {
            Context ctx = server.addApp("/app", "<certificateMapping/>", v -> v.setConfigFile("conf/nope/certmap.xml"));
            startFailing(server);
            assertThat(ctx.getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(logs.find(Level.SEVERE, "nope" + java.io.File.separator + "certmap.xml")).isNotEmpty();
        }
    }

    @Test
    void configFileWithAnUnsetPropertyWhenContextStartsThenContextFailsWithCertmapsOwnLine() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "optional", false)) {
            Context ctx = server.addApp("/app", "<certificateMapping/>",
                    v -> v.setConfigFile("${certmap.test.unset}/certmap.xml"));
            startFailing(server);
            assertThat(ctx.getState()).isNotEqualTo(LifecycleState.STARTED);
            // The same rule and words as the ServerAuthModule's (MappingFileLocation), in the valve's start-failure line.
            assertThat(logs.records).anySatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isNull();
                assertThat(r.getMessage()).startsWith("certmap [")
                        .contains("configFile [${certmap.test.unset}/certmap.xml]: ")
                        .contains("system property certmap.test.unset is not set");
            });
        }
    }

    /** Embedded Tomcat fails its start when a context fails (the released server logs it and goes on). */
    static void startFailing(TestServer server) {
        assertThatThrownBy(server::start).isInstanceOf(LifecycleException.class);
    }

    @Test
    void invalidMappingFileWhenContextStartsThenContextFailsWithLineAndColumn() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "optional", false)) {
            Context ctx = server.addApp("/app", "<certificateMapping>\n  <bogus/>\n</certificateMapping>\n", null);
            startFailing(server);
            assertThat(ctx.getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(logs.find(Level.SEVERE, "certmap.xml:2:")).isNotEmpty();
            // Issue 14: certmap's own SEVERE line, easy to find before Tomcat's "Error starting child"
            // and its stack trace: the message itself names file:line:column and says how to recover.
            assertThat(logs.records).anySatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isNull();
                assertThat(r.getMessage()).startsWith("certmap [").contains("certmap.xml:2:")
                        .contains("fix the file");
            });
        }
    }

    @Test
    void configFileOutsideTheWarWhenRelativeOrExpandedThenFound() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("app.xml"), Configs.app(""));
        Files.copy(dir.resolve("outside/app.xml"), Files.createDirectories(dir.resolve("tomcat/conf/certmap")).resolve("app.xml"));
        org.certmap.testing.TestPki.writePem(outside.resolve("ca.pem"), Pki.ROOT.certificate());
        org.certmap.testing.TestPki.writePem(dir.resolve("tomcat/conf/certmap/ca.pem"), Pki.ROOT.certificate());
        System.setProperty("certmap.test.outside", outside.toString());
        try (TestServer server = new TestServer(dir, "optional", false)) {
            server.addApp("/a", null, null);
            Context a = server.tomcat.getHost().findChild("/a") instanceof Context c ? c : null;
            CertificateMappingValve va = new CertificateMappingValve();
            va.setConfigFile("${certmap.test.outside}/app.xml");
            a.getPipeline().addValve(va);
            server.addApp("/b", "", v -> v.setConfigFile("conf/certmap/app.xml"));
            server.start();
            assertThat(server.get(Pki.JDOE, "/a/secure/page").user()).isEqualTo("jdoe");
            assertThat(server.get(null, "/a/secure/page").status()).isEqualTo(403);
            assertThat(server.get(Pki.JDOE, "/b/secure/page").user()).isEqualTo("jdoe");
            assertThat(va.engine().file()).isEqualTo(outside.resolve("app.xml"));
        } finally {
            System.clearProperty("certmap.test.outside");
        }
    }

    @Test
    void connectorWithVerificationNoneWhenContextStartsThenOneWarningNamingContextAndConnector() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "none", false)) {
            server.addApp("/app", Configs.app(""), null);
            server.start();
            assertThat(logs.find(Level.WARNING, "certificateVerification=\"none\""))
                    .singleElement().satisfies(r -> assertThat(LogCapture.text(r)).contains("localhost/app", "https"));
            server.get(null, "/app/secure/page");
            assertThat(logs.find(Level.WARNING, "certificateVerification=\"none\"")).hasSize(1);
        }
    }

    @Test
    void connectorWithVerificationRequiredWhenPathsStayPublicThenOneWarning() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "required", false)) {
            server.addApp("/app", Configs.app(""), null);
            server.start();
            assertThat(logs.find(Level.WARNING, "certificateVerification=\"required\"")).hasSize(1);
            assertThat(server.get(Pki.JDOE, "/app/secure/page").user()).isEqualTo("jdoe");
        }
    }

    @Test
    void connectorWithVerificationOptionalThenNoWarningAndSslValveHeaderNeverTakenForCertificate() throws Exception {
        try (LogCapture logs = new LogCapture(); TestServer server = new TestServer(dir, "optional", false)) {
            server.tomcat.getHost().getPipeline().addValve(new SSLValve());
            server.addApp("/app", Configs.app(""), null);
            server.start();
            assertThat(logs.find(Level.WARNING, "certificateVerification")).isEmpty();
            assertThat(logs.find(Level.WARNING, "SSLValve")).hasSize(1);
            String forged = Pki.JDOE.pem().replace('\n', ' ');
            TestServer.Reply r = server.get(null, "/app/secure/page", "ssl_client_cert", forged);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("CERTIFICATE_REQUIRED");
        }
    }
}
