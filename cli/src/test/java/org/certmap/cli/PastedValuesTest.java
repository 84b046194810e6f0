package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbprints, serials and certificates pasted with the invisible marks dialogs and web pages add. */
class PastedValuesTest {

    /** What Windows' certificate dialog copies: a left-to-right mark, then hex pairs with spaces. */
    static String windows(String hex) {
        return "\u200e" + hex.replaceAll("(..)(?!$)", "$1 ");
    }

    static TestPki.Issued alice;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        alice = TestPki.client(TestPki.rootCa("CN=Paste CA"), "CN=alice,O=Contoso");
    }

    @Test
    void hexWhenPastedWithInvisibleMarksThenOnlyTheDigitsRemain() {
        String sha1 = "0123456789abcdef0123456789ABCDEF01234567";
        assertThat(windows(sha1)).startsWith("\u200e01 23 45").hasSize(1 + 40 + 19);
        assertThat(PastedValues.hex(windows(sha1), "x")).isEqualTo(sha1.toLowerCase(java.util.Locale.ROOT));
        assertThat(PastedValues.hex("\uFEFF01:02\u00A003\u200F04\u200B\u2060 05\u202F06\t", "x")).isEqualTo("010203040506");
        assertThatThrownBy(() -> PastedValues.hex("\u200e01 2g", "--serial")).isInstanceOf(CliException.class)
                .hasMessage("--serial: 'g' (character 5) is not a hex digit; write the value in hex, spaces and colons allowed");
        assertThatThrownBy(() -> PastedValues.hex("\u200e \u00A0", "--serial")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PastedValues.hex("\uFF10\uFF11", "x")).hasMessageContaining("not a hex digit");
        assertThat(PastedValues.withoutInvisible("a\u200eb\r\nc\u00A0d e")).isEqualTo("ab\r\ncd e");
    }

    @Test
    void mapWhenSha256FingerprintPastedFromWindowsThenMapsByIt() throws Exception {
        String sha256 = new CertificateFacts(alice.certificate()).sha256Hex();
        Path config = dir.resolve("certmap.xml");
        Cli.Result r = Cli.exec("map", "-c", config.toString(), "-u", "alice", "--key", "sha256",
                windows(sha256.toUpperCase(java.util.Locale.ROOT)));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("sha256      " + sha256);
        assertThat(r.err()).contains("mapped by the fingerprint alone");
        assertThat(Files.readString(config)).contains("sha256=\"" + sha256 + "\"").doesNotContain("\u200e");
        Cli.Result e = Cli.exec("explain", "-c", config.toString(), TestPki.writePem(dir.resolve("a.pem"),
                alice.certificate()).toString());
        assertThat(e.out()).as(e.toString()).contains("MAPS to user alice");

        Cli.Result noKey = Cli.exec("map", "-c", dir.resolve("other.xml").toString(), "-u", "alice", windows(sha256));
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("looks like a SHA-256 fingerprint: add --key sha256");
    }

    @Test
    void mapWhenWindowsSha1ThumbprintPastedThenSaysItIsSha1NotThatCharacterOneIsWrong() {
        String sha1 = "a909502dd82ae41433e6f83886b00d4277a32a7b";
        Cli.Result r = Cli.exec("map", "-c", dir.resolve("certmap.xml").toString(), "-u", "alice", "--key", "sha256",
                windows(sha1));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'" + sha1 + "' is no file", "40 hex digits", "SHA-1 thumbprint", "SHA-256")
                .doesNotContain("\u200e", "no such file");
        assertThat(dir.resolve("certmap.xml")).doesNotExist();
    }

    @Test
    void certificateWhenPastedWithNoBreakSpacesAndMarksThenReads() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(alice.certificate().getEncoded());
        String fromAWebPage = "\u200e-----BEGIN CERTIFICATE-----\u00A0\n" + b64.replaceAll("(.{64})", "$1\u00A0\n")
                + "\n-----END CERTIFICATE-----\u200f\n";
        Path config = dir.resolve("certmap.xml");
        Cli.Result r = Cli.cli().stdin(fromAWebPage).run("map", "-c", config.toString(), "-u", "alice", "-");
        assertThat(r.exit()).as(r.toString()).isZero();
        Cli.Result oneLine = Cli.cli().stdin("\uFEFF\u200e" + b64.substring(0, 40) + "\u200b" + b64.substring(40))
                .run("map", "-c", dir.resolve("b.xml").toString(), "-u", "alice", "-");
        assertThat(oneLine.exit()).as(oneLine.toString()).isZero();
    }
}
