package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;
import org.certmap.testing.Agreement;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md ("Modules"): {@code explain} is the decision's own evaluation run to the end, so the two
 * can never disagree. Every certificate × path × configuration × source below is decided as a
 * request and explained, and the two must give the same status, reason, user, roles, mapping and
 * HTTP status. The certificates cover each step's failure (untrusted, expired, not yet valid, EKU,
 * keyUsage, Deny, no mapping, template with two values, lacking role) and each way to pass
 * (one-to-one, many-to-one, pinned); the configurations cover a trust store or none, a proxy,
 * validation switched off, and mapping kinds switched off.
 */
class PipelineDifferentialTest {

    private static final Instant NOW = Instant.now();
    private static final List<String> PATHS = List.of("/secure/x", "/admin/x", "/maybe/x", "/public/x", "/elsewhere",
            "/SECURE/../admin/y");

    @TempDir
    static Path dir;

    private static Issued root;
    private static Issued issuing;
    private static Map<String, X509Certificate[]> chains;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.rootCa("CN=Diff Root,O=certmap");
        issuing = TestPki.intermediateCa(root, "CN=Diff Issuing,O=certmap");
        Issued other = TestPki.rootCa("CN=Other Root,O=elsewhere");
        chains = new LinkedHashMap<>();
        chains.put("one-to-one alice", chain(TestPki.client(issuing, "CN=alice,O=Contoso")));
        chains.put("staff bob", chain(TestPki.client(issuing, "CN=bob,OU=Staff,O=Contoso")));
        chains.put("admin carol", chain(TestPki.client(issuing, "CN=carol,OU=Admins,O=Contoso")));
        chains.put("contractor", chain(TestPki.client(issuing, "CN=dan,OU=Contractors,O=Contoso")));
        chains.put("unmapped", chain(TestPki.client(issuing, "CN=eve,O=Elsewhere")));
        chains.put("two CNs", chain(TestPki.cert().subject("CN=x,CN=y,OU=Staff,O=Contoso").issuer(issuing).build()));
        chains.put("untrusted", chain(TestPki.client(other, "CN=mallory,OU=Staff,O=Contoso")));
        chains.put("expired", chain(TestPki.cert().subject("CN=old,OU=Staff,O=Contoso").issuer(issuing)
                .validity(NOW.minusSeconds(3_600 * 20), NOW.minusSeconds(3_600)).build()));
        chains.put("not yet valid", chain(TestPki.cert().subject("CN=new,OU=Staff,O=Contoso").issuer(issuing)
                .validity(NOW.plusSeconds(86_400), NOW.plusSeconds(86_400 * 10)).build()));
        chains.put("server EKU", chain(TestPki.cert().subject("CN=srv,OU=Staff,O=Contoso").issuer(issuing)
                .eku(KeyPurposeId.id_kp_serverAuth).build()));
        chains.put("keyEncipherment only", chain(TestPki.cert().subject("CN=ke,OU=Staff,O=Contoso").issuer(issuing)
                .keyUsage(KeyUsage.keyEncipherment, false).build()));
        chains.put("leaf without intermediate", new X509Certificate[] {
            TestPki.client(issuing, "CN=frank,OU=Staff,O=Contoso").certificate()});
        TestPki.writePem(dir.resolve("ca.pem"), root.certificate());
        TestPki.writePem(dir.resolve("alice.pem"), chains.get("one-to-one alice")[0]);
    }

    private static X509Certificate[] chain(Issued leaf) {
        return new X509Certificate[] {leaf.certificate(), issuing.certificate()};
    }

    private static final String LOCATIONS = """
              <location path="/secure/*" sslFlags="Ssl, SslRequireCert"/>
              <location path="/admin/*" sslFlags="SslRequireCert" roles="admin"/>
              <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
              <location path="/public/*" sslFlags="None"/>
            """;

    private static final String MAPPINGS = """
              <oneToOneMappings>
                <add userName="alice" roles="admin" certificateFile="alice.pem"/>
              </oneToOneMappings>
              <manyToOneMappings>
                <add name="no contractors" permissionMode="Deny">
                  <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Contractors"/></rules>
                </add>
                <add name="admins" userName="{Subject.CN}" roles="admin,staff">
                  <rules>
                    <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Diff Issuing"/>
                    <add certificateField="Subject" certificateSubField="OU" matchCriteria="Admins"/>
                  </rules>
                </add>
                <add name="staff" userName="{Subject.CN}" roles="staff">
                  <rules>
                    <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Diff *"/>
                    <add certificateField="Subject" certificateSubField="OU" matchCriteria="Staff"/>
                  </rules>
                </add>
              </manyToOneMappings>
            """;

    /** The configurations: the root element's attributes and the elements before the locations. */
    private static final Map<String, String> CONFIGURATIONS = Map.of(
            "trust store and proxy", """
                    <certificateMapping reloadInterval="0">
                      <validation trustStore="ca.pem"/>
                      <proxy trustedProxies="127.0.0.1" format="pem"/>
                    """,
            "no trust store", """
                    <certificateMapping reloadInterval="0">
                    """,
            "checks off", """
                    <certificateMapping reloadInterval="0">
                      <validation trustStore="ca.pem" checkValidity="false" requireClientAuthEku="false" requireDigitalSignature="false"/>
                      <proxy trustedProxies="127.0.0.1" format="pem"/>
                    """,
            "one-to-one off", """
                    <certificateMapping reloadInterval="0" oneToOneCertificateMappingsEnabled="false">
                      <validation trustStore="ca.pem"/>
                    """,
            "many-to-one off", """
                    <certificateMapping reloadInterval="0" manyToOneCertificateMappingsEnabled="false">
                      <validation trustStore="ca.pem"/>
                    """,
            "mapping off", """
                    <certificateMapping reloadInterval="0" enabled="false">
                      <validation trustStore="ca.pem"/>
                    """);

    @Test
    void decisionEqualsTheExplanationsDecisionForEveryCase() throws Exception {
        int compared = 0;
        List<String> outcomes = new ArrayList<>();
        for (Map.Entry<String, String> cfg : CONFIGURATIONS.entrySet()) {
            Path file = dir.resolve(cfg.getKey().replace(' ', '-') + ".xml");
            Files.writeString(file, cfg.getValue() + LOCATIONS + MAPPINGS + "</certificateMapping>\n",
                    StandardCharsets.UTF_8);
            try (CertmapEngine engine = CertmapEngine.builder("/diff", file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start()) {
                boolean proxy = cfg.getValue().contains("<proxy");
                for (Map.Entry<String, X509Certificate[]> c : chains.entrySet()) {
                    for (String path : PATHS) {
                        String what = cfg.getKey() + " / " + c.getKey() + " / " + path;
                        Decision tls = engine.decide(FakeRequest.tls(path, c.getValue()), false);
                        Agreement.assertAgree(tls, engine.explain(List.of(c.getValue()), true, path, NOW), what);
                        outcomes.add(tls.status() + " " + tls.reason());
                        compared++;
                        if (proxy) {
                            Decision forwarded = engine.decide(FakeRequest.plain(path).from("127.0.0.1")
                                    .header("SSL_CLIENT_CERT", TestPki.pem(c.getValue()).replace('\n', ' ').strip()),
                                    false);
                            Agreement.assertAgree(forwarded, engine.explain(List.of(c.getValue()), false, path, NOW),
                                    what + " (forwarded)");
                            compared++;
                        }
                    }
                    // Without a path: as for a path that requires a certificate (mandatory, e.g. a web.xml constraint).
                    Decision mandatory = engine.decide(FakeRequest.tls("/elsewhere", c.getValue()), true);
                    Agreement.assertAgree(mandatory, engine.explain(List.of(c.getValue()), true, null, NOW),
                            cfg.getKey() + " / " + c.getKey() + " / mandatory");
                    compared++;
                }
                for (String path : PATHS) {
                    Agreement.assertAgree(engine.decide(FakeRequest.tls(path), false),
                            engine.explain(List.of(), true, path, NOW), cfg.getKey() + " / no certificate / " + path);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
        // The cases really reach every step's outcome, so that agreement means something.
        assertThat(outcomes).contains("AUTHENTICATED null", "NOT_COVERED null", "ANONYMOUS null",
                "REFUSED CERTIFICATE_UNTRUSTED", "REFUSED CERTIFICATE_EXPIRED", "REFUSED CERTIFICATE_USAGE",
                "REFUSED MAPPING_DENIED", "REFUSED NO_MAPPING", "REFUSED ROLE_REQUIRED", "ANONYMOUS NO_MAPPING",
                "ANONYMOUS CERTIFICATE_EXPIRED");
    }

    @Test
    void explainingRunsEveryStepInOrderAndDecidingRecordsOnlyTheFailure() throws Exception {
        Path file = dir.resolve("order.xml");
        Files.writeString(file, CONFIGURATIONS.get("trust store and proxy") + LOCATIONS + MAPPINGS
                + "</certificateMapping>\n", StandardCharsets.UTF_8);
        try (CertmapEngine engine = CertmapEngine.builder("/diff", file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start()) {
            Explanation x = engine.explain(List.of(chains.get("expired")), true, "/admin/x", NOW);
            List<String> subjects = x.checks().stream().map(Check::subject).toList();
            assertThat(subjects.subList(0, 5)).containsExactly("location", "trust", "dates", "usage", "revocation");
            assertThat(subjects).contains("oneToOne", "mapping \"staff\"", "mapping", "decision");
            assertThat(x.because().subject()).as(x.checks().toString()).isEqualTo("dates");
            assertThat(x.because().code()).isEqualTo("check.dates.expired");
            assertThat(x.checks().stream().filter(c -> c.subject().equals("revocation")).findFirst().orElseThrow()
                    .detail()).isEqualTo("not asked: the certificate did not pass validation");
            assertThat(x.decision().mapping()).as("a certificate refused by validation names no mapping").isNull();
        }
        Findings deciding = Findings.forDecision();
        deciding.passed("trust", "check.trust.connector");
        deciding.fail("dates", Reason.CERTIFICATE_EXPIRED, "check.dates.off");
        deciding.fail("usage", Reason.CERTIFICATE_USAGE, "check.usage.off");
        assertThat(deciding.checks()).isEmpty();
        assertThat(deciding.stopped()).isTrue();
        assertThat(deciding.reason()).as("the first failure is the reason").isEqualTo(Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void everyCheckCodeIsInTheCatalog() throws Exception {
        Path file = dir.resolve("catalog.xml");
        Files.writeString(file, CONFIGURATIONS.get("trust store and proxy") + LOCATIONS + MAPPINGS
                + "</certificateMapping>\n", StandardCharsets.UTF_8);
        try (CertmapEngine engine = CertmapEngine.builder("/diff", file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start()) {
            for (X509Certificate[] c : chains.values()) {
                for (String path : PATHS) {
                    for (Check check : engine.explain(List.of(c), false, path, NOW).checks()) {
                        assertThat(MessagesTest.inCatalog(check.code())).as(check.code()).isTrue();
                        assertThat(check.detail()).as(check.code()).doesNotContain("check.").doesNotContain("phrase.")
                                .doesNotContainPattern("\\{[0-9]");
                    }
                }
            }
        }
    }
}
