package org.certmap.tomcat;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * The server of {@link HostileCertificateMemoryTest}, run in a JVM of its own with a small heap:
 * an embedded Tomcat with a JSSE HTTPS connector ({@code certificateVerification="optional"}), a
 * plain HTTP connector that takes large headers (what a proxy talks to), one context with the
 * valve per folder under {@code BASE/apps}, and a public {@code /heap} page that reports the heap
 * in use after a full collection. Files in {@code BASE}: {@code server.p12} and {@code trust.p12}
 * (written by the test); it writes {@code ports} ("https http") once it serves.
 */
public final class SmallHeapServer {

    private SmallHeapServer() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        String password = new String(Pki.PASSWORD);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.resolve("tomcat").toString());
        Connector https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        https.setPort(0);
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig h = new SSLHostConfig();
        h.setCertificateVerification("optional");
        h.setTruststoreFile(base.resolve("trust.p12").toString());
        h.setTruststorePassword(password);
        h.setTruststoreType("PKCS12");
        SSLHostConfigCertificate c = new SSLHostConfigCertificate(h, SSLHostConfigCertificate.Type.UNDEFINED);
        c.setCertificateKeystoreFile(base.resolve("server.p12").toString());
        c.setCertificateKeystorePassword(password);
        c.setCertificateKeystoreType("PKCS12");
        h.addCertificate(c);
        https.addSslHostConfig(h);
        tomcat.getService().addConnector(https);
        tomcat.setConnector(https);
        Connector http = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        http.setPort(0);
        http.setProperty("maxHttpHeaderSize", "262144");
        tomcat.getService().addConnector(http);

        List<Path> apps;
        try (Stream<Path> s = Files.list(base.resolve("apps"))) {
            apps = s.sorted().toList();
        }
        for (Path app : apps) {
            Context ctx = tomcat.addContext("/" + app.getFileName(), app.toString());
            ctx.getPipeline().addValve(new CertificateMappingValve());
            Tomcat.addServlet(ctx, "whoami", new TestServer.Whoami());
            ctx.addServletMappingDecoded("/", "whoami");
        }
        Path root = Files.createDirectories(base.resolve("root"));
        Context ctx = tomcat.addContext("", root.toString());
        Tomcat.addServlet(ctx, "heap", new Heap());
        ctx.addServletMappingDecoded("/heap", "heap");
        tomcat.start();

        Path ports = base.resolve("ports");
        Path tmp = base.resolve("ports.tmp");
        Files.writeString(tmp, https.getLocalPort() + " " + http.getLocalPort());
        Files.move(tmp, ports, StandardCopyOption.ATOMIC_MOVE);
        // Until the test kills this JVM, or its parent's stdin closes.
        while (System.in.read() >= 0) {
            // nothing to read
        }
        tomcat.stop();
        System.exit(0);
    }

    /** The heap in use after a full collection, in bytes. */
    static final class Heap extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long used = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            resp.setContentType("text/plain");
            resp.getWriter().print(used);
        }
    }

    /** The command line that starts this server with {@code heap} (e.g. {@code 128m}) and the test's class path. */
    static List<String> command(Path base, String heap, String cacheBytes) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Soft references cleared at every collection: the JDK keeps parsed certificates
        // (CertificateFactory) and TLS sessions in soft caches, which give way before an
        // OutOfMemoryError but would otherwise hide what is strongly kept.
        return List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-XX:SoftRefLRUPolicyMSPerMB=0",
                "-Dorg.certmap.decisionCache.maxBytes=" + cacheBytes,
                "-cp", System.getProperty("java.class.path") + File.pathSeparator,
                SmallHeapServer.class.getName(), base.toString());
    }
}
