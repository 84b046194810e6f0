package org.certmap.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.certmap.cli.pki.DemoPki;
import org.certmap.pki.PkiFiles;
import org.certmap.tomcat.CertificateMappingValve;

/**
 * The sample: an embedded Tomcat serving the legacy sample webapp over HTTPS, secured only by a
 * certmap mapping file. On first start it makes a demo PKI (CA, server certificate, one client
 * certificate per scenario, the mapping file) in a folder it prints, so the first hour needs no
 * openssl incantations. The connector asks for a certificate in the handshake
 * ({@code certificateVerification="optional"}, JSSE has no TLS 1.3 post-handshake auth) and
 * certmap enforces per path.
 */
public final class SampleLauncher {

    private final Tomcat tomcat;
    private final DemoPki pki;
    private final int httpsPort;
    private final int httpPort;

    private SampleLauncher(Tomcat tomcat, DemoPki pki, int httpsPort, int httpPort) {
        this.tomcat = tomcat;
        this.pki = pki;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            return;
        }
        SampleLauncher s = start(o.dir, o.httpsPort, o.httpPort);
        s.printWelcome();
        s.tomcat.getServer().await();
    }

    /**
     * Starts the sample (ports 0 pick free ports; httpPort -1 means no plain HTTP connector).
     * Reuses the demo PKI in {@code dir} when it is there.
     */
    public static SampleLauncher start(Path dir, int httpsPort, int httpPort) throws IOException, LifecycleException {
        Path abs = dir.toAbsolutePath().normalize();
        DemoPki pki = DemoPki.load(abs, PkiFiles.DEMO_PASSWORD.toCharArray());
        if (pki == null) {
            pki = DemoPki.create(abs, PkiFiles.DEMO_PASSWORD.toCharArray(), List.of());
        }
        Path webapp = extractWebapp(abs.resolve("webapp"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(abs.resolve("tomcat").toString());
        tomcat.setPort(-1);
        tomcat.getService().addConnector(https(pki, httpsPort));
        if (httpPort >= 0) {
            Connector http = new Connector();
            http.setPort(httpPort);
            tomcat.getService().addConnector(http);
        }
        // No JSPs here: skip Tomcat's default web.xml (which would add a JSP servlet that is not on the
        // class path) and add the default servlet for the static pages ourselves.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context ctx = tomcat.addWebapp("", webapp.toString());
        ctx.getJarScanner().setJarScanFilter((type, name) -> false);
        Tomcat.addDefaultMimeTypeMappings(ctx);
        Wrapper files = ctx.createWrapper();
        files.setName("default");
        files.setServletClass("org.apache.catalina.servlets.DefaultServlet");
        files.setLoadOnStartup(1);
        ctx.addChild(files);
        ctx.addServletMapping("/", "default");
        ctx.addWelcomeFile("index.html");
        CertificateMappingValve valve = new CertificateMappingValve();
        valve.setConfigFile(pki.mappingFile().toString());
        ctx.getPipeline().addValve(valve);
        AccessLogValve access = new AccessLogValve();
        access.setDirectory(abs.resolve("logs").toString());
        access.setPattern("%h %u \"%r\" %s");
        tomcat.getHost().getPipeline().addValve(access);
        tomcat.start();
        int actualHttps = tomcat.getService().findConnectors()[0].getLocalPort();
        int actualHttp = httpPort >= 0 ? tomcat.getService().findConnectors()[1].getLocalPort() : -1;
        return new SampleLauncher(tomcat, pki, actualHttps, actualHttp);
    }

    private static Connector https(DemoPki pki, int port) {
        Connector c = new Connector();
        c.setPort(port);
        c.setSecure(true);
        c.setScheme("https");
        c.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setCertificateVerification("optional");
        // A connector dedicated to this one certmap context (whose mapping file has a trustStore):
        // certmap validates, so an expired or untrusted certificate gets a 403 page with its reason
        // instead of a TLS alert no browser explains. See docs/tomcat.md, "Deferred validation".
        ssl.setTrustManagerClassName("org.certmap.tomcat.DeferredValidationTrustManager");
        ssl.setTruststoreFile(pki.trustStore().toString());
        ssl.setTruststorePassword(PkiFiles.DEMO_PASSWORD);
        ssl.setTruststoreType("PKCS12");
        SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        cert.setCertificateKeystoreFile(pki.serverFiles().pkcs12().toString());
        cert.setCertificateKeystorePassword(PkiFiles.DEMO_PASSWORD);
        cert.setCertificateKeystoreType("PKCS12");
        ssl.addCertificate(cert);
        c.addSslHostConfig(ssl);
        return c;
    }

    /** Copies the webapp out of this JAR (or the classes folder) so Tomcat can serve it as a folder. */
    static Path extractWebapp(Path target) throws IOException {
        URL index = SampleLauncher.class.getResource("/webapp/WEB-INF/web.xml");
        if (index == null) {
            throw new IllegalStateException("the sample webapp is missing from the launcher's class path");
        }
        URI uri;
        try {
            uri = index.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(fs.getPath("/webapp"), target);
            }
        } else {
            copyTree(Path.of(uri).getParent().getParent(), target);
        }
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(p -> {
                Path dest = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        try (InputStream in = Files.newInputStream(p)) {
                            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public DemoPki pki() {
        return pki;
    }

    public void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    void printWelcome() {
        String base = "https://localhost:" + httpsPort;
        Path d = pki.dir();
        StringBuilder sb = new StringBuilder();
        sb.append("\ncertmap sample is running: ").append(base).append("/\n");
        sb.append("Demo PKI, mapping file and logs: ").append(d).append("\n");
        sb.append("  mapping file   ").append(pki.mappingFile()).append("  (edit it: reloads within 2s)\n");
        sb.append("  CA certificate ").append(pki.caFiles().certificate()).append("\n");
        sb.append("  client .p12 files (password ").append(PkiFiles.DEMO_PASSWORD).append(") to import into a browser: ")
                .append(d.resolve("clients")).append("\n\n");
        sb.append("Try each scenario with curl:\n");
        for (DemoPki.Client c : pki.clients()) {
            sb.append("  # ").append(c.scenario().fileName()).append(": ").append(c.scenario().expectation()).append("\n");
            sb.append("  curl --cacert ").append(pki.caFiles().certificate()).append(" --cert ")
                    .append(c.files().certificate()).append(" --key ").append(c.files().key()).append(' ')
                    .append(base).append("/secure/whoami\n");
        }
        sb.append("  # no certificate: 403 CERTIFICATE_REQUIRED (IIS 403.7)\n");
        sb.append("  curl --cacert ").append(pki.caFiles().certificate()).append(' ').append(base).append("/secure/whoami\n");
        sb.append("  # accept-only page: shows why a certificate did not map\n");
        sb.append("  curl --cacert ").append(pki.caFiles().certificate()).append(" --cert ")
                .append(pki.client(DemoPki.Scenario.UNMAPPED).files().certificate()).append(" --key ")
                .append(pki.client(DemoPki.Scenario.UNMAPPED).files().key()).append(' ').append(base)
                .append("/optional/whoami\n");
        sb.append("\nWhy does a certificate not map? java -jar cli/target/certmap.jar explain --config ")
                .append(pki.mappingFile()).append(' ').append(pki.client(DemoPki.Scenario.UNMAPPED).files().certificate())
                .append("\nStop with Ctrl-C.\n");
        System.out.println(sb);
    }

    /** Command-line options: --port, --http-port, --dir. */
    static final class Options {
        int httpsPort = 8443;
        int httpPort = 8080;
        Path dir = Path.of("certmap-demo");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--port" -> o.httpsPort = Integer.parseInt(value(args, ++i, a));
                    case "--http-port" -> o.httpPort = Integer.parseInt(value(args, ++i, a));
                    case "--dir" -> o.dir = Path.of(value(args, ++i, a));
                    case "-h", "--help" -> {
                        System.out.println("usage: scripts/sample.sh [--port 8443] [--http-port 8080|-1] [--dir certmap-demo]\n"
                                + "Starts the certmap sample on HTTPS with a demo PKI made in --dir on first start.");
                        return null;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
