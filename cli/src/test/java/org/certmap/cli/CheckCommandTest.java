package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void checkWhenValidThenListsStrengthCoverageAndLocations() throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, String.join("\n",
                "<certificateMapping>",
                "  <validation trustStore=\"ca.pem\"/>",
                "  <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>",
                "  <location path=\"/secure/admin/*\" roles=\"admin\"/>",
                "  <location path=\"/reports/*\" roles=\"auditor\"/>",
                "  <oneToOneMappings>",
                "    <add userName=\"jdoe\" roles=\"admin\" sha256=\"" + "ab".repeat(32) + "\"/>",
                "    <add userName=\"bot\" spkiSha256=\"" + "cd".repeat(32) + "\" enabled=\"false\"/>",
                "  </oneToOneMappings>",
                "  <manyToOneMappings>",
                "    <add name=\"no contractors\" permissionMode=\"Deny\"><rules>",
                "      <add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Contractors\" compareCaseSensitive=\"false\"/>",
                "    </rules></add>",
                "    <add name=\"staff\" userName=\"{Subject.CN}\" roles=\"staff\"><rules>",
                "      <add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Root CA\"/>",
                "      <add certificateField=\"Subject\" certificateSubField=\"O\" matchCriteria=\"Contoso*\"/>",
                "    </rules></add>",
                "  </manyToOneMappings>",
                "</certificateMapping>", ""));
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(
                "locations (3)", "/secure/admin/*", "one of roles admin",
                "one-to-one mappings (2)", "1 sha256, 1 spkiSha256", "strong: whole certificate",
                "strong: public key", "DISABLED",
                "weak (certificate names; Microsoft KB5014754",
                "covers certificates whose Subject.OU is \"Contractors\" (ignoring case)",
                "Allow as {Subject.CN} with roles staff",
                "covers certificates whose Issuer.CN is \"Contoso Root CA\" and Subject.O matches \"Contoso*\"",
                "needs role auditor, which no mapping in this file gives",
                "changed in this release: protectDispatches is on by default",
                "changed in this release: showReason is local by default",
                "valid, with 3 warning(s)");
        Files.writeString(config, Files.readString(config).replace("<certificateMapping>",
                "<certificateMapping protectDispatches=\"true\" showReason=\"local\">"));
        assertThat(Cli.exec("check", "--config", config.toString()).out()).doesNotContain("protectDispatches is on")
                .doesNotContain("showReason is local").contains("valid, with 1 warning(s)");
        assertThat(Cli.exec("check", "--config", config.toString(), "--fail-on-warnings").exit()).isEqualTo(1);
    }

    @Test
    void checkWhenCertificateAlsoMatchedByIssuerSerialThenWarnsOfOverlap() throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
        TestPki.Issued alice = TestPki.client(ca, "CN=alice");
        TestPki.writePem(dir.resolve("alice.pem"), alice.certificate());
        Path config = dir.resolve("certmap.xml");
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Files.writeString(config, "<certificateMapping><validation trustStore=\"ca.pem\"/><oneToOneMappings>\n"
                + "<add userName=\"alice\" certificateFile=\"alice.pem\"/>\n"
                + "<add userName=\"other\" issuer=\"CN=Contoso Root CA,O=Contoso\" serialNumber=\""
                + alice.certificate().getSerialNumber().toString(16) + "\"/>\n"
                + "<add userName=\"x\" certificate=\"" + Base64.getEncoder().encodeToString(
                        TestPki.client(ca, "CN=x").certificate().getEncoded()) + "\"/>\n"
                + "</oneToOneMappings></certificateMapping>");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains(":2: the certificate of user alice is also matched by line 3 (user other,"
                + " issuer+serialNumber); the strongest enabled key wins: user alice");
    }

    @Test
    void checkWhenTrustStoreHasRootAndIntermediateThenListsRolesAndSaysWhatChanged() throws Exception {
        TestPki.Issued root = TestPki.rootCa("CN=Contoso Root,O=Contoso");
        TestPki.Issued issuing = TestPki.intermediateCa(root, "CN=Contoso Issuing CA 1,O=Contoso");
        TestPki.writePem(dir.resolve("store.pem"), root.certificate(), issuing.certificate());
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n<validation trustStore=\"store.pem\"/>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("anchor        CN=Contoso Root,O=Contoso",
                "intermediate  CN=Contoso Issuing CA 1,O=Contoso (under CN=Contoso Root,O=Contoso)",
                "changed in this release: CN=Contoso Issuing CA 1,O=Contoso in the trust store is now an intermediate");
    }

    @Test
    void checkWhenBroadOrBrokenThenExitTwoWithPlace() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n<manyToOneMappings>\n"
                + "  <add name=\"everyone\" userName=\"guest\"/>\n</manyToOneMappings>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":3:", "broad");
        Files.writeString(config, "<certificateMapping>\n<location path=\"/a/*\"\n</certificateMapping>");
        assertThat(Cli.exec("check", "--config", config.toString()).err()).contains(":3:");
    }

    @Test
    void checkWhenIisSectionPastedThenBroadIsAWarningAndDisabledIsSaid() throws Exception {
        Path config = dir.resolve("section.xml");
        Files.writeString(config, "<iisClientCertificateMappingAuthentication>\n<manyToOneMappings>\n"
                + "  <add name=\"everyone\" userName=\"guest\" password=\"[enc:AesProvider:abc:enc]\"/>\n"
                + "</manyToOneMappings>\n</iisClientCertificateMappingAuthentication>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DISABLED", "is broad", "dropped 1 IIS password", "covers every certificate (no rules)")
                .doesNotContain("[enc:");
    }

    @Test
    void checkWhenIpv6ProxyRangeCoversIpv4ThenExitTwoSayingTheRuleIsNew() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <proxy format=\"pem\" trustedProxies=\"::/64\"/>\n"
                + "</certificateMapping>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":2:", "\"::/64\"",
                "covers the IPv4-mapped range ::ffff:0:0/96", "new in this release");
        assertThat(r.out()).doesNotContain("valid");
    }

    @Test
    void checkWhenLocationsDifferOnlyInCaseThenExitTwoNamingBothLines() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <location path=\"/secure/*\" sslFlags=\"SslRequireCert\"/>\n"
                + "  <location path=\"/Secure/*\" sslFlags=\"None\"/>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":3:", "\"/Secure/*\" (line 3)", "\"/secure/*\" (line 2)",
                "differ only in case", "new in this release");
    }

    @Test
    void checkWhenXIncludeOrTextInAnElementThenExitTwoInCertmapWords() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                + " href=\"more.xml\"/>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":2:", "<include>", "XInclude is not supported")
                .doesNotContain("cvc-");
        Files.writeString(config, "<certificateMapping>\n  <location path=\"/a/*\">\n    SslRequireCert\n  </location>\n"
                + "</certificateMapping>\n");
        r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":3:5: text is not allowed inside <location>")
                .doesNotContain("information item");
        Files.writeString(config, "<certificateMapping>\n  <location path=\"/a/*\" sslFlags=\"SslRequireCert\">\n"
                + "  </location>\n</certificateMapping>\n");
        assertThat(Cli.exec("check", "--config", config.toString()).exit()).as("whitespace only").isZero();
    }

    @Test
    void checkWhenTestDirectoryThenBindsAndSearchesOnceOrWarnsWhyNot() throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        org.certmap.engine.directory.Slapd slapd = org.certmap.engine.directory.Slapd.start(dir.resolve("slapd"));
        try {
            Path config = dir.resolve("certmap.xml");
            String file = "<certificateMapping>\n  <validation trustStore=\"ca.pem\"/>\n  <directory url=\"URL\" baseDn=\""
                    + org.certmap.engine.directory.Slapd.SUFFIX + "\" bindDn=\"" + org.certmap.engine.directory.Slapd.SERVICE_DN
                    + "\" bindPassword=\"PASSWORD\" timeout=\"1s\"/>\n</certificateMapping>\n";
            Files.writeString(config, file.replace("URL", slapd.url())
                    .replace("PASSWORD", org.certmap.engine.directory.Slapd.SERVICE_PW));
            Cli.Result ok = Cli.exec("check", "--config", config.toString(), "--test-directory");
            assertThat(ok.exit()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains("directory   [" + slapd.url() + "]", "bind " + org.certmap.engine.directory.Slapd.SERVICE_DN,
                    "bind and search under " + org.certmap.engine.directory.Slapd.SUFFIX + " answered by " + slapd.url())
                    .doesNotContain(org.certmap.engine.directory.Slapd.SERVICE_PW);
            Files.writeString(config, file.replace("URL", slapd.url()).replace("PASSWORD", "wrong"));
            Cli.Result bad = Cli.exec("check", "--config", config.toString(), "--test-directory");
            assertThat(bad.out()).contains("NO SERVER ANSWERED").contains("bind refused");
            assertThat(bad.out()).contains("<directory>: NO SERVER ANSWERED").contains("valid, with 3 warning(s)");
        } finally {
            slapd.stop();
        }
    }

    /**
     * The whole of check's output for a file with every kind of one-to-one entry (entries over
     * several lines, one certificate matched by three keys, a certificateFile named through
     * {@code ..}), pinned when the inventory moved from a second StAX reading of the file to the
     * engine's one load (issue 13.3).
     */
    @Test
    void checkWhenEveryKindOfOneToOneEntryThenPrintsTheInventoryExactly() throws Exception {
        TestPki.Issued ca = TestPki.cert().subject("CN=Contoso Root CA,O=Contoso").ca(-1)
                .serial(java.math.BigInteger.ONE).build();
        TestPki.Issued alice = TestPki.cert().subject("CN=alice").issuer(ca).serial(java.math.BigInteger.valueOf(0xa1)).build();
        TestPki.Issued bob = TestPki.cert().subject("CN=bob").issuer(ca).serial(java.math.BigInteger.valueOf(0xb0)).build();
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Files.createDirectories(dir.resolve("certs"));
        TestPki.writePem(dir.resolve("certs/alice.pem"), alice.certificate());
        String spki = Base64.getEncoder().encodeToString(org.certmap.engine.mapping.CertificateFacts.sha256(
                alice.certificate().getPublicKey().getEncoded()));
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, String.join("\n",
                "<certificateMapping showReason = \"local\" protectDispatches=\"true\">",
                "  <validation trustStore=\"ca.pem\"/>",
                "  <oneToOneMappings>",
                "    <add userName=\"alice\"",
                "         certificateFile=\"./certs/../certs/alice.pem\"",
                "         roles=\"staff, admin\"/>",
                "    <add userName=\"alice-serial\" issuer=\"CN=Contoso Root CA,O=Contoso\" serialNumber=\"A1\" enabled=\"false\"/>",
                "    <add userName=\"alice-key\" spkiSha256=\"" + spki + "\" roles=\"pinned\"/>",
                "    <add userName=\"bob\" certificate=\"" + Base64.getEncoder().encodeToString(bob.certificate().getEncoded())
                        + "\"/>",
                "    <add userName=\" bot \" sha256=\"" + "ab".repeat(32) + "\"/>",
                "  </oneToOneMappings>",
                "</certificateMapping>", ""));
        Cli.Result r = Cli.exec("check", "--config", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        String out = r.out().replace(dir.toAbsolutePath().toString(), "$DIR").replaceAll(" \\(\\d+\\.\\d+ s\\)", "");
        assertThat(out).isEqualTo(String.join("\n",
                "$DIR/certmap.xml: loads",
                "  mapping     enabled",
                "  trust       <validation trustStore>: certificates must chain to it",
                "              anchor        CN=Contoso Root CA,O=Contoso",
                "  proxy       none: certificates come from TLS only",
                "  reload      every 5s",
                "",
                "locations (0): none, so certmap decides only where a web.xml CLIENT-CERT constraint applies",
                "",
                "one-to-one mappings (5): strong (one certificate or one key each); 1 disabled",
                "  by key: 1 certificate, 1 certificateFile, 1 sha256, 1 issuer+serialNumber, 1 spkiSha256",
                "  line 6     alice                certificateFile      strong: whole certificate, roles staff admin",
                "  line 7     alice-serial         issuer+serialNumber  strong: issuer + serial, DISABLED",
                "  line 8     alice-key            spkiSha256           strong: public key (survives renewal), roles pinned",
                "  line 9     bob                  certificate          strong: whole certificate",
                "  line 10    bot                  sha256               strong: whole certificate",
                "",
                "many-to-one mappings (0)",
                "",
                "warnings (1)",
                "  $DIR/certmap.xml:6: the certificate of user alice is also matched by line 7 (user alice-serial,"
                        + " issuer+serialNumber) line 8 (user alice-key, spkiSha256); the strongest enabled key wins:"
                        + " user alice (line 6). Remove the entries you do not mean.",
                "",
                "valid, with 1 warning(s)", ""));
    }

    /**
     * Whether a file sets an attribute whose default changed is the root's attribute as the
     * loader read it, not a search of the text: a comment that names it sets nothing, and
     * {@code showReason = "local"} (spaces around {@code =}, as XML allows) sets it.
     */
    @Test
    void checkWhenChangedDefaultOnlyNamedInACommentThenStillWarns() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n  <!-- showReason=\"true\" until the proxy moves -->\n"
                + "</certificateMapping>\n");
        assertThat(Cli.exec("check", "--config", config.toString()).out())
                .contains("changed in this release: showReason is local by default");
    }

    @Test
    void helpWhenTestDirectoryThenNamesTheEnvSyntaxLiterally() {
        // picocli expands ${...} in descriptions: an unescaped ${env:...} printed "from null".
        Cli.Result help = Cli.exec("check", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("the bind password from ${env:...} must be set here too")
                .doesNotContain("from null");
    }
}
