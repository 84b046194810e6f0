package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.logging.Level;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector with {@link DeferredValidationTrustManager}: certificates the handshake would have
 * refused reach certmap and get a 403 with a reason; its safety rules hold.
 */
class DeferredValidationTest {

    static final Issued UNKNOWN_CA = TestPki.rootCa("CN=Nobody's CA");
    static final Issued UNKNOWN = TestPki.client(UNKNOWN_CA, "CN=jdoe,O=Contoso");

    @TempDir
    static Path dir;
    static TestServer server;
    static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        server = new TestServer(dir, "optional", true);
        server.addApp("/app", Configs.app(""), null);
        server.addApp("/unprotected", null, null);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        logs.close();
    }

    @Test
    void certificateJsseWouldRefuseWhenPresentedThen403WithReason() {
        assertRefused(server.get(Pki.EXPIRED, "/app/secure/page"), "CERTIFICATE_EXPIRED");
        assertRefused(server.get(Pki.SERVER_ONLY, "/app/secure/page"), "CERTIFICATE_USAGE");
        assertRefused(server.get(UNKNOWN, "/app/secure/page"), "CERTIFICATE_UNTRUSTED");
        assertRefused(server.get(Pki.FOREIGN, "/app/secure/page"), "CERTIFICATE_UNTRUSTED");
        assertThat(server.get(Pki.JDOE, "/app/secure/page").user()).isEqualTo("jdoe");
    }

    @Test
    void contextWithoutTrustStoreOnDeferringConnectorThenFailsToStart(@TempDir Path other) throws Exception {
        try (TestServer s = new TestServer(other, "optional", true)) {
            Context ctx = s.addApp("/notrust", Configs.app("").replace("<validation trustStore=\"ca.pem\"/>", ""), null);
            StartupTest.startFailing(s);
            assertThat(ctx.getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(logs.find(Level.SEVERE, "has no <validation trustStore")).isNotEmpty();
        }
    }

    @Test
    void reloadWhenFileDropsTrustStoreThenRefusedAndLastGoodKept(@TempDir Path other) throws Exception {
        try (TestServer s = new TestServer(other, "optional", true)) {
            Context ctx = s.addApp("/reload", Configs.app(""), null);
            s.start();
            CertificateMappingValve valve = null;
            for (org.apache.catalina.Valve v : ctx.getPipeline().getValves()) {
                if (v instanceof CertificateMappingValve c) {
                    valve = c;
                }
            }
            Path file = other.resolve("apps/reload/WEB-INF/certmap.xml");
            String good = java.nio.file.Files.readString(file);
            java.nio.file.Files.writeString(file, good.replace("<validation trustStore=\"ca.pem\"/>", "") + "\n");
            java.nio.file.Files.setLastModifiedTime(file,
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(10)));
            assertThat(valve.engine().reloadIfChanged()).isFalse();
            assertThat(valve.engine().lastReloadError()).contains("has no <validation trustStore");
            assertThat(valve.engine().generation()).isEqualTo(1);
            assertRefused(s.get(UNKNOWN, "/reload/secure/page"), "CERTIFICATE_UNTRUSTED");
            assertThat(s.get(Pki.JDOE, "/reload/secure/page").user()).isEqualTo("jdoe");
        }
    }

    @Test
    void contextWithoutValveOnDeferringConnectorThenErrorNamingIt() {
        assertThat(logs.find(Level.SEVERE, "context [localhost/unprotected]")).hasSize(1);
        assertThat(logs.find(Level.SEVERE, "context [localhost/app]")).isEmpty();
    }

    @Test
    void trustManagerWhenAskedAboutServersOrEmptyChainsThenRefuses() {
        DeferredValidationTrustManager tm = new DeferredValidationTrustManager();
        assertThat(tm.getAcceptedIssuers()).isEmpty();
        assertThatThrownBy(() -> tm.checkServerTrusted(Pki.SERVER.chain(), "EC")).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> tm.checkClientTrusted(new java.security.cert.X509Certificate[0], "EC"))
                .isInstanceOf(CertificateException.class);
    }

    static void assertRefused(TestServer.Reply r, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains(reason).doesNotContain(TestServer.CONTENT);
    }
}
