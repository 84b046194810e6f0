package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.catalina.util.ServerInfo;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cell of DESIGN.md's decision matrix, over real TLS handshakes with client certificates,
 * on the Tomcat version of the surefire execution (10.1, then 11).
 */
@Tag("matrix")
class DecisionMatrixTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        server.addApp("/app", Configs.app(""), null);
        server.addApp("/quiet", Configs.app("showReason=\"false\""), null);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static TestServer.Reply get(Issued client, String path) {
        return server.get(client, "/app" + path);
    }

    static void assertRefused(TestServer.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).doesNotContain(TestServer.CONTENT).contains(reason);
    }

    @Test
    void runsOnTheTomcatOfThisExecution() {
        assertThat(ServerInfo.getServerNumber()).startsWith(System.getProperty("certmap.expectedTomcat", ""));
        assertThat(SslChainReader.usable()).as("certificates are read from the connection's SSLSupport on this"
                + " Tomcat, without filling every TLS attribute per request").isTrue();
    }

    @Test
    void pathCoveredByNothingWhenAnyCertificateThenAnonymousAndCertmapNotConsulted() {
        for (Issued c : new Issued[] {null, Pki.JDOE, Pki.STRANGER, Pki.CONTRACTOR, Pki.FOREIGN}) {
            TestServer.Reply r = get(c, "/other/page");
            assertThat(r.served()).as(r.body()).isTrue();
            assertThat(r.user()).isEqualTo("null");
            assertThat(r.field("reason")).isEqualTo("null");
            assertThat(r.field("sha256")).isEqualTo("null");
        }
    }

    @Test
    void negotiateLocationWhenNoCertificateThenAnonymous() {
        TestServer.Reply r = get(null, "/maybe/page");
        assertThat(r.served()).isTrue();
        assertThat(r.user()).isEqualTo("null");
        assertThat(r.field("reason")).isEqualTo("null");
    }

    @Test
    void negotiateLocationWhenCertificateFailsOrDoesNotMapThenAnonymousWithReasonAttribute() {
        assertAnonymousWith(Pki.FOREIGN, "CERTIFICATE_UNTRUSTED");
        assertAnonymousWith(Pki.CONTRACTOR, "MAPPING_DENIED");
        assertAnonymousWith(Pki.STRANGER, "NO_MAPPING");
    }

    private static void assertAnonymousWith(Issued c, String reason) {
        TestServer.Reply r = get(c, "/maybe/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("null");
        assertThat(r.field("reason")).isEqualTo(reason);
        assertThat(r.field("sha256")).hasSize(64);
    }

    @Test
    void negotiateLocationWhenMappedThenLoggedIn() {
        TestServer.Reply r = get(Pki.ALICE, "/maybe/page");
        assertThat(r.served()).isTrue();
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.field("mapping")).isEqualTo("contoso staff");
    }

    @Test
    void requireLocationRefusesWithEachReason() {
        assertRefused(get(null, "/secure/page"), 403, "CERTIFICATE_REQUIRED");
        assertRefused(get(Pki.FOREIGN, "/secure/page"), 403, "CERTIFICATE_UNTRUSTED");
        assertRefused(get(Pki.CONTRACTOR, "/secure/page"), 403, "MAPPING_DENIED");
        assertRefused(get(Pki.STRANGER, "/secure/page"), 403, "NO_MAPPING");
        assertRefused(get(Pki.ALICE, "/secure/admin/page"), 403, "ROLE_REQUIRED");
    }

    @Test
    void requireLocationWhenMappedThenLoggedInWithNameRolesAndAuthType() {
        TestServer.Reply r = get(Pki.JDOE, "/secure/admin/page");
        assertThat(r.served()).isTrue();
        assertThat(r.user()).isEqualTo("jdoe");
        assertThat(r.field("principal")).isEqualTo("jdoe");
        assertThat(r.field("auth")).isEqualTo("CLIENT_CERT");
        assertThat(r.field("admin")).isEqualTo("true");
        assertThat(r.field("staff")).isEqualTo("true");
        assertThat(r.field("auditor")).isEqualTo("false");
        assertThat(r.field("mapping")).isEqualTo("oneToOne");
        r = get(Pki.ALICE, "/secure/page");
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.field("admin")).isEqualTo("false");
        assertThat(r.field("staff")).isEqualTo("true");
    }

    @Test
    void webXmlConstraintRefusesWithEachReason() {
        assertRefused(get(null, "/constrained/page"), 403, "CERTIFICATE_REQUIRED");
        assertRefused(get(Pki.FOREIGN, "/constrained/page"), 403, "CERTIFICATE_UNTRUSTED");
        assertRefused(get(Pki.CONTRACTOR, "/constrained/page"), 403, "MAPPING_DENIED");
        assertRefused(get(Pki.STRANGER, "/constrained/page"), 403, "NO_MAPPING");
        TestServer.Reply r = get(Pki.ALICE, "/constrained/admin/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(TestServer.CONTENT);
    }

    @Test
    void webXmlConstraintWhenMappedThenLoggedIn() {
        TestServer.Reply r = get(Pki.ALICE, "/constrained/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.field("auth")).isEqualTo("CLIENT_CERT");
        assertThat(get(Pki.JDOE, "/constrained/admin/page").user()).isEqualTo("jdoe");
    }

    @Test
    void locationAndConstraintOnOnePathWhenUserSatisfiesOnlyOneThenRefused() {
        // /both/*: the location needs staff, the constraint admin. alice has staff only.
        TestServer.Reply r = get(Pki.ALICE, "/both/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(TestServer.CONTENT);
        assertThat(get(Pki.JDOE, "/both/page").user()).isEqualTo("jdoe");
    }

    @Test
    void sslFlagWhenPlainHttpThenSslRequired() {
        TestServer.Reply r = server.plain("/app/public/page");
        assertRefused(r, 403, "SSL_REQUIRED");
        assertRefused(server.plain("/app/secure/page"), 403, "SSL_REQUIRED");
        assertThat(get(null, "/public/page").served()).isTrue();
    }

    @Test
    void refusalPageShowsReasonAndHintButNeverMappingOrCertificateData() {
        TestServer.Reply r = get(Pki.CONTRACTOR, "/secure/page");
        assertThat(r.body()).contains("MAPPING_DENIED", "denied by the site").doesNotContain("no contractors", "bob",
                "Contractors", "Contoso Ltd");
    }

    @Test
    void showReasonFalseWhenRefusedThenGenericPageWithoutReason() {
        TestServer.Reply r = server.get(Pki.STRANGER, "/quiet/secure/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("NO_MAPPING", TestServer.CONTENT, "not mapped");
    }

    @Test
    void noRefusalIsEver401() {
        for (Issued c : new Issued[] {null, Pki.FOREIGN, Pki.STRANGER}) {
            assertThat(get(c, "/secure/x").status()).isEqualTo(403);
            assertThat(get(c, "/constrained/x").status()).isEqualTo(403);
        }
    }
}
