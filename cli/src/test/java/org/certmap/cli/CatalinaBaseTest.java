package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mapping file that says ${catalina.base}, as the README recommends, opened by the CLI. */
class CatalinaBaseTest {

    static final TestPki.Issued CA = TestPki.rootCa("CN=Tomcat Clients CA");
    static final TestPki.Issued ALICE = TestPki.client(CA, "CN=alice,O=Contoso");

    @TempDir
    Path dir;

    Path base;
    Path config;
    Path alice;

    @BeforeEach
    void tomcat() throws Exception {
        base = Files.createDirectories(dir.resolve("tomcat"));
        Files.createDirectories(base.resolve("conf/certmap"));
        TestPki.writePem(base.resolve("conf/certmap/clients-ca.pem"), CA.certificate());
        TestPki.writePem(base.resolve("conf/certmap/alice.pem"), ALICE.certificate());
        // The file is elsewhere (a WAR's WEB-INF), so only ${catalina.base} can find the CA.
        config = Files.writeString(Files.createDirectories(dir.resolve("webapp/WEB-INF")).resolve("certmap.xml"),
                "<certificateMapping>\n"
                + "  <validation trustStore=\"${catalina.base}/conf/certmap/clients-ca.pem\"/>\n"
                + "  <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>\n"
                + "  <oneToOneMappings>\n"
                + "    <add userName=\"alice\" certificateFile=\"${catalina.base}/conf/certmap/alice.pem\"/>\n"
                + "  </oneToOneMappings>\n"
                + "</certificateMapping>\n");
        alice = base.resolve("conf/certmap/alice.pem");
    }

    @Test
    void withoutCatalinaBaseThenTheErrorNamesTheOptionAndTheVariable() {
        for (String command : new String[] {"check", "explain"}) {
            Cli.Result r = command.equals("check") ? Cli.exec("check", "-c", config.toString())
                    : Cli.exec("explain", "-c", config.toString(), alice.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(command).contains("certmap.xml:2:", "trustStore", "${catalina.base} is not set",
                    "--catalina-base DIR", "-Dcatalina.base=DIR", "environment variable CATALINA_BASE");
        }
    }

    @Test
    void catalinaBaseFromTheEnvironmentThenCheckAndExplainOpenTheFile() {
        Cli env = Cli.cli().env(Map.of("CATALINA_BASE", base.toString()));
        Cli.Result check = env.run("check", "-c", config.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("loads", "alice");
        Cli.Result explain = env.run("explain", "-c", config.toString(), alice.toString());
        assertThat(explain.out()).as(explain.toString()).contains("MAPS to user alice");
    }

    @Test
    void catalinaBaseOptionThenItWinsOverTheEnvironment() {
        Cli wrongEnv = Cli.cli().env(Map.of("CATALINA_BASE", dir.resolve("elsewhere").toString()));
        assertThat(wrongEnv.run("check", "-c", config.toString()).exit()).isEqualTo(2);
        Cli.Result r = wrongEnv.run("check", "--catalina-base", base.toString(), "-c", config.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Cli.Result e = Cli.exec("explain", "-c", config.toString(), "--catalina-base", base.toString(), alice.toString());
        assertThat(e.out()).as(e.toString()).contains("MAPS to user alice");
    }

    @Test
    void dashDCatalinaBaseBeforeOrAfterTheCommandThenAccepted() {
        // As the engine's hint says, and as bin/certmap passes it on: before the command name or after it.
        Cli.Result before = Cli.exec("-Dcatalina.base=" + base, "check", "-c", config.toString());
        assertThat(before.exit()).as(before.toString()).isZero();
        Cli.Result after = Cli.exec("explain", "-c", config.toString(), "-Dcatalina.base=" + base, alice.toString());
        assertThat(after.out()).as(after.toString()).contains("MAPS to user alice");
        // Any other ${name} the file uses, the same way
        Cli.Result other = Cli.exec("check", "-D", "catalina.base=" + base, "-c", config.toString());
        assertThat(other.exit()).as(other.toString()).isZero();
    }

    @Test
    void mapWhenFileUsesCatalinaBaseThenChecksTheResultWithIt() throws Exception {
        TestPki.Issued bob = TestPki.client(CA, "CN=bob,O=Contoso");
        Path bobPem = TestPki.writePem(dir.resolve("bob.pem"), bob.certificate());
        Cli.Result without = Cli.exec("map", "-c", config.toString(), "-u", "bob", bobPem.toString());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("--catalina-base");
        Cli.Result r = Cli.exec("map", "--catalina-base", base.toString(), "-c", config.toString(), "-u", "bob",
                "-k", "sha256", bobPem.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(config)).contains(new CertificateFacts(bob.certificate()).sha256Hex())
                .contains("${catalina.base}");
    }
}
