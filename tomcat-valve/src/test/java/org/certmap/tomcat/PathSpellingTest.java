package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 2: no protected content is served without a mapped certificate, whatever the spelling
 * of its path. The test servlet is mapped to "/" and serves every path, so any spelling that
 * slipped past the location would show its content. (Locations match without ASCII case;
 * web.xml url-patterns are case-sensitive by the Servlet spec, as are servlet mappings and Tomcat's
 * resources, so {@code /CONSTRAINED} is another resource there, not another spelling.)
 */
@Tag("matrix")
class PathSpellingTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        server.addApp("/app", Configs.app(""), null);
        // A legacy app whose servlets are mapped by prefix and extension, as front controllers are:
        // here Tomcat serves "/secure/..;/page" (sent as ..%3B) from the servlet at /secure/*.
        org.apache.catalina.Context mapped = server.addApp("/mapped",
                Configs.app("").replace("<location path=\"/public/*\"", "<location path=\"*.do\" sslFlags=\"SslRequireCert\"/>\n"
                        + "  <location path=\"/public/*\""), null);
        mapped.addServletMappingDecoded("/secure/*", "whoami");
        mapped.addServletMappingDecoded("/secure/admin/*", "whoami");
        mapped.addServletMappingDecoded("*.do", "whoami");
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/app/secure/page",
        "/app/secure",
        "/app/secure/",
        "/app/SECURE/page",
        "/app/Secure/Page",
        "/app//secure/page",
        "/app/secure//page",
        "/app/./secure/page",
        "/app/public/../secure/page",
        "/app/public/..;/secure/page",
        "/app/public/%2e%2e/secure/page",
        "/app/public/%2E%2E/secure/page",
        "/app/%2e/secure/page",
        "/app/%73ecure/page",
        "/app/secure;jsessionid=ABC/page",
        "/app/secure;x=1/",
        "/app/secure/page;x=1",
        "/app/public%2f..%2fsecure/page",
        "/app/secure%2fpage",
        "/app/public/%2e%2e%2fsecure/page",
        "/app/secure/%2e/page",
        "/app/secure/admin/../page",
        "/app/constrained/page",
        "/app/other/..;/constrained/page",
        "/app/constrained;x=1/page",
    })
    void protectedPathWhenSpelledOddlyThenNotServedWithoutMappedCertificate(String path) {
        for (var client : new org.certmap.testing.TestPki.Issued[] {null, Pki.STRANGER}) {
            TestServer.Reply r = server.get(client, path);
            assertThat(r.served()).as(path + " -> " + r.status() + " " + r.body()).isFalse();
            assertThat(r.status()).as(path).isIn(400, 403, 404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/mapped/secure/page",
        "/mapped/secure/..%3B/page",
        "/mapped/secure/%2e%2e%3b/page",
        "/mapped/secure/%2E%2E%3B/page",
        "/mapped/secure/admin/..%3B/x",
        "/mapped/admin%3B.do",
        "/mapped/x/..%3B/report.do",
    })
    void pathWhoseEncodedSemicolonTomcatKeepsWhenRequestedThenLocationOfTheServedServletApplies(String path) {
        for (var client : new org.certmap.testing.TestPki.Issued[] {null, Pki.STRANGER}) {
            TestServer.Reply r = server.get(client, path);
            assertThat(r.served()).as(path + " -> " + r.status() + " " + r.body()).isFalse();
            assertThat(r.status()).as(path).isIn(400, 403, 404);
        }
        TestServer.Reply staff = server.get(Pki.ALICE, "/mapped/secure/admin/..%3B/x");
        assertThat(staff.served()).as("a staff user does not reach the admin servlet").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/SECURE/page", "/app/public/..;/secure/page", "/app/public/%2e%2e/secure/page",
        "/app//secure/page", "/app/secure;jsessionid=ABC/page"})
    void protectedPathWhenSpelledOddlyAndMappedThenServedToThatUser(String path) {
        TestServer.Reply r = server.get(Pki.JDOE, path);
        assertThat(r.served()).as(path + " -> " + r.body()).isTrue();
        assertThat(r.user()).isEqualTo("jdoe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/securex", "/app/secure.txt", "/app/publicsecure/page"})
    void pathSharingOnlyAPrefixWhenRequestedThenNotCovered(String path) {
        TestServer.Reply r = server.get(null, path);
        assertThat(r.served()).as(path).isTrue();
    }
}
