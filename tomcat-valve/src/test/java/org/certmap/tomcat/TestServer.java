package org.certmap.tomcat;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/**
 * An embedded Tomcat with a real JSSE HTTPS connector ({@code certificateVerification} as given,
 * server certificate and trust store from {@link Pki}), a plain HTTP connector (what a proxy talks
 * to), an access log captured in memory, and one HTTP client per client certificate, kept alive.
 */
final class TestServer implements AutoCloseable {

    /** What the test servlet writes first: a refused request must never show it. */
    static final String CONTENT = "CONTENT";

    final Tomcat tomcat = new Tomcat();
    final Path base;
    final Connector https;
    final Connector http;
    final List<String> accessLog = new CopyOnWriteArrayList<>();
    private final Map<Object, HttpClient> clients = new ConcurrentHashMap<>();
    private static final Object NO_CERTIFICATE = new Object();

    TestServer(Path base, String verification, boolean deferred) throws Exception {
        this.base = base;
        tomcat.setBaseDir(base.resolve("tomcat").toString());
        https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        https.setPort(0);
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig h = new SSLHostConfig();
        h.setCertificateVerification(verification);
        h.setTruststoreFile(Pki.writeConnectorTrustStore(base.resolve("truststore.p12")).toString());
        h.setTruststorePassword(new String(Pki.PASSWORD));
        h.setTruststoreType("PKCS12");
        if (deferred) {
            h.setTrustManagerClassName(DeferredValidationTrustManager.class.getName());
        }
        SSLHostConfigCertificate c = new SSLHostConfigCertificate(h, SSLHostConfigCertificate.Type.UNDEFINED);
        c.setCertificateKeystoreFile(Pki.writeServerKeyStore(base.resolve("server.p12")).toString());
        c.setCertificateKeystorePassword(new String(Pki.PASSWORD));
        c.setCertificateKeystoreType("PKCS12");
        h.addCertificate(c);
        https.addSslHostConfig(h);
        tomcat.getService().addConnector(https);
        tomcat.setConnector(https);
        http = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        http.setPort(0);
        http.setProperty("maxHttpHeaderSize", "65536");
        tomcat.getService().addConnector(http);
        AbstractAccessLogValve log = new AbstractAccessLogValve() {
            @Override
            protected void log(CharArrayWriter message) {
                accessLog.add(message.toString());
            }
        };
        log.setPattern("%u %r %s");
        tomcat.getHost().getPipeline().addValve(log);
    }

    /**
     * Adds a context at {@code path} with the test servlet at "/", a realm, web.xml constraints on
     * {@code /constrained/*} (any user), {@code /constrained/admin/*} and {@code /both/*} (role
     * admin), and {@code certmapXml} as {@code WEB-INF/certmap.xml} (no valve when null).
     */
    Context addApp(String path, String certmapXml, Consumer<CertificateMappingValve> valveSettings) throws IOException {
        Path docBase = Files.createDirectories(base.resolve("apps").resolve(path.isEmpty() ? "ROOT" : path.substring(1)));
        Files.createDirectories(docBase.resolve("WEB-INF"));
        TestPki.writePem(docBase.resolve("WEB-INF/ca.pem"), Pki.ROOT.certificate());
        if (certmapXml != null) {
            Files.writeString(docBase.resolve("WEB-INF/certmap.xml"), certmapXml);
        }
        Context ctx = tomcat.addContext(path, docBase.toString());
        ctx.setLoginConfig(new LoginConfig("CLIENT-CERT", null, null, null));
        ctx.setRealm(new TestRealm(Map.of("jdoe", List.of("auditor"))));
        ctx.addSecurityRole("admin");
        constrain(ctx, "/constrained/*", "**");
        constrain(ctx, "/constrained/admin/*", "admin");
        constrain(ctx, "/both/*", "admin");
        if (certmapXml != null) {
            CertificateMappingValve valve = new CertificateMappingValve();
            if (valveSettings != null) {
                valveSettings.accept(valve);
            }
            ctx.getPipeline().addValve(valve);
        }
        Tomcat.addServlet(ctx, "whoami", new Whoami());
        ctx.addServletMappingDecoded("/", "whoami");
        return ctx;
    }

