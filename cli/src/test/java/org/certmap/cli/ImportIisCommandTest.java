package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportIisCommandTest {

    @TempDir
    Path dir;

    Path appHost;

    @BeforeEach
    void fixture() throws Exception {
        appHost = dir.resolve("applicationHost.config");
        try (InputStream in = ImportIisCommandTest.class.getResourceAsStream("/iis/applicationHost.config")) {
            Files.copy(in, appHost);
        }
    }

    private Path seedCertificate() throws Exception {
        Path crt = dir.resolve("client1.crt");
        try (InputStream in = ImportIisCommandTest.class.getResourceAsStream("/seed/client1.crt")) {
            Files.copy(in, crt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return crt;
    }

    @Test
    void importWhenSeveralSitesAndNoSiteThenListsThem() {
        Cli.Result r = Cli.exec("import-iis", appHost.toString(), "-o", dir.resolve("out.xml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("several sites", "\"Default Web Site\"", "\"Contoso Portal\"", "--site");
        assertThat(dir.resolve("out.xml")).doesNotExist();
        assertThat(Cli.exec("import-iis", appHost.toString(), "--site", "Fabrikam", "-o", "x.xml").err())
                .contains("no site \"Fabrikam\"", "Contoso Portal");
    }

    @Test
    void importWhenSiteChosenThenFileLoadsAndMapsAsIisWould() throws Exception {
        Path out = dir.resolve("certmap.xml");
        Cli.Result r = Cli.exec("import-iis", appHost.toString(), "--site", "contoso portal", "-o", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        String xml = Files.readString(out);
        assertThat(xml + r.all()).doesNotContain("SecretBlob").doesNotContain("[enc:");
        assertThat(r.out()).contains("one-to-one    1", "many-to-one   3 (1 written with broad=\"true\")",
                "3 dropped", "broad mapping Any partner", "skipped the mapping section at \"Contoso Portal/secure/admin\"",
                "dropped logonMethod", "looks like a file",
                "IIS disables anonymous authentication at the site root (sslFlags Ssl, SslNegotiateCert)");
        assertThat(xml).contains("<certificateMapping enabled=\"true\" oneToOneCertificateMappingsEnabled=\"true\"",
                "<location path=\"/*\" sslFlags=\"Ssl, SslRequireCert\"/>",
                "<location path=\"/secure/*\" sslFlags=\"Ssl, SslNegotiateCert, SslRequireCert\"/>",
                "<location path=\"/secure/admin/*\" sslFlags=\"Ssl, SslNegotiateCert, SslRequireCert, Ssl128\"/>",
                "<location path=\"/public/terms.aspx\" sslFlags=\"None\"/>",
                "<!-- broad:", "name=\"Any partner\" permissionMode=\"Allow\" userName=\"CONTOSO\\partner\" broad=\"true\"",
                "description=\"staff of Contoso\"")
                .doesNotContain("ignored", "fabrikam", "password=");
        assertThat(xml.indexOf("No contractors")).isLessThan(xml.indexOf("Contoso staff"));

        Cli.Result check = Cli.exec("check", "--config", out.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("Ssl128");

        // The IIS one-to-one certificate (the seed, expired in 2023) maps while it was valid.
        Cli.Result seed = Cli.exec("explain", "-c", out.toString(), "--path", "/secure/page.aspx", "--at", "2022-06-01",
                seedCertificate().toString());
        assertThat(seed.out()).as(seed.toString()).contains("MAPS to user CONTOSO\\jdoe (by oneToOne)");
        // Many-to-one in document order: Deny first, then the staff rule with its Issuer.
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
        Path sam = TestPki.writePem(dir.resolve("sam.pem"), TestPki.client(ca, "CN=sam,OU=Staff,O=Contoso").certificate());
        assertThat(Cli.exec("explain", "-c", out.toString(), "--path", "/secure/", sam.toString()).out())
                .contains("MAPS to user CONTOSO\\staff with roles [] (by Contoso staff)".replace(" with roles []", ""));
        Path carl = TestPki.writePem(dir.resolve("carl.pem"),
                TestPki.client(ca, "CN=carl,OU=contractors,O=Contoso").certificate());
        Cli.Result denied = Cli.exec("explain", "-c", out.toString(), "--path", "/secure/", carl.toString());
        assertThat(denied.out()).contains("REFUSED MAPPING_DENIED");
        assertThat(denied.exit()).isEqualTo(1);
        // The site root accepts a certificate (SslNegotiateCert) but IIS disables anonymous access
        // there, so IIS refused requests without a mapped certificate: certmap must too.
        assertThat(Cli.exec("explain", "-c", out.toString(), "--path", "/index.html", carl.toString()).out())
                .contains("REFUSED MAPPING_DENIED");
        assertThat(Cli.exec("explain", "-c", out.toString(), "--path", "/index.html", sam.toString()).out())
                .contains("MAPS to user CONTOSO\\staff");
        // terms.aspx turns anonymous access back on and needs no certificate.
        assertThat(Cli.exec("explain", "-c", out.toString(), "--path", "/public/terms.aspx", carl.toString()).out())
                .contains("ANONYMOUS");
    }

    @Test
    void importWhenStripDomainThenUserNamesLoseTheDomain() throws Exception {
        Path out = dir.resolve("certmap.xml");
        assertThat(Cli.exec("import-iis", appHost.toString(), "--site", "Contoso Portal", "--strip-domain", "-o",
                out.toString()).exit()).isZero();
        assertThat(Files.readString(out)).contains("userName=\"jdoe\"", "userName=\"staff\"").doesNotContain("CONTOSO\\");
    }

    @Test
    void importWhenWebConfigWithoutEnabledThenWritesDisabledAndSaysSoLoudly() throws Exception {
        Path web = dir.resolve("web.config");
        Files.writeString(web, String.join("\n",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<configuration>",
                "  <system.webServer>",
                "    <security>",
                "      <access sslFlags=\"Ssl, SslNegotiateCert, SslRequireCert\" />",
                "      <authentication>",
                "        <iisClientCertificateMappingAuthentication>",
                "          <oneToOneMappings>",
                "            <clear />",
                "            <add userName=\"jdoe\" password=\"[enc:AesProvider:webSecret==:enc]\" certificate=\""
                        + Files.readString(seedCertificate()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "") + "\" />",
                "          </oneToOneMappings>",
                "        </iisClientCertificateMappingAuthentication>",
                "      </authentication>",
                "    </security>",
                "  </system.webServer>",
                "  <location path=\"downloads\">",
                "    <system.webServer><security><access sslFlags=\"Ssl\" /></security></system.webServer>",
                "  </location>",
                "</configuration>", ""));
        Path out = dir.resolve("certmap.xml");
        Cli.Result r = Cli.exec("import-iis", web.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("WARNING: mapping is DISABLED", "the IIS default", "1 dropped").doesNotContain("webSecret");
        assertThat(Files.readString(out)).contains("enabled=\"false\"", "<location path=\"/*\" sslFlags=\"Ssl, SslNegotiateCert,"
                + " SslRequireCert\"/>", "<location path=\"/downloads/*\" sslFlags=\"Ssl\"/>");
        assertThat(Cli.exec("explain", "-c", out.toString(), "--at", "2022-06-01", seedCertificate().toString()).out())
                .contains("REFUSED NO_MAPPING");
        assertThat(Cli.exec("import-iis", web.toString(), "-o", out.toString()).err()).contains("exists", "--force");
        assertThat(Cli.exec("import-iis", web.toString(), "--site", "x", "-o", dir.resolve("o.xml").toString()).err())
                .contains("a web.config");
    }

    @Test
    void importWhenBareSectionToStandardOutputThenXmlOnOutAndReportOnErr() throws Exception {
        Path section = dir.resolve("section.xml");
        Files.writeString(section, "<iisClientCertificateMappingAuthentication enabled=\"true\">\n"
                + "  <manyToOneMappings>\n"
                + "    <add name=\"all\" userName=\"guest\" password=\"pw-in-clear\" />\n"
                + "  </manyToOneMappings>\n</iisClientCertificateMappingAuthentication>\n");
        Cli.Result r = Cli.exec("import-iis", section.toString(), "-o", "-");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("<?xml").contains("broad=\"true\"", "<add name=\"all\" userName=\"guest\" broad=\"true\"/>");
        assertThat(r.err()).contains("imported", "1 dropped", "it has no rules");
        assertThat(r.all()).doesNotContain("pw-in-clear");
    }

    @Test
    void importWhenDoctypeOrNotIisThenExitTwo() throws Exception {
        Path evil = dir.resolve("evil.config");
        Files.writeString(evil, "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<configuration>&x;</configuration>");
        Cli.Result r = Cli.exec("import-iis", evil.toString(), "-o", dir.resolve("o.xml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("DOCTYPE").doesNotContain("root:");
        Path other = dir.resolve("pom.xml");
        Files.writeString(other, "<project/>");
        assertThat(Cli.exec("import-iis", other.toString(), "-o", dir.resolve("o.xml").toString()).err())
                .contains("<project>");
        assertThat(Cli.exec("import-iis", dir.resolve("missing.config").toString()).err()).contains("no such file");
    }

    @Test
    void importWhenIisActiveDirectoryMapperIsOnThenADirectoryElementToCompleteAndANote() throws Exception {
        java.nio.file.Path web = dir.resolve("web.config");
        java.nio.file.Files.writeString(web, """
                <configuration>
                  <system.webServer>
                    <security>
                      <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert"/>
                      <authentication>
                        <clientCertificateMappingAuthentication enabled="true"/>
                      </authentication>
                    </security>
                  </system.webServer>
                </configuration>
                """);
        java.nio.file.Path out = dir.resolve("ad.xml");
        Cli.Result r = Cli.exec("import-iis", web.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.toString()).contains("IIS's Active Directory mapper (clientCertificateMappingAuthentication) is on");
        String xml = java.nio.file.Files.readString(out);
        assertThat(xml).contains("<directory url=\"ldaps://dc1.example.com\"", "bindPassword=\"${env:CERTMAP_LDAP_PASSWORD}\"",
                "certmap check, option test-directory", "allowWeak");
        // Written inside a comment to fill in: the imported file still loads, with no directory asked yet.
        assertThat(org.certmap.engine.config.MappingFileLoader.standard().load(out).mapper().directory()).isNull();
    }
}
