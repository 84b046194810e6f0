package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.certmap.cli.pki.DemoPki;
import org.certmap.engine.config.CertificateReader;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.SanType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {

    @TempDir
    static Path shared;

    static Path demo;

    @BeforeAll
    static void makeDemo() {
        demo = shared.resolve("demo");
        Cli.Result r = Cli.exec("pki", "demo", demo.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("WARNING", "\"changeit\"");
    }

    @Test
    void demoWhenExplainedThenEachScenarioDecidesAsItsNameSays() {
        String config = demo.resolve("certmap.xml").toString();
        Map<String, String> expected = Map.of(
                "alice", "MAPS to user alice", "bob", "MAPS to user staff", "carol", "REFUSED MAPPING_DENIED",
                "dave", "REFUSED NO_MAPPING", "erin", "REFUSED CERTIFICATE_EXPIRED");
        expected.forEach((name, decision) -> {
            Cli.Result r = Cli.exec("explain", "--config", config, "--path", "/secure/x",
                    demo.resolve("clients/" + name + ".pem").toString());
            assertThat(r.out()).as(name).contains("decision: " + decision);
            assertThat(r.exit()).as(name).isEqualTo(decision.startsWith("MAPS") ? 0 : 1);
        });
        Cli.Result admin = Cli.exec("explain", "--config", config, "--path", "/secure/admin/",
                demo.resolve("clients/bob.pem").toString());
        assertThat(admin.out()).contains("REFUSED ROLE_REQUIRED");
    }

    @Test
    void demoWhenReadThenFilesAreWhereTheLauncherExpectsThem() throws Exception {
        assertThat(demo.resolve("ca.pem")).exists();
        assertThat(demo.resolve("server.p12")).exists();
        assertThat(demo.resolve("truststore.p12")).exists();
        for (DemoPki.Scenario s : DemoPki.Scenario.values()) {
            assertThat(demo.resolve("clients/" + s.fileName() + ".p12")).exists();
            assertThat(demo.resolve("clients/" + s.fileName() + ".key")).exists();
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(demo.resolve("server.p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        X509Certificate server = (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
        assertThat(CertificateNames.of(server).subjectAltNames(SanType.DNS)).containsExactly("localhost");
        assertThat(CertificateNames.of(server).subjectAltNames(SanType.IP)).contains("127.0.0.1");
        assertThat(Cli.exec("pki", "demo", demo.toString()).exit()).as("refuses to replace a demo").isEqualTo(2);
    }

    @Test
    void loadWhenDemoExistsThenSameCertificatesAndFilesAsMade(@TempDir Path empty) throws Exception {
        DemoPki loaded = DemoPki.load(demo, "changeit".toCharArray());
        assertThat(loaded.ca().certificate()).isEqualTo(CertificateReader.fromFile(demo.resolve("ca.pem")).get(0));
        assertThat(loaded.server().issuers()).containsExactly(loaded.ca().certificate());
        for (DemoPki.Scenario s : DemoPki.Scenario.values()) {
            DemoPki.Client c = loaded.client(s);
            assertThat(c.issued().certificate()).isEqualTo(
                    CertificateReader.fromFile(demo.resolve("clients/" + s.fileName() + ".pem")).get(0));
            assertThat(c.files().pkcs12()).exists();
            assertThat(c.issued().privateKey()).isNotNull();
        }
        assertThat(loaded.mappingFile()).isEqualTo(demo.resolve("certmap.xml"));
        assertThat(DemoPki.load(empty, "changeit".toCharArray())).isNull();
    }

    @Test
    void clientWhenNamesAndSansGivenThenTheEngineReadsThemBack(@TempDir Path dir) throws Exception {
        Cli env = Cli.cli().env(Map.of("CERTMAP_PASSWORD", "s3cret-env"));
        assertThat(env.run("pki", "ca", "--out", dir.toString(), "--subject", "CN=Contoso Root CA,O=Contoso",
                "--key-type", "rsa").exit()).isZero();
        assertThat(env.run("pki", "intermediate", "--out", dir.toString(), "--issuer", dir.resolve("ca").toString(),
                "--subject", "CN=Contoso Issuing CA 1,O=Contoso").exit()).isZero();
        Cli.Result r = env.run("pki", "client", "--out", dir.toString(), "--issuer", dir.resolve("intermediate").toString(),
                "--subject", "CN=John Doe,OU=Staff,O=Contoso,E=jdoe@contoso.example", "--email", "jdoe@contoso.example",
                "--upn", "jdoe@contoso.example", "--dns", "jdoe.contoso.example", "--ip", "10.0.0.7",
                "--uri", "urn:contoso:jdoe");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("changeit").doesNotContain("s3cret-env");
        assertThat(r.out()).contains("subject     CN=John Doe,OU=Staff,O=Contoso");

        X509Certificate c = CertificateReader.fromFile(dir.resolve("john-doe.pem")).get(0);
        CertificateNames n = CertificateNames.of(c);
        assertThat(n.subject().values("2.5.4.11")).containsExactly("Staff");
        assertThat(n.subject().values("1.2.840.113549.1.9.1")).containsExactly("jdoe@contoso.example");
        assertThat(n.issuer().values("2.5.4.3")).containsExactly("Contoso Issuing CA 1");
        assertThat(n.subjectAltNames(SanType.UPN)).containsExactly("jdoe@contoso.example");
        assertThat(n.subjectAltNames(SanType.EMAIL)).containsExactly("jdoe@contoso.example");
        assertThat(n.subjectAltNames(SanType.IP)).containsExactly("10.0.0.7");
        assertThat(n.subjectAltNames(SanType.URI)).containsExactly("urn:contoso:jdoe");
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(CertificateReader.fromFile(dir.resolve("john-doe-chain.pem"))).hasSize(3);

        // The .p12 opens with the password from CERTMAP_PASSWORD and chains to the root via the intermediate.
        Files.writeString(dir.resolve("m.xml"), "<certificateMapping><validation trustStore=\"ca.pem\"/>"
                + "<manyToOneMappings><add name=\"staff\" userName=\"{Subject.CN}\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Issuing CA 1\"/>"
                + "</rules></add></manyToOneMappings></certificateMapping>");
        Cli.Result e = env.run("explain", "--config", dir.resolve("m.xml").toString(), dir.resolve("john-doe.p12").toString());
        assertThat(e.out()).as(e.toString()).contains("MAPS to user John Doe");
        assertThat(e.exit()).isZero();
    }

    @Test
    void clientWhenNotAfterInThePastThenExplainSaysExpired(@TempDir Path dir) throws Exception {
        Cli.exec("pki", "ca", "--out", dir.toString());
        Cli.Result r = Cli.exec("pki", "client", "--out", dir.toString(), "--issuer", dir.resolve("ca").toString(),
                "--subject", "CN=old", "--not-before", "2024-01-01", "--not-after", "2024-06-30", "--eku", "serverAuth",
                "--name", "old");
        assertThat(r.exit()).as(r.toString()).isZero();
        Files.writeString(dir.resolve("m.xml"), "<certificateMapping><validation trustStore=\"ca.pem\"/></certificateMapping>");
        Cli.Result e = Cli.exec("explain", "--config", dir.resolve("m.xml").toString(), dir.resolve("old.pem").toString());
        assertThat(e.out()).contains("REFUSED CERTIFICATE_EXPIRED", "FAILED      usage:");
        Cli.Result inside = Cli.exec("explain", "--config", dir.resolve("m.xml").toString(), "--at", "2024-03-01",
                dir.resolve("old.pem").toString());
        assertThat(inside.out()).contains("REFUSED CERTIFICATE_USAGE");
    }

    @Test
    void pkiWhenArgumentsAreWrongThenExitTwoWithoutStackTrace(@TempDir Path dir) {
        Cli.Result noIssuer = Cli.exec("pki", "client", "--out", dir.toString(), "--subject", "CN=x");
        assertThat(noIssuer.exit()).isEqualTo(2);
        assertThat(noIssuer.err()).contains("--issuer").doesNotContain("Exception");
        Cli.exec("pki", "ca", "--out", dir.toString());
        Cli.Result noSubject = Cli.exec("pki", "client", "--out", dir.toString(), "--issuer", dir.resolve("ca").toString());
        assertThat(noSubject.exit()).isEqualTo(2);
        assertThat(noSubject.err()).contains("--subject");
        Cli.Result badName = Cli.exec("pki", "client", "--out", dir.toString(), "--issuer", dir.resolve("ca").toString(),
                "--subject", "not a name");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("RFC 4514");
        Cli.Result again = Cli.exec("pki", "ca", "--out", dir.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists", "--force");
        assertThat(Cli.exec("pki", "ca", "--out", dir.toString(), "--key-type", "dsa").err()).contains("unknown key type");
        assertThat(Cli.exec("pki").exit()).isEqualTo(2);
    }
}
