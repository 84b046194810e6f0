package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.certmap.engine.base.Reason;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protectDispatches} (DESIGN.md, root attribute): a FORWARD, INCLUDE or ASYNC dispatch into a
 * location that requires a certificate needs the user certmap logged in for the request, with the
 * location's roles; ERROR dispatches are never refused. Front doors only translate the answer.
 */
class DispatchDecisionTest {

    static Issued ca;
    static Issued jdoe;
    static Issued alice;

    @TempDir
    Path dir;

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (records) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;

    @BeforeAll
    static void pki() {
        ca = TestPki.rootCa("CN=Dispatch CA,O=Contoso");
        jdoe = TestPki.client(ca, "CN=jdoe,O=Contoso");
        alice = TestPki.client(ca, "CN=alice,O=Contoso");
    }

    @BeforeEach
    void capture() {
        previous = DecisionLog.LOG.getLevel();
        DecisionLog.LOG.setLevel(Level.ALL);
        DecisionLog.LOG.addHandler(capture);
    }

    @AfterEach
    void release() {
        DecisionLog.LOG.removeHandler(capture);
        DecisionLog.LOG.setLevel(previous);
    }

    private CertmapEngine engine(String rootAttributes) throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0" %s>
                  <validation trustStore="ca.pem"/>
                  <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
                  <location path="/secure/*" sslFlags="Ssl, SslRequireCert"/>
                  <location path="/secure/admin/*" roles="admin"/>
                  <location path="*.secret" sslFlags="SslRequireCert"/>
                  <oneToOneMappings>
                    <add userName="jdoe" roles="staff admin" certificate="%s"/>
                    <add userName="alice" roles="staff" certificate="%s"/>
                  </oneToOneMappings>
                </certificateMapping>
                """.formatted(rootAttributes, jdoe.pem(), alice.pem()), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/app", file).polling(false).start();
    }

    /** The decision certmap made for a client's request to /maybe/page with this certificate. */
    private static Decision loginOf(CertmapEngine e, Issued client) {
        Decision d = e.decide(FakeRequest.tls("/maybe/page", client.chain()), false);
        assertThat(d.isAuthenticated()).isTrue();
        return d;
    }

    private List<String> lines(String text) {
        synchronized (records) {
            return records.stream().map(LogRecord::getMessage).filter(m -> m.contains(text)).toList();
        }
    }

    @Test
    void dispatchWhenNoUserIntoRequireLocationThenCertificateRequiredForEveryKind() throws Exception {
        try (CertmapEngine e = engine("")) {
            for (Dispatch kind : new Dispatch[] {Dispatch.FORWARD, Dispatch.INCLUDE, Dispatch.ASYNC}) {
                Decision d = e.decideDispatch(kind, "/app/go", "/secure/page", null);
                assertThat(d).as(kind.toString()).isNotNull();
                assertThat(d.isRefused()).isTrue();
                assertThat(d.reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
                assertThat(d.httpStatus()).isEqualTo(403);
            }
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/x.secret", null).reason())
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/secure/admin/page", null).reason())
                    .as("roles imply SslRequireCert").isEqualTo(Reason.CERTIFICATE_REQUIRED);
        }
    }

    @Test
    void dispatchWhenUserLoggedInByCertmapThenLocationsRolesDecide() throws Exception {
        try (CertmapEngine e = engine("")) {
            Decision j = loginOf(e, jdoe);
            Decision a = loginOf(e, alice);
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/page", a)).isNull();
            assertThat(e.decideDispatch(Dispatch.INCLUDE, "/app/maybe/go", "/secure/admin/page", j)).isNull();
            assertThat(e.decideDispatch(Dispatch.ASYNC, "/app/maybe/go", "/secure/admin/page", j)).isNull();
            Decision refused = e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/admin/page", a);
            assertThat(refused.reason()).isEqualTo(Reason.ROLE_REQUIRED);
            assertThat(refused.httpStatus()).isEqualTo(403);
            assertThat(refused.certificate().sha256()).isEqualTo(a.certificate().sha256());
        }
    }

    @Test
    void dispatchWhenLoginIsNotAnAuthenticatedDecisionThenNoUser() throws Exception {
        try (CertmapEngine e = engine("")) {
            Decision anonymous = e.decide(FakeRequest.tls("/maybe/page"), false);
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/page", anonymous).reason())
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
            Decision refused = Decision.refused(Reason.NO_MAPPING, null, null);
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/page", refused).reason())
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
        }
    }

    @Test
    void dispatchWhenTargetNotCoveredOrAcceptOnlyThenAllowedWithoutUser() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/other/page", null)).isNull();
            assertThat(e.decideDispatch(Dispatch.INCLUDE, "/app/go", "/maybe/page", null)).isNull();
            assertThat(e.decideDispatch(Dispatch.ASYNC, "/app/go", "/", null)).isNull();
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/secured/page", null))
                    .as("/secure/* never covers /secured").isNull();
        }
    }

    @Test
    void dispatchWhenErrorThenNeverRefused() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decideDispatch(Dispatch.ERROR, "/app/secure/page", "/secure/error", null)).isNull();
            assertThat(e.decideDispatch(Dispatch.ERROR, "/app/go", "/secure/admin/error", null)).isNull();
        }
        assertThat(lines("refused")).isEmpty();
    }

    @Test
    void dispatchWhenPathSpelledDifferentlyThenStillProtected() throws Exception {
        try (CertmapEngine e = engine("")) {
            for (String p : new String[] {"/SECURE/page", "/Secure/Admin/page", "//secure/page", "/secure;x=1/page",
                    "/public/../secure/page", "/secure/./page", "/secure", "/secure/", "/a/B.SECRET"}) {
                assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", p, null)).as(p).isNotNull();
            }
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/secure/admin/../page", loginOf(e, alice)))
                    .as("as given or normalized, the stricter location wins").isNotNull();
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", null, null)).as("null is /").isNull();
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "", null)).as("empty is /").isNull();
        }
    }

    @Test
    void dispatchWhenProtectDispatchesFalseThenNeverRefused() throws Exception {
        try (CertmapEngine e = engine("protectDispatches=\"false\"")) {
            assertThat(e.configuration().protectDispatches()).isFalse();
            for (Dispatch kind : Dispatch.values()) {
                assertThat(e.decideDispatch(kind, "/app/go", "/secure/admin/page", null)).isNull();
            }
            assertThat(e.decide(FakeRequest.tls("/secure/page"), false).reason())
                    .as("the client's own requests are decided as before").isEqualTo(Reason.CERTIFICATE_REQUIRED);
        }
        assertThat(lines("dispatch")).isEmpty();
    }

    @Test
    void dispatchWhenReloadTurnsProtectionOnOrOffThenNextDispatchUsesIt() throws Exception {
        try (CertmapEngine e = engine("protectDispatches=\"false\"")) {
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/secure/page", null)).isNull();
            Path file = e.file();
            rewrite(file, Files.readString(file).replace("protectDispatches=\"false\"", ""));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.configuration().protectDispatches()).as("the default").isTrue();
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/go", "/secure/page", null).reason())
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
        }
    }

    @Test
    void dispatchWhenRefusedThenOneEscapedLogLineAndCounted() throws Exception {
        try (CertmapEngine e = engine("")) {
            Decision a = loginOf(e, alice);
            records.clear();
            e.decideDispatch(Dispatch.INCLUDE, "/app/go\r\nINFO: forged", "/secure/x\u2028y", null);
            e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/admin/users", a);
            e.decideDispatch(Dispatch.ASYNC, "/app/go", "/secure/page", null);
            e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/page", a);
            assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
            List<String> include = lines("refused include");
            assertThat(include).singleElement().satisfies(l -> assertThat(l)
                    .contains("certmap [/app]: refused include of /secure/x\\u2028y from /app/go\\x0D\\x0AINFO: forged")
                    .contains("reason=CERTIFICATE_REQUIRED", "user=-", "sha256=-", "location=/secure/* (line 4)")
                    .doesNotContain("\r", "\n", "\u2028"));
            assertThat(lines("refused forward")).singleElement().satisfies(l -> assertThat(l)
                    .contains("refused forward of /secure/admin/users from /app/maybe/go", "reason=ROLE_REQUIRED",
                            "user=alice", "sha256=" + a.certificate().sha256(), "location=/secure/admin/* (line 5)",
                            "needs one of [admin]"));
            assertThat(lines("refused async")).singleElement().satisfies(l -> assertThat(l)
                    .contains("refused async dispatch of /secure/page from /app/go", "reason=CERTIFICATE_REQUIRED"));
            assertThat(MessagesTest.inCatalog("engine.dispatchRefused")).isTrue();
            assertThat(e.refusalCounts()).containsEntry(Reason.CERTIFICATE_REQUIRED, 2L)
                    .containsEntry(Reason.ROLE_REQUIRED, 1L);
        }
    }

    @Test
    void dispatchWhenLoginCameFromMappingFileThenOnlyItsRolesCount() throws Exception {
        try (CertmapEngine e = engine("")) {
            // A front door may add realm or identity-store roles to its principal; the location's roles are
            // checked against the mapping file's, as for the client's own request (decision matrix).
            Decision login = Decision.authenticated("alice", Set.of("staff"), Decision.ONE_TO_ONE, null);
            assertThat(e.decideDispatch(Dispatch.FORWARD, "/app/maybe/go", "/secure/admin/x", login).reason())
                    .isEqualTo(Reason.ROLE_REQUIRED);
        }
    }

    @Test
    void planDispatchWhenIncludeThenTargetIsTheIncludeAttributesAndNothingIsIncluded() throws Exception {
        try (CertmapEngine e = engine("")) {
            Map<String, Object> attributes = Map.of("jakarta.servlet.include.servlet_path", "/secure",
                    "jakarta.servlet.include.path_info", "/x");
            // The request's own servlet path is the including page's, which no location covers.
            DispatchPlan plan = e.planDispatch(Dispatch.INCLUDE, "/go", null, "/app/go", attributes::get, null);
            assertThat(plan.proceeds()).isFalse();
            assertThat(plan.includesNothing()).isTrue();
            assertThat(plan.attributes()).isEmpty();
            assertThat(plan.refusal().reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(lines("refused include")).singleElement().satisfies(l -> assertThat(l)
                    .contains("refused include of /secure/x from /app/go"));
            assertThat(e.planDispatch(Dispatch.INCLUDE, "/secure", "/x", "/app/secure/x", n -> null, null).proceeds())
                    .as("no include attributes: the target is /").isTrue();
        }
    }

    @Test
    void planDispatchWhenForwardOrAsyncThenTargetIsServletPathPlusPathInfoAndFromIsTheClientsUri()
            throws Exception {
        try (CertmapEngine e = engine("")) {
            Map<String, Object> forwarded = Map.of("jakarta.servlet.forward.request_uri", "/app/go");
            DispatchPlan plan = e.planDispatch(Dispatch.FORWARD, "/secure", "/page", "/app/secure/page",
                    forwarded::get, null);
            assertThat(plan.proceeds()).isFalse();
            assertThat(plan.includesNothing()).isFalse();
            assertThat(plan.refusal().httpStatus()).isEqualTo(403);
            assertThat(plan.attributes()).containsExactly(Map.entry(Decision.ATTRIBUTE_REASON, "CERTIFICATE_REQUIRED"));
            Map<String, Object> async = Map.of("jakarta.servlet.async.request_uri", "/app/start");
            e.planDispatch(Dispatch.ASYNC, "/secure/page", null, "/app/secure/page", async::get, null);
            e.planDispatch(Dispatch.FORWARD, "/secure/other", null, "/app/secure/other", n -> 42, null);
            assertThat(lines("refused forward of /secure/page from /app/go")).hasSize(1);
            assertThat(lines("refused async dispatch of /secure/page from /app/start")).hasSize(1);
            assertThat(lines("refused forward of /secure/other from /app/secure/other"))
                    .as("no original URI (or not a string): the request URI").hasSize(1);
            DispatchPlan go = e.planDispatch(Dispatch.FORWARD, "/secure", "/page", "/app/secure/page",
                    forwarded::get, loginOf(e, alice));
            assertThat(go.proceeds()).isTrue();
            assertThat(go.includesNothing()).isFalse();
            assertThat(go.refusal()).isNull();
            assertThat(go.attributes()).isEmpty();
            assertThat(e.planDispatch(Dispatch.FORWARD, null, null, "/app/", n -> null, null).proceeds())
                    .as("no servlet path and no path info: /").isTrue();
        }
    }

    @Test
    void dispatchOfWhenServletTypeNameThenOnlyForwardIncludeAndAsyncAreAsked() {
        assertThat(Dispatch.of("FORWARD")).isEqualTo(Dispatch.FORWARD);
        assertThat(Dispatch.of("INCLUDE")).isEqualTo(Dispatch.INCLUDE);
        assertThat(Dispatch.of("ASYNC")).isEqualTo(Dispatch.ASYNC);
        assertThat(Dispatch.of("ERROR")).as("an error page inside a location renders").isNull();
        assertThat(Dispatch.of("REQUEST")).isNull();
        assertThat(Dispatch.of(null)).isNull();
        assertThat(Dispatch.of("forward")).as("the enum's exact names").isNull();
    }

    private static void rewrite(Path file, String content) throws java.io.IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (!Files.getLastModifiedTime(file).toInstant().isAfter(before.toInstant())) {
            Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusMillis(1000)));
        }
    }
}
