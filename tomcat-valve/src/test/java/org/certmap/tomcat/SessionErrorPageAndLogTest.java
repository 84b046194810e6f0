package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users see around a decision: error pages, session ids, the access log, realm roles. */
class SessionErrorPageAndLogTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static CertificateMappingValve realmValve;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        server.addApp("/app", Configs.app(""), null);
        Context errors = server.addApp("/errors", Configs.app(""), null);
        for (int code : new int[] {400, 403}) {
            ErrorPage ep = new ErrorPage();
            ep.setErrorCode(code);
            ep.setLocation("/oops");
            errors.addErrorPage(ep);
        }
        Tomcat.addServlet(errors, "oops", new Oops());
        errors.addServletMappingDecoded("/oops", "oops");
        server.addApp("/realm", Configs.app(""), v -> {
            v.setRealmRoles(true);
            realmValve = v;
        });
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The application's error page, which shows the reason attribute the valve set. */
    static final class Oops extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("OOPS reason=" + req.getAttribute("org.certmap.reason"));
        }
    }

    @Test
    void refusalWhenApplicationHasErrorPageThenItsPageWithReasonAttribute() {
        TestServer.Reply r = server.get(Pki.STRANGER, "/errors/secure/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("OOPS reason=NO_MAPPING");
        r = server.get(null, "/errors/constrained/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("OOPS reason=CERTIFICATE_REQUIRED");
    }

    @Test
    void sessionIdChangesWhenPrincipalChangesNotOnEveryRequest() {
        // An anonymous session first (a page certmap does not cover), then a login: new id once.
        TestServer.Reply r = server.get(Pki.JDOE, "/app/other/page?session=create");
        String anonymous = r.field("session");
        assertThat(r.user()).isEqualTo("null");
        r = server.get(Pki.JDOE, "/app/secure/page");
        String loggedIn = r.field("session");
        assertThat(r.user()).isEqualTo("jdoe");
        assertThat(loggedIn).isNotEqualTo(anonymous).isNotEqualTo("null");
        for (int i = 0; i < 3; i++) {
            assertThat(server.get(Pki.JDOE, "/app/secure/page").field("session")).isEqualTo(loggedIn);
            assertThat(server.get(Pki.JDOE, "/app/other/page").field("session")).isEqualTo(loggedIn);
        }
        // Another certificate presenting that session's cookie: another principal, and none of the
        // first user's session data (the session is invalidated, not migrated).
        server.get(Pki.JDOE, "/app/secure/page?profile=profile-of-jdoe");
        r = server.get(Pki.ALICE, "/app/secure/page", "Cookie", "JSESSIONID=" + loggedIn);
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.field("session")).isNotEqualTo(loggedIn);
        assertThat(r.field("profile")).isNotEqualTo("profile-of-jdoe");
        r = server.get(Pki.ALICE, "/app/secure/page?session=create", "Cookie", "JSESSIONID=" + loggedIn);
        assertThat(r.field("profile")).isEqualTo("null");
        assertThat(server.get(Pki.JDOE, "/app/secure/page", "Cookie", "JSESSIONID=" + loggedIn).field("profile"))
                .as("the old session is gone for everyone").isEqualTo("null");
    }

    @Test
    void sessionCreatedDuringLoggedInRequestWhenNextRequestThenSameId() {
        TestServer.Reply r = server.get(Pki.ALICE, "/app/maybe/page?session=create");
        String id = r.field("session");
        assertThat(server.get(Pki.ALICE, "/app/maybe/page").field("session")).isEqualTo(id);
    }

    @Test
    void accessLogUserFieldWhenMappedThenMappedUser() throws Exception {
        server.get(Pki.JDOE, "/app/secure/logged");
        server.get(null, "/app/secure/refused");
        assertThat(server.awaitAccessLog("GET /app/secure/logged ")).startsWith("jdoe ").endsWith(" 200");
        assertThat(server.awaitAccessLog("GET /app/secure/refused ")).startsWith("- ").endsWith(" 403");
    }

    @Test
    void realmRolesWhenOnThenRealmRolesAddedToMappedOnes() {
        TestServer.Reply r = server.get(Pki.JDOE, "/realm/secure/page");
        assertThat(r.field("auditor")).isEqualTo("true");
        assertThat(r.field("admin")).isEqualTo("true");
        assertThat(server.get(Pki.JDOE, "/app/secure/page").field("auditor")).isEqualTo("false");
        assertThat(server.get(Pki.ALICE, "/realm/secure/page").field("auditor")).isEqualTo("false");
    }

    @Test
    void cacheWhenSetTrueThenStaysOff() {
        realmValve.setCache(true);
        assertThat(realmValve.getCache()).isFalse();
    }
}
