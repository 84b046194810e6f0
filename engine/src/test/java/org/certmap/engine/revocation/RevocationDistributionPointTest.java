package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;
import org.certmap.engine.base.Reason;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crlDistributionPoints="true"} through the engine against a real HTTP server: the CRL the
 * certificate names is fetched once (single flight, then cached until nextUpdate), a revoked
 * certificate is refused, a server that is down gives REVOCATION_UNKNOWN within the timeout, and
 * nothing is fetched for a certificate that failed validation (Invariant 6).
 */
class RevocationDistributionPointTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private Issued root;
    private Issued issuing;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        root = TestPki.rootCa("CN=CDP Root,O=certmap");
        issuing = TestPki.intermediateCa(root, "CN=CDP Issuing,O=certmap");
        TestPki.writePem(dir.resolve("ca.pem"), root.certificate());
        served.put("/root.crl", CrlTestPki.crl(root).build());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static CRLDistPoint cdp(String url) {
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)});
    }

    private Issued client(String cn, String crlUrl) {
        return TestPki.cert().subject("CN=" + cn + ",OU=Staff,O=certmap").issuer(issuing)
                .extension(Extension.cRLDistributionPoints, false, cdp(crlUrl)).build();
    }

    private CertmapEngine engine(String extra) throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem">
                    <revocation crlDistributionPoints="true" %s/>
                  </validation>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <manyToOneMappings>
                    <add name="staff" userName="{Subject.CN}">
                      <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="CDP Issuing"/></rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(extra), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/cdp", file).polling(false).start();
    }

    @Test
    void crlIsFetchedOnceAndARevokedCertificateIsRefused() throws Exception {
        // The intermediate must name its CRL too: scope="chain" checks it below the root.
        issuing = TestPki.cert().subject("CN=CDP Issuing,O=certmap").issuer(root).ca(0)
                .extension(Extension.cRLDistributionPoints, false, cdp(url("/root.crl"))).build();
        Issued alice = client("alice", url("/issuing.crl"));
        Issued bob = client("bob", url("/issuing.crl"));
        served.put("/issuing.crl", CrlTestPki.crl(issuing).revoke(alice.certificate().getSerialNumber(), 1).build());
        try (CertmapEngine e = engine("")) {
            Decision good = e.decide(FakeRequest.tls("/secure/x", bob.certificate(), issuing.certificate()), false);
            assertThat(good.isAuthenticated()).isTrue();
            assertThat(good.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "good");
            assertThat(hits.get()).as("the issuing CA's CRL, and the root's for the intermediate").isEqualTo(2);
            Decision refused = e.decide(FakeRequest.tls("/secure/x", alice.certificate(), issuing.certificate()), false);
            assertThat(refused.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
            assertThat(hits.get()).as("cached until nextUpdate: no second fetch").isEqualTo(2);
            Explanation x = e.explain(List.of(alice.certificate(), issuing.certificate()), true, "/secure/x",
                    java.time.Instant.now());
            assertThat(x.because().detail()).contains("keyCompromise").contains("CRL " + url("/issuing.crl"));
        }
    }

    @Test
    void unreachableDistributionPointGivesRevocationUnknownWithinTheTimeout() throws Exception {
        Issued carol = client("carol", "http://127.0.0.1:1/nothing-listens-here.crl");
        try (CertmapEngine e = engine("scope=\"leaf\" timeout=\"1s\"")) {
            // A guard against a hang, not a speed target.
            Decision d = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> e.decide(FakeRequest.tls("/secure/x", carol.certificate(), issuing.certificate()), false));
            assertThat(d.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
            assertThat(e.explain(List.of(carol.certificate(), issuing.certificate()), true, "/secure/x",
                    java.time.Instant.now()).because().detail()).contains("nothing-listens-here.crl");
        }
    }

    @Test
    void nothingIsFetchedForACertificateThatFailedValidation() throws Exception {
        Issued expired = TestPki.cert().subject("CN=old,O=certmap").issuer(issuing)
                .validity(java.time.Instant.now().minus(Duration.ofHours(20)), java.time.Instant.now().minus(Duration.ofHours(1)))
                .extension(Extension.cRLDistributionPoints, false, cdp(url("/issuing.crl"))).build();
        Issued stranger = TestPki.client(TestPki.rootCa("CN=Elsewhere"), "CN=mallory");
        try (CertmapEngine e = engine("scope=\"leaf\"")) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", expired.certificate(), issuing.certificate()), false)
                    .reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
            assertThat(e.decide(FakeRequest.tls("/secure/x", stranger.certificate()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            e.explain(List.of(expired.certificate(), issuing.certificate()), true, "/secure/x", java.time.Instant.now());
            assertThat(hits.get()).isZero();
        }
    }
}
