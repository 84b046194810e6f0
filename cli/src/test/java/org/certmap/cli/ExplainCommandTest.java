package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    @TempDir
    Path dir;

    private String seed(String name) throws Exception {
        try (InputStream in = ExplainCommandTest.class.getResourceAsStream("/seed/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The IIS tutorial's certificate (seed 001), mapped the IIS way: base64 on one line. */
    private Path seedConfig() throws Exception {
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping>\n"
                + "  <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>\n"
                + "  <oneToOneMappings>\n"
                + "    <add userName=\"jdoe\" certificate=\"" + seed("client1-iis-one-line.txt").trim() + "\"/>\n"
                + "  </oneToOneMappings>\n</certificateMapping>\n");
        return config;
    }

    @Test
    void explainWhenPathWithoutCertificateThenSaysWhatThePathRequires() throws Exception {
        Path config = seedConfig();
        Cli.Result secure = Cli.exec("explain", "--config", config.toString(), "--path", "/secure/report");
        assertThat(secure.exit()).as(secure.toString()).isEqualTo(1);
        assertThat(secure.out()).contains("/secure/* (line 2) covers /secure/report",
                "requires: a client certificate that maps (without one: CERTIFICATE_REQUIRED, HTTP 403)");
        Cli.Result open = Cli.exec("explain", "--config", config.toString(), "--path", "/index.html");
        assertThat(open.exit()).as(open.toString()).isZero();
        assertThat(open.out()).contains("no location covers /index.html", "requires: nothing from certmap");
        Cli.Result neither = Cli.exec("explain", "--config", config.toString());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("or --path PATH to ask what a path requires");
    }

    @Test
    void explainWhenSeedCertificateExpiredThenRefusedWithReasonAndIisStatus() throws Exception {
        Path crt = dir.resolve("client1.crt");
        Files.writeString(crt, seed("client1.crt"), StandardCharsets.ISO_8859_1);
        Cli.Result r = Cli.exec("explain", "--config", seedConfig().toString(), crt.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("subject     E=JohnDoe@devolutions.net,CN=John Doe", "EXPIRED at", "no trustStore",
                "FAILED      dates:", "MATCHED     oneToOne: user jdoe by certificate",
                "decision: REFUSED CERTIFICATE_EXPIRED (HTTP 403; IIS would say 403.17)", "hint: ");
    }

    @Test
    void explainWhenAtInsideValidityThenSeedCertificateMaps() throws Exception {
        Path crt = dir.resolve("client1.crt");
        Files.writeString(crt, seed("client1.crt"), StandardCharsets.ISO_8859_1);
        Cli.Result r = Cli.exec("explain", "--config", seedConfig().toString(), "--path", "/secure/report",
                "--at", "2022-01-31T12:00:00Z", crt.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("PASSED      location: /secure/* (line 2) covers /secure/report",
                "decision: MAPS to user jdoe (by oneToOne)");
        Cli.Result pasted = Cli.cli().stdin(seed("client1-iis-one-line.txt")).run("explain", "--config",
                seedConfig().toString(), "--at", "2022-01-31", "-");
        assertThat(pasted.exit()).as(pasted.toString()).isZero();
    }

    @Test
    void explainWhenForwardedWithoutTrustStoreThenUntrusted() throws Exception {
        Path crt = dir.resolve("client1.crt");
        Files.writeString(crt, seed("client1.crt"), StandardCharsets.ISO_8859_1);
        Cli.Result r = Cli.exec("explain", "--config", seedConfig().toString(), "--forwarded", "--at", "2022-01-31", crt.toString());
        assertThat(r.out()).contains("REFUSED CERTIFICATE_UNTRUSTED", "trustStore");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void explainWhenPathNotCoveredOrAcceptOnlyThenNoUserAndExitOne() throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=CA");
        Path cert = TestPki.writePem(dir.resolve("c.pem"), TestPki.client(ca, "CN=nobody").certificate());
        Path config = dir.resolve("certmap.xml");
        Files.writeString(config, "<certificateMapping><location path=\"/opt/*\" sslFlags=\"SslNegotiateCert\"/>"
                + "</certificateMapping>");
        Cli.Result outside = Cli.exec("explain", "-c", config.toString(), "--path", "/public/x", cert.toString());
        assertThat(outside.out()).contains("NOT COVERED");
        assertThat(outside.exit()).isEqualTo(1);
        Cli.Result optional = Cli.exec("explain", "-c", config.toString(), "--path", "/opt/x", cert.toString());
        assertThat(optional.out()).contains("ANONYMOUS", "NO_MAPPING (IIS 401.2)");
        assertThat(optional.exit()).isEqualTo(1);
    }

    @Test
    void explainWhenConfigurationOrArgumentsBadThenExitTwo() throws Exception {
        Path crt = dir.resolve("client1.crt");
        Files.writeString(crt, seed("client1.crt"), StandardCharsets.ISO_8859_1);
        Path config = dir.resolve("bad.xml");
        Files.writeString(config, "<certificateMapping>\n  <oneToOneMappings>\n    <add userName=\"x\" shaa256=\"ab\"/>\n"
                + "  </oneToOneMappings>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("explain", "-c", config.toString(), crt.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config.toAbsolutePath() + ":3:", "shaa256").doesNotContain("at org.");
        assertThat(Cli.exec("explain", "-c", seedConfig().toString(), "--at", "yesterday", crt.toString()).err())
                .contains("--at yesterday: not a time");
        assertThat(Cli.exec("explain", "-c", dir.resolve("none.xml").toString(), crt.toString()).err())
                .contains("does not exist");
        assertThat(Cli.exec("explain", crt.toString()).exit()).isEqualTo(2);
        assertThat(Cli.exec("explain", "--help").out()).contains("Examples:", "Exit codes");
    }
}
