package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MapCommandTest {

    static TestPki.Issued ca;
    static TestPki.Issued alice;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        ca = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
        alice = TestPki.client(ca, "CN=alice,OU=Staff,O=Contoso");
    }

    private Path pem(TestPki.Issued c, String name) {
        return TestPki.writePem(dir.resolve(name), c.certificate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"certificate", "sha256", "spki"})
    void mapWhenFileMissingThenCreatesItAndExplainMaps(String key) throws Exception {
        Path config = dir.resolve("certmap.xml");
        Cli.Result r = Cli.exec("map", "--config", config.toString(), "--user", "alice", "--roles", "staff,admin",
                "--key", key, pem(alice, "alice.pem").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("user        alice", "sha256      ", "subject     CN=alice,OU=Staff,O=Contoso",
                "a new file");
        assertThat(r.err()).contains("no <location>");
        Cli.Result e = Cli.exec("explain", "--config", config.toString(), pem(alice, "alice.pem").toString());
        assertThat(e.out()).as(e.toString()).contains("MAPS to user alice");
        assertThat(e.exit()).isZero();
    }

    @Test
    void mapWhenIssuerSerialKeyAndNoTrustStoreThenRefusedAndFileUnchanged() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Cli.Result r = Cli.exec("map", "--config", config.toString(), "--user", "alice", "--key", "issuer-serial",
                pem(alice, "alice.pem").toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("needs <validation trustStore>");
        assertThat(config).doesNotExist();
    }

    @Test
    void mapWhenIssuerSerialKeyAndTrustStoreThenExplainMaps() throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <validation trustStore=\"ca.pem\"/>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("map", "--config", config.toString(), "--user", "alice", "--key", "issuer-serial",
                pem(alice, "alice.pem").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Cli.Result e = Cli.exec("explain", "--config", config.toString(), pem(alice, "alice.pem").toString());
        assertThat(e.out()).as(e.toString()).contains("MAPS to user alice");
    }

    @Test
    void mapWhenFileExistsThenOnlyTheNewLineIsAdded() throws Exception {
        String before = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                + "<!-- keep me, even </oneToOneMappings> in a comment -->\r\n"
                + "<certificateMapping   reloadInterval=\"1s\">\r\n"
                + "\t<location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>\r\n"
                + "\t<oneToOneMappings>\r\n"
                + "\t\t<add userName=\"bob\"   sha256=\"" + "ab".repeat(32) + "\"/>\r\n"
                + "\t</oneToOneMappings>\r\n"
                + "</certificateMapping>\r\n";
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, before);
        Cli.Result r = Cli.exec("map", "--config", config.toString(), "--user", "alice", pem(alice, "a.pem").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(line 7)");
        String after = Files.readString(config);
        String added = "\t\t<add userName=\"alice\" certificate=\""
                + Base64.getEncoder().encodeToString(alice.certificate().getEncoded()) + "\"/>\r\n";
        int at = before.indexOf("\t</oneToOneMappings>");
        assertThat(after).isEqualTo(before.substring(0, at) + added + before.substring(at));
    }

    @Test
    void mapWhenNoOneToOneListThenAddsOneBeforeTheRootEnd() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <location path=\"/secure/*\" sslFlags=\"SslRequireCert\"/>\n"
                + "</certificateMapping>\n");
        assertThat(Cli.exec("map", "-c", config.toString(), "-u", "alice", "-k", "sha256",
                pem(alice, "a.pem").toString()).exit()).isZero();
        assertThat(Files.readString(config)).isEqualTo("<certificateMapping>\n"
                + "  <location path=\"/secure/*\" sslFlags=\"SslRequireCert\"/>\n  <oneToOneMappings>\n"
                + "    <add userName=\"alice\" sha256=\"" + new org.certmap.engine.mapping.CertificateFacts(alice.certificate())
                .sha256Hex() + "\"/>\n  </oneToOneMappings>\n</certificateMapping>\n");

        Files.writeString(config, "<certificateMapping><oneToOneMappings/></certificateMapping>");
        assertThat(Cli.exec("map", "-c", config.toString(), "-u", "alice", pem(alice, "a.pem").toString()).exit()).isZero();
        assertThat(Files.readString(config)).startsWith("<certificateMapping><oneToOneMappings>\n  <add userName=\"alice\"");
    }

    @Test
    void mapWhenKeyAlreadyMappedThenRefusesAndLeavesTheFile() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Cli.exec("map", "-c", config.toString(), "-u", "alice", pem(alice, "a.pem").toString());
        String before = Files.readString(config);
        Cli.Result r = Cli.exec("map", "-c", config.toString(), "-u", "mallory", "-k", "sha256",
                pem(alice, "a.pem").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not changed", "already mapped to user alice", config.getFileName().toString())
                .doesNotContain(".tmp");
        assertThat(Files.readString(config)).isEqualTo(before);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void mapWhenOtherKeyKindMatchesThenWarnsOfTheOverlap() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Cli.exec("map", "-c", config.toString(), "-u", "alice", pem(alice, "a.pem").toString());
        Cli.Result r = Cli.exec("map", "-c", config.toString(), "-u", "alice-key", "-k", "spki", pem(alice, "a.pem").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("2 one-to-one entries match this certificate", "user alice by certificate");
    }

    @Test
    void mapWhenPastedOnStandardInputInAnyShapeThenMaps() throws Exception {
        String oneLine = Base64.getEncoder().encodeToString(alice.certificate().getEncoded());
        String[] shapes = {
            oneLine,
            "\uFEFF" + oneLine + "\r\n",
            oneLine.replaceAll("(.{64})", "$1\r\n"),
            "  " + oneLine.replaceAll("(.{50})", "$1 \t "),
            alice.pem().replace("\n", "\r\n"),
            "garbage before\n" + alice.pem() + "garbage after",
        };
        for (int i = 0; i < shapes.length; i++) {
            Path config = dir.resolve("shape" + i + ".xml");
            Cli.Result r = Cli.cli().stdin(shapes[i]).run("map", "-c", config.toString(), "-u", "alice" + i, "-");
            assertThat(r.exit()).as("shape " + i + ": " + r).isZero();
            assertThat(Cli.exec("explain", "-c", config.toString(), pem(alice, "a.pem").toString()).out())
                    .contains("MAPS to user alice" + i);
        }
        Cli.Result der = Cli.cli().stdin(alice.certificate().getEncoded()).run("map", "-c",
                dir.resolve("der.xml").toString(), "-u", "alice", "-");
        assertThat(der.exit()).as(der.toString()).isZero();
        Cli.Result bad = Cli.cli().stdin(oneLine.substring(0, 100) + "!").run("map", "-c", dir.resolve("bad.xml").toString(),
                "-u", "x", "-");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("standard input", "not base64").doesNotContain(oneLine.substring(0, 100));
        assertThat(dir.resolve("bad.xml")).doesNotExist();
        assertThat(Cli.cli().stdin("").run("map", "-c", dir.resolve("e.xml").toString(), "-u", "x", "-").err())
                .contains("empty");
    }

    @Test
    void mapWhenPkcs12ThenPasswordFromOptionOrEnvironment() throws Exception {
        Path p12 = alice.writePkcs12(dir.resolve("alice.pfx"), "p12-secret".toCharArray());
        Path config = dir.resolve("certmap.xml");
        Cli.Result noPassword = Cli.exec("map", "-c", config.toString(), "-u", "alice", p12.toString());
        assertThat(noPassword.exit()).isEqualTo(2);
        assertThat(noPassword.err()).contains("--password", "CERTMAP_PASSWORD");
        Cli.Result wrong = Cli.exec("map", "-c", config.toString(), "-u", "alice", "--password", "nope", p12.toString());
        assertThat(wrong.err()).contains("wrong password").doesNotContain("nope");
        Cli.Result env = Cli.cli().env(Map.of("CERTMAP_PASSWORD", "p12-secret")).run("map", "-c", config.toString(),
                "-u", "alice", p12.toString());
        assertThat(env.exit()).as(env.toString()).isZero();
        assertThat(env.all()).doesNotContain("p12-secret");
        assertThat(Files.readString(config, StandardCharsets.UTF_8)).doesNotContain("p12-secret");
    }

    @Test
    void mapWhenArgumentsAreWrongThenExitTwo() throws Exception {
        Path config = dir.resolve("certmap.xml");
        assertThat(Cli.exec("map", "-c", config.toString(), "-u", "a", dir.resolve("missing.cer").toString()).err())
                .contains("no such file");
        assertThat(Cli.exec("map", "-c", config.toString(), "-u", "a", "-k", "thumbprint", pem(alice, "a.pem").toString())
                .exit()).isEqualTo(2);
        assertThat(Cli.exec("map", "-c", config.toString(), pem(alice, "a.pem").toString()).exit()).isEqualTo(2);
        Files.writeString(config, "<configuration/>");
        Cli.Result wrongRoot = Cli.exec("map", "-c", config.toString(), "-u", "a", pem(alice, "a.pem").toString());
        assertThat(wrongRoot.exit()).isEqualTo(2);
        assertThat(wrongRoot.err()).contains("<configuration>");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
        assertThat(Cli.exec("map", "-c", dir.resolve("k.xml").toString(), "-u", "a", key.toString()).err())
                .contains("private key");
    }

    @Test
    void directoryValueWhenAskedThenPrintsAdsStrongFormsWithTheSerialReversed() throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso CA,DC=contoso,DC=com");
        TestPki.Issued c = TestPki.cert().subject("CN=alice").issuer(ca)
                .serial(new java.math.BigInteger("2B0000000011AC0000000012", 16)).build();
        java.nio.file.Path pem = TestPki.writePem(dir.resolve("alice.pem"), c.certificate());
        Cli.Result r = Cli.exec("map", "--directory-value", pem.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        // KB5014754's example: serial 2B0000000011AC0000000012 is stored byte-reversed.
        assertThat(r.out()).contains("X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>1200000000AC11000000002B",
                "X509:<SKI>", "X509:<SHA1-PUKEY>", "Set-ADUser USER -Add @{altSecurityIdentities='X509:<I>");
        Cli.Result missing = Cli.exec("map", pem.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("map needs --config FILE and --user NAME");
    }
}