    private static void constrain(Context ctx, String pattern, String role) {
        SecurityConstraint sc = new SecurityConstraint();
        sc.addAuthRole(role);
        SecurityCollection col = new SecurityCollection();
        col.addPatternDecoded(pattern);
        sc.addCollection(col);
        ctx.addConstraint(sc);
    }

    TestServer start() throws LifecycleException {
        tomcat.start();
        return this;
    }

    int httpsPort() {
        return https.getLocalPort();
    }

    int httpPort() {
        return http.getLocalPort();
    }

    record Reply(int status, String body) {
        /** The user the test servlet saw ("null" when anonymous). */
        String user() {
            return field("user");
        }

        String field(String name) {
            for (String part : body.split("\n")) {
                if (part.startsWith(name + "=")) {
                    return part.substring(name.length() + 1);
                }
            }
            return null;
        }

        boolean served() {
            return status == 200 && body.startsWith(CONTENT);
        }
    }

    /** GET over HTTPS presenting {@code client} (none when null); {@code headers} are name, value pairs. */
    Reply get(Issued client, String path, String... headers) {
        return send(client, URI.create("https://localhost:" + httpsPort() + path), headers);
    }

    /** GET over plain HTTP, as a proxy would send it. */
    Reply plain(String path, String... headers) {
        return send(null, URI.create("http://localhost:" + httpPort() + path), headers);
    }

    Reply send(Issued client, URI uri, String... headers) {
        HttpClient hc = client(client);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = hc.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client(Issued client) {
        return clients.computeIfAbsent(client == null ? NO_CERTIFICATE : client,
                k -> HttpClient.newBuilder().sslContext(Pki.clientContext(client)).version(HttpClient.Version.HTTP_1_1)
                        .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** Waits (at most 10 s) for an access log line containing {@code text}. */
    String awaitAccessLog(String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (String line : accessLog) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access log line with [" + text + "] in " + accessLog);
    }

    @Override
    public void close() throws Exception {
        clients.clear();
        tomcat.stop();
        tomcat.destroy();
    }

    /** Writes what the request looked like to the application. */
    static final class Whoami extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if ("create".equals(req.getParameter("session"))) {
                req.getSession(true);
            }
            HttpSession s = req.getSession(false);
            if (s != null && req.getParameter("profile") != null) {
                // What legacy applications do: cache the user's data in the session.
                s.setAttribute("profile", req.getParameter("profile"));
            }
            Principal p = req.getUserPrincipal();
            resp.setContentType("text/plain");
            resp.getWriter().print(String.join("\n", CONTENT, "user=" + req.getRemoteUser(),
                    "principal=" + (p == null ? null : p.getName()), "auth=" + req.getAuthType(),
                    "admin=" + req.isUserInRole("admin"), "staff=" + req.isUserInRole("staff"),
                    "auditor=" + req.isUserInRole("auditor"), "reason=" + req.getAttribute("org.certmap.reason"),
                    "mapping=" + req.getAttribute("org.certmap.mapping"),
                    "sha256=" + req.getAttribute("org.certmap.certificate.sha256"),
                    "session=" + (s == null ? null : s.getId()),
                    "profile=" + (s == null ? null : s.getAttribute("profile"))));
        }
    }

    /** A realm that knows some users' roles by name (for {@code realmRoles}) and nothing else. */
    static final class TestRealm extends RealmBase {
        private final Map<String, List<String>> roles;

        TestRealm(Map<String, List<String>> roles) {
            this.roles = roles;
        }

        @Override
        protected String getPassword(String username) {
            return null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            List<String> r = roles.get(username);
            return r == null ? null : new GenericPrincipal(username, new ArrayList<>(r));
        }
    }
}
