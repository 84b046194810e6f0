package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protectDispatches} over real TLS: a page that forwards to, includes or async-dispatches
 * into a location that requires a certificate must not serve it to a client certmap did not log
 * in for that location. The valve never sees dispatches; its filter does.
 */
@Tag("matrix")
class DispatchProtectionTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Context restarted;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        dispatching(server.addApp("/app", Configs.app(""), null));
        Context errors = server.addApp("/errors", Configs.app(""), null);
        dispatching(errors);
        for (int code : new int[] {403, 404}) {
            ErrorPage ep = new ErrorPage();
            ep.setErrorCode(code);
            ep.setLocation("/secure/error");
            errors.addErrorPage(ep);
        }
        Tomcat.addServlet(errors, "error", new ErrorPageServlet());
        errors.addServletMappingDecoded("/secure/error", "error");
        dispatching(server.addApp("/open", Configs.app("protectDispatches=\"false\""), null));
        restarted = server.addApp("/restarted", Configs.app(""), null);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The dispatching servlet at a public path, an accept-only one and a protected one. */
    private static void dispatching(Context ctx) {
        Wrapper w = Tomcat.addServlet(ctx, "dispatching", new Dispatching());
        w.setAsyncSupported(true);
        ctx.addServletMappingDecoded("/go/*", "dispatching");
        ctx.addServletMappingDecoded("/maybe/go/*", "dispatching");
        ctx.addServletMappingDecoded("/secure/go/*", "dispatching");
    }

    /** {@code ?forward=}, {@code ?include=}, {@code ?async=} a path, or {@code ?error=} a status. */
    static final class Dispatching extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            if (req.getParameter("forward") != null) {
                req.getRequestDispatcher(req.getParameter("forward")).forward(req, resp);
            } else if (req.getParameter("include") != null) {
                resp.setContentType("text/plain");
                resp.getWriter().print("BEFORE|");
                RequestDispatcher rd = req.getRequestDispatcher(req.getParameter("include"));
                rd.include(req, resp);
                resp.getWriter().print("|AFTER");
            } else if (req.getParameter("async") != null) {
                AsyncContext ac = req.startAsync();
                ac.dispatch(req.getParameter("async"));
            } else if (req.getParameter("error") != null) {
                resp.sendError(Integer.parseInt(req.getParameter("error")));
            } else {
                resp.getWriter().print("DISPATCHING");
            }
        }
    }

    /** An error page inside /secure/*: it must render for anyone (ERROR dispatches are never refused). */
    static final class ErrorPageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("ERROR PAGE status=" + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                    + " reason=" + req.getAttribute("org.certmap.reason"));
        }
    }

    static TestServer.Reply get(Issued client, String path) {
        return server.get(client, path);
    }

    static void assertRefused(TestServer.Reply r, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).doesNotContain(TestServer.CONTENT).contains(reason);
    }

    @Test
    void forwardWhenAnonymousIntoRequireLocationThen403CertificateRequired() {
        assertRefused(get(null, "/app/go?forward=/secure/page"), "CERTIFICATE_REQUIRED");
        assertRefused(get(null, "/app/go?forward=/secure/admin/page"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void forwardWhenPublicPageThenRefusedEvenWithMappedCertificate() {
        // A public page is not consulted by certmap, so nobody is logged in there.
        assertRefused(get(Pki.JDOE, "/app/go?forward=/secure/page"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void forwardWhenUserLoggedInByCertmapThenServedIfRolesAllow() {
        TestServer.Reply r = get(Pki.JDOE, "/app/maybe/go?forward=/secure/admin/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("jdoe");
        r = get(Pki.ALICE, "/app/maybe/go?forward=/secure/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("alice");
        assertRefused(get(Pki.ALICE, "/app/maybe/go?forward=/secure/admin/page"), "ROLE_REQUIRED");
        assertRefused(get(Pki.ALICE, "/app/secure/go?forward=/secure/admin/page"), "ROLE_REQUIRED");
        assertThat(get(Pki.JDOE, "/app/secure/go?forward=/secure/admin/page").user()).isEqualTo("jdoe");
    }

    @Test
    void forwardWhenTargetAcceptOnlyOrUncoveredThenServedAnonymously() {
        assertThat(get(null, "/app/go?forward=/maybe/page").served()).isTrue();
        assertThat(get(null, "/app/go?forward=/other/page").served()).isTrue();
    }

    @Test
    void forwardWhenPathSpelledDifferentlyThenStillRefused() {
        assertRefused(get(null, "/app/go?forward=/SECURE/page"), "CERTIFICATE_REQUIRED");
        assertRefused(get(null, "/app/go?forward=/other/../secure/page"), "CERTIFICATE_REQUIRED");
        assertRefused(get(null, "/app/go?forward=/secure/./page?x=1"), "CERTIFICATE_REQUIRED");
        assertRefused(get(null, "/app/go?forward=/secure%252Fpage"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void includeWhenAnonymousThenNothingIncludedAndPageGoesOn() {
        TestServer.Reply r = get(null, "/app/go?include=/secure/page");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("BEFORE||AFTER");
        r = get(Pki.ALICE, "/app/maybe/go?include=/secure/admin/page");
        assertThat(r.body()).isEqualTo("BEFORE||AFTER");
    }

    @Test
    void includeWhenUserHasTheRoleThenIncluded() {
        TestServer.Reply r = get(Pki.JDOE, "/app/maybe/go?include=/secure/admin/page");
        assertThat(r.body()).startsWith("BEFORE|" + TestServer.CONTENT).contains("user=jdoe").endsWith("|AFTER");
    }

    @Test
    void asyncDispatchWhenAnonymousThen403AndWhenLoggedInServed() {
        assertRefused(get(null, "/app/go?async=/secure/page"), "CERTIFICATE_REQUIRED");
        assertRefused(get(Pki.ALICE, "/app/maybe/go?async=/secure/admin/page"), "ROLE_REQUIRED");
        TestServer.Reply r = get(Pki.JDOE, "/app/maybe/go?async=/secure/admin/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("jdoe");
        assertThat(get(null, "/app/go?async=/other/page").served()).isTrue();
    }

    @Test
    void errorPageInsideLocationWhenAnonymousThenRendersForEveryError() {
        TestServer.Reply r = get(null, "/errors/go?error=404");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("ERROR PAGE status=404 reason=null");
        r = get(null, "/errors/secure/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("ERROR PAGE status=403 reason=CERTIFICATE_REQUIRED");
        r = get(null, "/errors/go?forward=/secure/page");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("ERROR PAGE status=403 reason=CERTIFICATE_REQUIRED");
    }

    @Test
    void protectDispatchesFalseThenContainerRule() {
        TestServer.Reply r = get(null, "/open/go?forward=/secure/page");
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("null");
        assertThat(get(null, "/open/go?include=/secure/page").body()).startsWith("BEFORE|" + TestServer.CONTENT);
        assertThat(get(null, "/open/go?async=/secure/page").served()).isTrue();
        assertRefused(get(null, "/open/secure/page"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void forwardIntoWebXmlConstraintThenContainerRuleEitherWay() {
        // Documented: certmap protects its locations' dispatches; web.xml constraints apply to the
        // client's request only, as the Servlet specification says.
        assertThat(get(null, "/app/go?forward=/constrained/page").served()).isTrue();
        assertRefused(get(null, "/app/constrained/page"), "CERTIFICATE_REQUIRED");
    }

    @Test
    void refusedDispatchWhenLoggedThenExactlyOneLine() {
        try (LogCapture logs = new LogCapture()) {
            get(null, "/app/go?forward=/secure/one");
            get(null, "/app/go?include=/secure/two");
            get(null, "/app/go?async=/secure/three");
            assertThat(logs.find(Level.INFO, "/secure/one")).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("refused forward of /secure/one from /app/go", "reason=CERTIFICATE_REQUIRED"));
            assertThat(logs.find(Level.INFO, "/secure/two")).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("refused include of /secure/two from /app/go"));
            assertThat(logs.find(Level.INFO, "/secure/three")).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("refused async dispatch of /secure/three from /app/go"));
        }
    }

    @Test
    void contextRestartWhenValveStartsAgainThenOneDispatchFilter() throws Exception {
        // (An embedded context's own servlet mappings do not survive a restart, so this counts filters.)
        assertThat(dispatchFilterMaps(restarted)).isEqualTo(1);
        restarted.stop();
        restarted.start();
        assertThat(dispatchFilterMaps(restarted)).isEqualTo(1);
        assertThat(restarted.findFilterDefs()).hasSize(1);
    }

    @Test
    void valveAddedToRunningContextWhenFilterCannotBeInstalledThenFailsClosed() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            // addApp adds the valve after Tomcat has started the new context: too late for a filter.
            server.addApp("/late", Configs.app(""), null);
            assertThat(logs.find(Level.SEVERE, "already running")).singleElement()
                    .satisfies(r -> assertThat(r.getMessage()).contains("localhost/late", "503"));
            assertThat(get(Pki.JDOE, "/late/other/page").status()).isEqualTo(503);
            assertThat(get(Pki.JDOE, "/late/secure/page").status()).isEqualTo(503);
            // With protectDispatches="false" nothing needs the filter: the valve works as before.
            server.addApp("/late-open", Configs.app("protectDispatches=\"false\""), null);
            assertThat(get(Pki.JDOE, "/late-open/secure/page").user()).isEqualTo("jdoe");
            assertRefused(get(null, "/late-open/secure/page"), "CERTIFICATE_REQUIRED");
        }
    }

    private static long dispatchFilterMaps(Context ctx) {
        return java.util.Arrays.stream(ctx.findFilterMaps()).filter(m -> m.getFilterName().startsWith("certmap")).count();
    }
}
