package org.certmap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.testing.TestPki;

/**
 * A mapping file with every kind of mapping, comments, odd spacing, a multi-line start tag and
 * CRLF line endings, for list, unmap, disable and enable. Lines (as the loader reports them):
 * alice 8, alice's phone 9, bob 10, carol 11, dave 12, the shared "staff" key 13, "no contractors"
 * 16, "contoso staff" 21 (its start tag spans 20-21), "old partners" 27.
 */
final class MappingFixture {

    static final TestPki.Issued CA = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
    static final TestPki.Issued ALICE = TestPki.client(CA, "CN=alice,OU=Staff,O=Contoso");
    static final TestPki.Issued ALICE_PHONE = TestPki.client(CA, "CN=alice phone,OU=Staff,O=Contoso");
    static final TestPki.Issued BOB = TestPki.client(CA, "CN=bob,OU=Staff,O=Contoso");
    static final TestPki.Issued CAROL = TestPki.client(CA, "CN=carol,OU=Staff,O=Contoso");
    static final TestPki.Issued DAVE = TestPki.client(CA, "CN=dave,OU=Staff,O=Contoso");
    static final TestPki.Issued KIOSK = TestPki.client(CA, "CN=kiosk,OU=Staff,O=Contoso");

    final Path dir;
    final Path config;
    final String text;

    MappingFixture(Path dir) throws Exception {
        this.dir = dir;
        TestPki.writePem(dir.resolve("ca.pem"), CA.certificate());
        TestPki.writePem(dir.resolve("dave.pem"), DAVE.certificate());
        this.config = dir.resolve("certmap.xml");
        this.text = String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<!-- team file: keep this comment, even <add userName=\"alice\"/> in it -->",
                "<certificateMapping reloadInterval=\"5s\">",
                "  <validation trustStore=\"ca.pem\"/>",
                "  <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>",
                "  <oneToOneMappings>",
                "    <!-- alice's laptop, ticket 42 -->",
                "    <add userName=\"alice\" roles=\"admin staff\" certificate=\"" + base64(ALICE) + "\"/>",
                "\t<add  userName='alice'   sha256=\"" + colons(sha256(ALICE_PHONE)) + "\"  enabled=\"false\" />",
                "    <add userName=\"bob\" spkiSha256=\"" + spki(BOB) + "\"/>",
                "    <add userName=\"carol\" issuer=\"CN=Contoso Root CA,O=Contoso\" serialNumber=\""
                        + CAROL.certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT) + "\"/>",
                "    <add userName=\"dave\" certificateFile=\"dave.pem\"/>",
                "    <add userName=\"staff\" roles=\"kiosk\" sha256=\"" + sha256(KIOSK) + "\"/>",
                "  </oneToOneMappings>",
                "  <manyToOneMappings>",
                "    <add name=\"no contractors\" permissionMode=\"Deny\">",
                "      <rules><add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Contractors\"/></rules>",
                "    </add>",
                "    <!-- the staff of Contoso -->",
                "    <add name=\"contoso staff\"",
                "         userName=\"staff\" roles=\"staff\">",
                "      <rules>",
                "        <add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Root CA\"/>",
                "        <add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Staff\"/>",
                "      </rules>",
                "    </add>",
                "    <add name=\"old partners\" userName=\"partner\" enabled=\"false\" broad=\"true\"/>",
                "  </manyToOneMappings>",
                "</certificateMapping>",
                "");
        Files.writeString(config, text);
    }

    Path pem(TestPki.Issued c, String name) {
        return TestPki.writePem(dir.resolve(name), c.certificate());
    }

    static String base64(TestPki.Issued c) {
        return TestPki.base64OneLine(c.certificate());
    }

    static String sha256(TestPki.Issued c) {
        return new CertificateFacts(c.certificate()).sha256Hex();
    }

    static String spki(TestPki.Issued c) {
        return Base64.getEncoder().encodeToString(new CertificateFacts(c.certificate()).spkiSha256());
    }

    /** "AB:CD:..." as openssl prints a fingerprint. */
    static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** The fixture's line {@code n} (1-based) with its CRLF. */
    String line(int n) {
        String[] lines = text.split("\r\n", -1);
        return lines[n - 1] + "\r\n";
    }

    /** The fixture without lines {@code from..to} (1-based, inclusive). */
    String without(int from, int to) {
        String[] lines = text.split("\r\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i + 1 < from || i + 1 > to) {
                sb.append(lines[i]).append(i == lines.length - 1 ? "" : "\r\n");
            }
        }
        return sb.toString();
    }

    String read() throws Exception {
        return Files.readString(config);
    }
}
