package org.certmap.e2e.ee;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.NullRealm;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Embedded Tomcat 10.1 with one HTTPS connector on a free port that asks for a client certificate
 * in the handshake ({@code certificateVerification="optional"}, trusting the test root), and the
 * given exploded applications, each with its own web application class loader.
 */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final int port;

    EmbeddedTomcat(Path baseDir, EePki pki, Map<String, Path> apps) throws Exception {
        Files.createDirectories(baseDir);
        Path keyStore = pki.server.writePkcs12(baseDir.resolve("server.p12"), EePki.PASSWORD);
        Path trustStore = pki.writeTrustStoreJks(baseDir.resolve("clients-ca.jks"));
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.enableNaming();

        Connector https = new Connector("HTTP/1.1");
        https.setPort(0);
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        https.setProperty("address", "127.0.0.1");
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setCertificateVerification("optional");
        ssl.setTruststoreFile(trustStore.toString());
        ssl.setTruststorePassword(new String(EePki.PASSWORD));
        ssl.setTruststoreType("JKS");
        SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        cert.setCertificateKeystoreFile(keyStore.toString());
        cert.setCertificateKeystorePassword(new String(EePki.PASSWORD));
        cert.setCertificateKeystoreType("PKCS12");
        ssl.addCertificate(cert);
        https.addSslHostConfig(ssl);
        tomcat.setConnector(https);
        tomcat.getEngine().setRealm(new NullRealm());

        for (Map.Entry<String, Path> app : apps.entrySet()) {
            Context ctx = tomcat.addWebapp(app.getKey(), app.getValue().toString());
            // As in a real Tomcat: only the application's own JARs are scanned, not the test class path.
            ((StandardJarScanner) ctx.getJarScanner()).setScanClassPath(false);
            Path contextXml = app.getValue().resolve("META-INF/context.xml");
            if (Files.isRegularFile(contextXml)) {
                ctx.setConfigFile(contextXml.toUri().toURL());
            }
        }
        tomcat.start();
        for (org.apache.catalina.Container c : tomcat.getHost().findChildren()) {
            if (c.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("context " + c.getName() + " did not start: " + c.getState());
            }
        }
        port = https.getLocalPort();
    }

    String url(String pathFromRoot) {
        return "https://localhost:" + port + pathFromRoot;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
