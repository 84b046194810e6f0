package org.certmap.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.base.Reason;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portable front doors' dispatch filter, without a server: it translates the engine's
 * {@code planDispatch} into "go on", a 403 or an empty include, and only certmap's own login
 * (recorded in the request, with the principal still that user) counts.
 */
class DispatchFilterTest {

    @TempDir
    Path dir;

    Issued ca = TestPki.rootCa("CN=Unit CA");
    Issued jdoe = TestPki.client(ca, "CN=jdoe");
    Issued alice = TestPki.client(ca, "CN=alice");
    CertmapEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = start("");
    }

    CertmapEngine start(String rootAttributes) throws Exception {
        Path file = dir.resolve("certmap-" + rootAttributes.hashCode() + ".xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0" showReason="true" %s>
                  <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <location path="/secure/admin/*" roles="admin"/>
                  <oneToOneMappings>
                    <add userName="jdoe" roles="admin" certificate="%s"/>
                    <add userName="alice" roles="staff" certificate="%s"/>
                  </oneToOneMappings>
                </certificateMapping>
                """.formatted(rootAttributes, TestPki.base64OneLine(jdoe.certificate()),
                TestPki.base64OneLine(alice.certificate())));
        return CertmapEngine.builder("/app", file).start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** What the filter did with one dispatch. */
    record Outcome(boolean passed, Map<String, Object> attributes, Map<String, Object> sent) {
    }

    /** A dispatch of {@code type} to {@code target}, in a request whose principal is {@code principal}. */
    final class Call {
        final Map<String, Object> attributes = new HashMap<>();
        final DispatcherType type;
        final String target;
        Principal principal;
        boolean committed;

        Call(DispatcherType type, String target) {
            this.type = type;
            this.target = target;
            if (type == DispatcherType.INCLUDE) {
                attributes.put(RequestDispatcher.INCLUDE_SERVLET_PATH, target);
            }
            if (type == DispatcherType.FORWARD) {
                attributes.put(RequestDispatcher.FORWARD_REQUEST_URI, "/app/go");
            }
        }

        /** The client's request was logged in by certmap as the user of this certificate. */
        Call loggedIn(Issued client) {
            Decision d = engine.decide(new ServletCertmapRequest(Fakes.request("/maybe/page", client.chain(),
                    new HashMap<>(), null)), false);
            assertThat(d.isAuthenticated()).isTrue();
            DispatchFilter.recordLogin(request(), d);
            principal = () -> d.user();
            return this;
        }

        Call principal(String name) {
            principal = name == null ? null : () -> name;
            return this;
        }

        Call committed() {
            committed = true;
            return this;
        }

        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                        case "getDispatcherType" -> type;
                        // For an include the request's own path is the including page's.
                        case "getServletPath" -> type == DispatcherType.INCLUDE ? "/go" : target;
                        case "getPathInfo" -> null;
                        case "getRequestURI" -> type == DispatcherType.INCLUDE ? "/app/go" : "/app" + target;
                        case "getUserPrincipal" -> principal;
                        case "getAttribute" -> attributes.get((String) a[0]);
                        case "setAttribute" -> attributes.put((String) a[0], a[1]);
                        case "removeAttribute" -> attributes.remove((String) a[0]);
                        default -> null;
                    });
        }

        Outcome run(CertmapEngine e) throws Exception {
            Map<String, Object> sent = new HashMap<>();
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                        if (m.getName().equals("sendError")) {
                            sent.put("status", a[0]);
                            sent.put("message", a.length > 1 ? a[1] : null);
                        }
                        return m.getName().equals("isCommitted") ? committed : null;
                    });
            AtomicBoolean passed = new AtomicBoolean();
            FilterChain chain = (rq, rs) -> passed.set(true);
            new DispatchFilter(e).doFilter(request(), response, chain);
            return new Outcome(passed.get(), attributes, sent);
        }

        Outcome run() throws Exception {
            return run(engine);
        }
    }

    @Test
    void forwardWhenNoUserIntoRequireLocationThen403AndChainNotCalled() throws Exception {
        Outcome o = new Call(DispatcherType.FORWARD, "/secure/page").run();
        assertThat(o.passed()).isFalse();
        assertThat(o.sent()).containsEntry("status", 403);
        assertThat((String) o.sent().get("message")).startsWith("CERTIFICATE_REQUIRED: ");
        assertThat(o.attributes()).containsEntry(Decision.ATTRIBUTE_REASON, "CERTIFICATE_REQUIRED");
    }

    @Test
    void asyncWhenNoUserThen403() throws Exception {
        Outcome o = new Call(DispatcherType.ASYNC, "/secure/page").run();
        assertThat(o.passed()).isFalse();
        assertThat(o.sent()).containsEntry("status", 403);
    }

    @Test
    void includeWhenNoUserThenNothingIncludedNoErrorAndAttributesUntouched() throws Exception {
        Outcome o = new Call(DispatcherType.INCLUDE, "/secure/page").run();
        assertThat(o.passed()).isFalse();
        assertThat(o.sent()).isEmpty();
        assertThat(o.attributes()).doesNotContainKey(Decision.ATTRIBUTE_REASON);
    }

    @Test
    void includeWhenIncludingPageIsPublicButTargetIsNotThenJudgedByTheIncludeAttributes() throws Exception {
        // getServletPath() says /go (the including page); the include attributes say /secure/page.
        assertThat(new Call(DispatcherType.INCLUDE, "/secure/page").run().passed()).isFalse();
        assertThat(new Call(DispatcherType.INCLUDE, "/public/page").run().passed()).isTrue();
    }

    @Test
    void dispatchWhenCertmapLoggedTheUserInThenLocationsRolesDecide() throws Exception {
        assertThat(new Call(DispatcherType.FORWARD, "/secure/admin/x").loggedIn(jdoe).run().passed()).isTrue();
        assertThat(new Call(DispatcherType.INCLUDE, "/secure/x").loggedIn(alice).run().passed()).isTrue();
        Outcome o = new Call(DispatcherType.FORWARD, "/secure/admin/x").loggedIn(alice).run();
        assertThat(o.passed()).isFalse();
        assertThat(o.sent()).containsEntry("status", 403);
        assertThat((String) o.sent().get("message")).startsWith("ROLE_REQUIRED: ");
    }

    @Test
    void dispatchWhenPrincipalIsNoLongerCertmapsUserThenNoUser() throws Exception {
        assertThat(new Call(DispatcherType.FORWARD, "/secure/x").loggedIn(jdoe).principal(null).run().passed())
                .as("after logout()").isFalse();
        assertThat(new Call(DispatcherType.FORWARD, "/secure/x").loggedIn(jdoe).principal("mallory").run()
                .passed()).as("after another login()").isFalse();
    }

    @Test
    void dispatchWhenLoginAttributeIsNotCertmapsDecisionThenNoUser() throws Exception {
        Call d = new Call(DispatcherType.FORWARD, "/secure/x").principal("jdoe");
        d.attributes.put(DispatchFilter.LOGIN, "jdoe");
        assertThat(d.run().passed()).isFalse();
        Call refusedLogin = new Call(DispatcherType.FORWARD, "/secure/x").principal("jdoe");
        refusedLogin.attributes.put(DispatchFilter.LOGIN, Decision.anonymous(null, null, null));
        assertThat(refusedLogin.run().passed()).isFalse();
    }

    @Test
    void recordLoginWhenNotAuthenticatedThenEarlierLoginOfTheRequestRemoved() throws Exception {
        Call d = new Call(DispatcherType.ASYNC, "/secure/x").loggedIn(jdoe);
        assertThat(d.attributes).containsKey(DispatchFilter.LOGIN);
        DispatchFilter.recordLogin(d.request(), Decision.refused(Reason.NO_MAPPING, null, null));
        assertThat(d.attributes).doesNotContainKey(DispatchFilter.LOGIN);
        assertThat(d.run().passed()).isFalse();
    }

    @Test
    void dispatchWhenTargetUncoveredOrAcceptOnlyThenChainCalled() throws Exception {
        assertThat(new Call(DispatcherType.FORWARD, "/other/x").run().passed()).isTrue();
        assertThat(new Call(DispatcherType.ASYNC, "/maybe/x").run().passed()).isTrue();
    }

    @Test
    void errorAndRequestDispatchesWhenEverMappedThenChainCalled() throws Exception {
        assertThat(new Call(DispatcherType.ERROR, "/secure/error").run().passed()).isTrue();
        assertThat(new Call(DispatcherType.REQUEST, "/secure/x").run().passed()).isTrue();
    }

    @Test
    void forwardWhenResponseCommittedThenNothingSentAndChainNotCalled() throws Exception {
        Outcome o = new Call(DispatcherType.FORWARD, "/secure/x").committed().run();
        assertThat(o.passed()).isFalse();
        assertThat(o.sent()).isEmpty();
    }

    @Test
    void protectDispatchesFalseThenContainerRule() throws Exception {
        try (CertmapEngine open = start("protectDispatches=\"false\"")) {
            assertThat(new Call(DispatcherType.FORWARD, "/secure/admin/x").run(open).passed()).isTrue();
            assertThat(new Call(DispatcherType.INCLUDE, "/secure/x").run(open).passed()).isTrue();
        }
    }

    @Test
    void dispatchWhenTargetHasPathInfoThenServletPathPlusPathInfoDecides() throws Exception {
        Call include = new Call(DispatcherType.INCLUDE, "/secure");
        include.attributes.put(RequestDispatcher.INCLUDE_PATH_INFO, "/admin/x");
        assertThat(include.loggedIn(alice).run().passed()).as("/secure/admin/x needs admin").isFalse();
        Call forward = new Call(DispatcherType.FORWARD, "/secure");
        assertThat(forward.loggedIn(alice).run().passed()).as("/secure needs a user").isTrue();
    }
}
