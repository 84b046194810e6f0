package org.certmap.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.authenticator.SSLAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.realm.X509SubjectDnRetriever;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.certmap.bench.MappingFiles;
import org.certmap.tomcat.CertificateMappingValve;

/**
 * The server side of the end-to-end benchmark, run in its own JVM by {@link HttpFigures} so that its
 * CPU time and profile are its own: one embedded Tomcat, one JSSE NIO HTTPS connector on 127.0.0.1
 * ({@code certificateVerification="optional"}, unlimited keep-alive requests) and three contexts
 * serving the same tiny servlet:
 * <ul>
 * <li>{@code /none}: no authentication;</li>
 * <li>{@code /builtin}: Tomcat's CLIENT-CERT: login-config CLIENT-CERT, a security constraint on
 * {@code /*} for role {@code user}, {@link SSLAuthenticator} in the pipeline (what ContextConfig adds
 * for that login-config) and a realm whose user names are the certificates' subject DNs as Tomcat's
 * default {@link X509SubjectDnRetriever} renders them (a map look-up, like MemoryRealm);</li>
 * <li>{@code /certmap}: {@link CertificateMappingValve} with {@code certmap.xml} from the folder
 * (written by {@link #writeMappingFile}).</li>
 * </ul>
 * Usage: {@code HttpServer <folder>}; prints {@code PORT <n>} when started and stops when its
 * standard input closes (the runner exited) or after one hour.
 */
public final class HttpServer {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        https.setProperty("maxKeepAliveRequests", "-1");
        https.setProperty("keepAliveTimeout", "120000");
        SSLHostConfig h = new SSLHostConfig();
        h.setCertificateVerification("optional");
        h.setTruststoreFile(dir.resolve("truststore.p12").toString());
        h.setTruststorePassword(new String(HttpPki.PASSWORD));
        h.setTruststoreType("PKCS12");
        SSLHostConfigCertificate c = new SSLHostConfigCertificate(h, SSLHostConfigCertificate.Type.UNDEFINED);
        c.setCertificateKeystoreFile(dir.resolve("server.p12").toString());
        c.setCertificateKeystorePassword(new String(HttpPki.PASSWORD));
        c.setCertificateKeystoreType("PKCS12");
        h.addCertificate(c);
        https.addSslHostConfig(h);
        tomcat.getService().addConnector(https);
        tomcat.setConnector(https);

        Path docBase = Files.createDirectories(dir.resolve("docbase"));
        context(tomcat, "/none", docBase);

        Context builtin = context(tomcat, "/builtin", docBase);
        builtin.setLoginConfig(new LoginConfig("CLIENT-CERT", null, null, null));
        builtin.addSecurityRole("user");
        SecurityConstraint sc = new SecurityConstraint();
        sc.addAuthRole("user");
        SecurityCollection col = new SecurityCollection();
        col.addPattern("/*");
        sc.addCollection(col);
        builtin.addConstraint(sc);
        builtin.setRealm(new SubjectDnRealm(HttpPki.readCertificates(dir.resolve("clients.p12"))));
        builtin.getPipeline().addValve(new SSLAuthenticator());

        Context certmap = context(tomcat, "/certmap", docBase);
        CertificateMappingValve valve = new CertificateMappingValve();
        valve.setConfigFile(dir.resolve("certmap.xml").toAbsolutePath().toString());
        certmap.getPipeline().addValve(valve);

        tomcat.start();
        System.out.println("PORT " + https.getLocalPort());
        System.out.flush();
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the runner never writes; EOF means it is gone
                }
            } catch (IOException e) {
                // same as EOF
            }
            System.exit(0); // runs shutdown hooks: a JFR recording is written
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread.sleep(3_600_000L);
        Runtime.getRuntime().halt(2);
    }

    private static Context context(Tomcat tomcat, String path, Path docBase) {
        Context ctx = tomcat.addContext(path, docBase.toString());
        Tomcat.addServlet(ctx, "tiny", new Tiny());
        ctx.addServletMapping("/", "tiny");
        return ctx;
    }

    /**
     * The mapping file of {@code /certmap}: {@code oneToOne} one-to-one {@code sha256=} mappings (the
     * first ones are {@code mapped}, user {@code load-i}; the rest random digests) and
     * {@code manyToOne} many-to-one mappings (Issuer CN then Subject OU rules, issuers the load
     * clients do not have), and one location {@code /*} that requires a certificate.
     */
    static void writeMappingFile(Path file, List<X509Certificate> mapped, int oneToOne, int manyToOne) {
        MappingFiles.write(file, "/*", "SslRequireCert", w -> {
            MappingFiles.oneToOneMappings(w, oneToOne, mapped,
                    i -> i < mapped.size() ? "load-" + i : MappingFiles.userName(i));
            MappingFiles.manyToOneMappings(w, manyToOne, i -> "Partner CA " + i);
        });
    }

    /**
     * A few bytes for every request ({@code ok}); with a query string, the user name the container
     * saw ({@code anonymous} when none), for the runner's check before measuring.
     */
    static final class Tiny extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            byte[] body = OK;
            if (req.getQueryString() != null) {
                String user = req.getRemoteUser();
                body = ((user == null ? "anonymous" : user) + "\n").getBytes(StandardCharsets.UTF_8);
            }
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /** Tomcat's realm contract keyed by subject DN: user names as the default X509UsernameRetriever renders them. */
    static final class SubjectDnRealm extends RealmBase {
        private final Map<String, Principal> users = new HashMap<>();

        SubjectDnRealm(List<X509Certificate> clients) {
            X509SubjectDnRetriever retriever = new X509SubjectDnRetriever();
            for (X509Certificate c : clients) {
                String name = retriever.getUsername(c);
                users.put(name, new GenericPrincipal(name, List.of("user")));
            }
        }

        @Override
        protected String getPassword(String username) {
            return null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return users.get(username);
        }
    }
}
