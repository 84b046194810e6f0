package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.JMX;
import javax.management.ObjectName;

import org.apache.catalina.Context;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants 1 and 5: clients with different certificates on kept-alive connections never get each
 * other's identity, and a reload applied while requests run is used by the next request, in
 * existing sessions too.
 */
@Tag("matrix")
class ReloadAndIsolationTest {

    static final Issued CAROL = TestPki.client(Pki.ROOT, "CN=carol,O=Contoso");
    static final Issued DAVE = TestPki.client(Pki.ROOT, "CN=dave,O=Contoso");
    static final Issued ERIN = TestPki.client(Pki.ROOT, "CN=erin,O=Contoso");

    @TempDir
    static Path dir;
    static TestServer server;
    static Context live;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        server.addApp("/app", Configs.app(""), null);
        live = server.addApp("/live", Configs.app("").replace("reloadInterval=\"0\"", "reloadInterval=\"200ms\""), null);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void clientsWithDifferentCertificatesInterleavedOnKeptAliveConnectionsKeepTheirOwnIdentity() throws Exception {
        Issued[] clients = {Pki.JDOE, Pki.ALICE, CAROL, DAVE, ERIN, null};
        String[] users = {"jdoe", "alice", "carol", "dave", "erin", "null"};
        ExecutorService pool = Executors.newFixedThreadPool(clients.length);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < clients.length; i++) {
                Issued c = clients[i];
                String expected = users[i];
                results.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int n = 0; n < 40; n++) {
                        TestServer.Reply r = server.get(c, "/app/maybe/page");
                        String sha = r.field("sha256");
                        String want = c == null ? "null" : sha256(c);
                        if (!r.served() || !expected.equals(r.user()) || !want.equals(sha)) {
                            wrong.add(expected + " got " + r.user() + " / " + sha);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reloadWhileRequestsRunWhenMappingRemovedThenNextRequestInExistingSessionRefused() throws Exception {
        TestServer.Reply first = server.get(Pki.JDOE, "/live/secure/page?session=create");
        assertThat(first.user()).isEqualTo("jdoe");
        String session = first.field("session");
        assertThat(session).isNotEqualTo("null");
        CertificateMappingMXBean jmx = jmx("/live");
        assertThat(jmx.getGeneration()).isEqualTo(1);

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> jdoe = pool.submit(() -> hammer(Pki.JDOE, Set.of("200 jdoe", "403 MAPPING_DENIED"), stop));
            Future<List<String>> alice = pool.submit(() -> hammer(Pki.ALICE, Set.of("200 alice"), stop));
            Path file = Path.of(live.getDocBase(), "WEB-INF", "certmap.xml");
            String denyJdoe = """
                    <manyToOneMappings>
                        <add name="jdoe left" permissionMode="Deny">
                          <rules><add certificateField="Subject" certificateSubField="CN" matchCriteria="jdoe"/></rules>
                        </add>""";
            String next = Files.readString(file).replaceFirst("(?s)<oneToOneMappings>.*?</oneToOneMappings>", "")
                    .replace("<manyToOneMappings>", denyJdoe);
            Files.writeString(file, next);
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (jmx.getGeneration() < 2 && System.nanoTime() < end) {
                Thread.sleep(25);
            }
            assertThat(jmx.getGeneration()).isEqualTo(2);
            TestServer.Reply after = server.get(Pki.JDOE, "/live/secure/page");
            assertThat(after.status()).isEqualTo(403);
            assertThat(after.body()).contains("MAPPING_DENIED").doesNotContain(TestServer.CONTENT);
            stop.set(true);
            assertThat(jdoe.get(60, TimeUnit.SECONDS)).isEmpty();
            assertThat(alice.get(60, TimeUnit.SECONDS)).isEmpty();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(jmx.getLastReloadError()).isNull();
        assertThat(jmx.getRefusalCounts()).containsKey("MAPPING_DENIED");
        assertThat(jmx.getRefusalCounts().get("MAPPING_DENIED")).isPositive();
        assertThat(jmx.getAuthenticatedCount()).isPositive();
        // Usage since the reload: alice's many-to-one mapping logged her in, a weak login.
        assertThat(jmx.getTopMappings()).anySatisfy(line -> assertThat(line).contains("user {Subject.CN}"));
        assertThat(jmx.getWeakMappingHits()).isPositive();
        assertThat(jmx.getNeverHitCount()).isNotNegative();
        assertThat(jmx.getExpiringCertificates()).as("the test certificates are valid for a year").isEmpty();
    }

    /** Requests until stopped (at most 2,000); returns every reply outside {@code allowed}, and any 200 after a refusal. */
    private static List<String> hammer(Issued client, Set<String> allowed, AtomicBoolean stop) {
        List<String> wrong = new ArrayList<>();
        boolean refusedOnce = false;
        for (int n = 0; n < 2_000 && !stop.get(); n++) {
            TestServer.Reply r = server.get(client, "/live/secure/page");
            String seen = r.status() == 200 ? "200 " + r.user() : r.status() + " " + reasonOf(r.body());
            if (!allowed.contains(seen) || (refusedOnce && r.status() == 200)) {
                wrong.add(seen);
            }
            refusedOnce |= r.status() != 200;
        }
        return wrong;
    }

    private static String reasonOf(String body) {
        for (String reason : new String[] {"MAPPING_DENIED", "NO_MAPPING", "CERTIFICATE_REQUIRED"}) {
            if (body.contains(reason)) {
                return reason;
            }
        }
        return "?";
    }

    static String sha256(Issued c) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded()));
    }

    static CertificateMappingMXBean jmx(String context) throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("*:type=CertificateMapping,context=" + context + ",*"), null);
        assertThat(names).hasSize(1);
        return JMX.newMXBeanProxy(server, names.iterator().next(), CertificateMappingMXBean.class);
    }
}
