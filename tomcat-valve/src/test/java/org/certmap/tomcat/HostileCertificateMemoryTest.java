package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x509.GeneralName;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening issue's release blocker: distinct client certificates, each made large with a
 * thousand SANs, sent through a trusted proxy's header (every format) and over TLS, to a server
 * with a 128 MB heap. Half of them map (to a user named after their CN, so the server keeps a
 * principal for each), half are refused. On the first release's entry-bounded cache these filled
 * the heap within seconds. Here the server keeps answering every request correctly, the heap stays
 * flat, and a public page still serves at the end.
 */
class HostileCertificateMemoryTest {

    /** Certificates per channel: about 22 KB of DER, far more once parsed, far more than 128 MB would hold if kept. */
    static final int PER_CHANNEL = 300;
    static final int SANS = 1000;

    @TempDir
    static Path dir;
    static Process server;
    static int httpsPort;
    static int httpPort;
    static List<Issued> certificates = new ArrayList<>();

    static String config(String proxy) {
        return """
                <certificateMapping reloadInterval="0" showReason="true">
                  <validation trustStore="ca.pem"/>
                  %s
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <manyToOneMappings>
                    <add name="flood" userName="{Subject.CN}">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso Issuing CA 1"/>
                        <add certificateField="Subject" certificateSubField="O" matchCriteria="Mapped"/>
                      </rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(proxy);
    }

    @BeforeAll
    static void start() throws Exception {
        Pki.writeServerKeyStore(dir.resolve("server.p12"));
        Pki.writeConnectorTrustStore(dir.resolve("trust.p12"));
        for (ProxyHeadersTest.Format f : ProxyHeadersTest.Format.values()) {
            app(f.name, config("<proxy trustedProxies=\"127.0.0.1 ::1\" format=\"" + f.name
                    + "\" maxHeaderBytes=\"65536\"/>"));
        }
        app("tls", config(""));
        KeyPair key = TestPki.ecKey();
        for (int n = 0; n < PER_CHANNEL; n++) {
            TestPki.Builder b = TestPki.cert().issuer(Pki.ROOT).keyPair(key)
                    .subject("CN=flood-" + n + ",O=" + (n % 2 == 0 ? "Mapped" : "Hostile"));
            for (int i = 0; i < SANS; i++) {
                b.san(new GeneralName(GeneralName.dNSName, "h" + i + "-" + n + ".flood.example"));
            }
            certificates.add(b.build());
        }
        assertThat(certificates.get(0).certificate().getEncoded().length).isGreaterThan(20_000);

        ProcessBuilder pb = new ProcessBuilder(SmallHeapServer.command(dir, "128m", "4MB"));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        server = pb.start();
        Path ports = dir.resolve("ports");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ports)) {
            assertThat(server.isAlive()).as("server started; its log: %s", log()).isTrue();
            assertThat(System.nanoTime()).as("server start within 60 s").isLessThan(end);
            Thread.sleep(50);
        }
        String[] p = Files.readString(ports).split(" ");
        httpsPort = Integer.parseInt(p[0]);
        httpPort = Integer.parseInt(p[1]);
    }

    static void app(String name, String certmapXml) throws IOException {
        Path docBase = Files.createDirectories(dir.resolve("apps").resolve(name).resolve("WEB-INF"));
        TestPki.writePem(docBase.resolve("ca.pem"), Pki.ROOT.certificate());
        Files.writeString(docBase.resolve("certmap.xml"), certmapXml);
    }

    static String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyMoreDistinctLargeCertificatesThanFitLeaveTheHeapFlat() throws Exception {
        HttpClient proxy = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long warm = 0;
        int warmUp = 40;
        for (int n = 0; n < PER_CHANNEL; n++) {
            Issued c = certificates.get(n);
            for (ProxyHeadersTest.Format f : ProxyHeadersTest.Format.values()) {
                HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/" + f.name + "/secure/x"))
                        .header(f.header, f.encode(c.certificate())).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                expect(n, f.name, r.statusCode(), r.body());
            }
            String[] tls = overTls(c);
            expect(n, "tls", Integer.parseInt(tls[0]), tls[1]);
            if (n == warmUp) {
                warm = heap(proxy);
            }
        }
        long after = heap(proxy);
        System.out.printf("hostile certificates: %d per channel x 6 channels, %d bytes of DER each;"
                + " heap after GC %d MB at certificate %d, %d MB at the end%n", PER_CHANNEL,
                certificates.get(0).certificate().getEncoded().length, warm >> 20, warmUp, after >> 20);
        // Six site roots of at most 4 MB each, and what Tomcat itself keeps (sessions, buffers).
        assertThat(after - warm).as("heap growth from certificate %d to %d (%d bytes after warm-up)", warmUp,
                PER_CHANNEL, warm).isLessThan(40L * 1024 * 1024);
        HttpResponse<String> publicPage = proxy.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/pem/public")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(publicPage.statusCode()).isEqualTo(200);
        assertThat(server.isAlive()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
    }

    /** Even certificates map to their CN; odd ones are refused with NO_MAPPING. */
    static void expect(int n, String channel, int status, String body) {
        assertThat(server.isAlive()).as("server alive at certificate %d (%s); log tail: %s", n, channel, tail()).isTrue();
        if (n % 2 == 0) {
            assertThat(status).as("%s certificate %d: %s", channel, n, body).isEqualTo(200);
            assertThat(body).as(channel).contains("user=flood-" + n + "\n");
        } else {
            assertThat(status).as("%s certificate %d", channel, n).isEqualTo(403);
            assertThat(body).as(channel).contains("NO_MAPPING").doesNotContain(TestServer.CONTENT);
        }
    }

    static String tail() {
        String l = log();
        return l.substring(Math.max(0, l.length() - 3000));
    }

    static long heap(HttpClient client) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/heap"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(r.body().trim());
    }

    /** One request on a new TLS connection presenting {@code client}: {status, body}. */
    static String[] overTls(Issued client) throws IOException {
        try (SSLSocket s = (SSLSocket) Pki.clientContext(client).getSocketFactory().createSocket("127.0.0.1", httpsPort)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /tls/secure/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            return new String[] {status, response.substring(Math.max(0, response.indexOf("\r\n\r\n")))};
        }
    }

}
