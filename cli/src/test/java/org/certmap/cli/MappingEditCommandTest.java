package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.certmap.engine.config.PropertyExpander;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MappingEditCommandTest {

    @TempDir
    Path dir;

    MappingFixture f;

    @BeforeEach
    void file() throws Exception {
        f = new MappingFixture(dir);
    }

    private Cli.Result run(String... args) {
        String[] all = Stream.concat(Stream.of(args[0], "--config", f.config.toString()),
                Stream.of(args).skip(1)).toArray(String[]::new);
        return Cli.exec(all);
    }

    /** Nothing but the file itself in its folder: no temporary file left behind. */
    private void noTemporaryFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void unmapByUserWhenOneEntryThenRemovesItsLineOnlyAndExplainNoLongerMaps() throws Exception {
        Path bob = f.pem(MappingFixture.BOB, "bob.pem");
        assertThat(Cli.exec("explain", "--config", f.config.toString(), bob.toString()).out()).contains("MAPS to user bob");
        Cli.Result r = run("unmap", "--user", "bob");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("removed from " + f.config, "line 10  one-to-one spkiSha256 ", "user bob",
                "a server polling the file applies it within 5s");
        assertThat(f.read()).isEqualTo(f.without(10, 10));
        assertThat(Cli.exec("explain", "--config", f.config.toString(), bob.toString()).out())
                .doesNotContain("MAPS to user bob");
        noTemporaryFiles();
    }

    @Test
    void unmapWhenUserHasSeveralEntriesThenRefusesWithoutAllAndListsThem() throws Exception {
        Cli.Result r = run("unmap", "--user", "alice");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--user alice matches 2 mappings", "line 8  one-to-one certificate ",
                "line 9  one-to-one sha256 ", ", disabled", "add --all");
        assertThat(f.read()).isEqualTo(f.text);

        Cli.Result all = run("unmap", "--user", "alice", "--all");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.out()).contains("line 8", "line 9");
        assertThat(f.read()).isEqualTo(f.without(8, 9));
    }

    @Test
    void unmapByUserWhenOneToOneAndManyToOneShareTheUserThenAmbiguous() throws Exception {
        Cli.Result r = run("unmap", "--user", "staff");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("matches 2 mappings", "line 13  one-to-one sha256", "lines 20-26  many-to-one \"contoso staff\"");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "colons", "windows", "spaces"})
    void unmapByKeyWhenSha256PastedInAnyShapeThenRemovesTheEntryWithThatKey(String shape) throws Exception {
        String hex = MappingFixture.sha256(MappingFixture.KIOSK);
        String key = switch (shape) {
            case "colons" -> MappingFixture.colons(hex);
            case "windows" -> "\u200E" + hex.replaceAll("(..)", "$1 ").trim() + "\u00A0";
            case "spaces" -> hex.toUpperCase(java.util.Locale.ROOT).replaceAll("(........)", "$1 ");
            default -> hex;
        };
        Cli.Result r = run("unmap", "--key", key);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("line 13  one-to-one sha256 " + hex.substring(0, 16) + "... user staff, roles kiosk");
        assertThat(f.read()).isEqualTo(f.without(13, 13));
    }

    @Test
    void unmapByKeyWhenTheKeyIsACertificatesFingerprintOrPublicKeyThenFindsCertificateAndSpkiEntries() throws Exception {
        // alice is mapped by certificate=, so her certificate's SHA-256 finds that entry
        assertThat(run("unmap", "--key", MappingFixture.sha256(MappingFixture.ALICE), "--dry-run").out())
                .contains("would remove from", "line 8  one-to-one certificate ");
        // dave by certificateFile=
        assertThat(run("unmap", "--key", MappingFixture.sha256(MappingFixture.DAVE), "--dry-run").out())
                .contains("line 12  one-to-one certificateFile dave.pem user dave");
        // bob by spkiSha256=, given in base64 as curl writes it, or in hex
        String spki = MappingFixture.spki(MappingFixture.BOB);
        assertThat(run("unmap", "--key", "sha256//" + spki, "--dry-run").out()).contains("line 10", "user bob");
        String spkiHex = MappingEntries.hex(java.util.Base64.getDecoder().decode(spki));
        assertThat(run("unmap", "--key", spkiHex, "--dry-run").out()).contains("line 10", "user bob");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void unmapByKeyWhenASha1ThumbprintOrGarbageThenUsageError() throws Exception {
        Cli.Result sha1 = run("unmap", "--key", "ab".repeat(20));
        assertThat(sha1.exit()).isEqualTo(2);
        assertThat(sha1.err()).contains("SHA-1 thumbprint");
        Cli.Result bad = run("unmap", "--key", "not a key");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--key: give a SHA-256 fingerprint");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void unmapByCertificateThenRemovesEveryKeyKindTheEngineMatches() throws Exception {
        // carol is mapped by issuer + serial: found through the loaded index, not by comparing text
        Cli.Result r = run("unmap", "--certificate", f.pem(MappingFixture.CAROL, "carol.pem").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("line 11  one-to-one issuer+serialNumber ", "user carol");
        assertThat(f.read()).isEqualTo(f.without(11, 11));

        Cli.Result dave = Cli.cli().stdin(org.certmap.testing.TestPki.pem(MappingFixture.DAVE.certificate()))
                .run("unmap", "--config", f.config.toString(), "--certificate", "-");
        assertThat(dave.exit()).as(dave.toString()).isZero();
        assertThat(dave.out()).contains("user dave");
    }

    @Test
    void unmapByCertificateWhenNotMappedThenExit2AndUnchanged() throws Exception {
        Cli.Result r = run("unmap", "--certificate",
                f.pem(org.certmap.testing.TestPki.client(MappingFixture.CA, "CN=nobody"), "nobody.pem").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nothing in", "matches --certificate", "not changed", "certmap list");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void unmapByNameThenRemovesTheWholeManyToOneElementAndKeepsTheCommentAbove() throws Exception {
        Cli.Result r = run("unmap", "--name", "contoso staff");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("lines 20-26  many-to-one \"contoso staff\" user staff, roles staff");
        assertThat(f.read()).isEqualTo(f.without(20, 26)).contains("<!-- the staff of Contoso -->");
        Cli.Result list = run("list");
        assertThat(list.out()).doesNotContain("contoso staff").contains("\"no contractors\"", "\"old partners\"");
    }

    @Test
    void unmapWhenNameDiffersInCaseThenRefusesAndSuggests() throws Exception {
        Cli.Result r = run("unmap", "--name", "Contoso Staff");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("did you mean \"contoso staff\" (lines 20-26)");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void unmapWhenDryRunThenSaysWhatAndChangesNothing() throws Exception {
        Cli.Result r = run("unmap", "--name", "no contractors", "--dry-run");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("would remove from", "lines 16-18  many-to-one \"no contractors\" (Deny)")
                .doesNotContain("applies it");
        assertThat(f.read()).isEqualTo(f.text);
        noTemporaryFiles();
    }

    @Test
    void selectorsAreRequiredAndExclusive() throws Exception {
        assertThat(run("unmap").exit()).isEqualTo(2);
        Cli.Result both = run("disable", "--user", "bob", "--name", "x");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void disableByUserThenAddsEnabledFalseAfterUserNameAndTheRestStays() throws Exception {
        Cli.Result r = run("disable", "--user", "bob");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("disabled in", "line 10  one-to-one spkiSha256");
        assertThat(f.read()).isEqualTo(f.text.replace(f.line(10),
                f.line(10).replace("userName=\"bob\"", "userName=\"bob\" enabled=\"false\"")));
        assertThat(Cli.exec("explain", "--config", f.config.toString(), f.pem(MappingFixture.BOB, "bob.pem").toString())
                .out()).doesNotContain("MAPS to user bob");

        Cli.Result again = run("disable", "--user", "bob");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already disabled: line 10", "nothing to change");
    }

    @Test
    void disableByNameWhenStartTagSpansTwoLinesThenEditsOnlyTheFirstLine() throws Exception {
        Cli.Result r = run("disable", "--name", "contoso staff");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(f.read()).isEqualTo(f.text.replace("<add name=\"contoso staff\"\r\n",
                "<add name=\"contoso staff\" enabled=\"false\"\r\n"));
        assertThat(run("list", "--disabled").out()).contains("\"contoso staff\"");

        Cli.Result enable = run("enable", "--name", "contoso staff");
        assertThat(enable.exit()).as(enable.toString()).isZero();
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void enableByKeyThenRemovesEnabledFalseWithItsSpaceAndKeepsTheOddSpacing() throws Exception {
        Cli.Result r = run("enable", "--key", MappingFixture.sha256(MappingFixture.ALICE_PHONE));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("enabled in", "line 9  one-to-one sha256");
        assertThat(f.read()).isEqualTo(f.text.replace("\"  enabled=\"false\" />", "\" />"));
        Path phone = f.pem(MappingFixture.ALICE_PHONE, "phone.pem");
        assertThat(Cli.exec("explain", "--config", f.config.toString(), phone.toString()).out()).contains("MAPS to user alice");
    }

    @Test
    void enableByCertificateAndByUserWhenAlreadyEnabledThenNothingToChange() throws Exception {
        Cli.Result r = run("enable", "--certificate", f.pem(MappingFixture.ALICE, "alice.pem").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("already enabled: line 8", "nothing to change");
        Cli.Result dave = run("enable", "--user", "dave");
        assertThat(dave.out()).contains("already enabled: line 12");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void enableByNameWhenDisabledManyToOneThenEnabledAndLoaderAgrees() throws Exception {
        Cli.Result r = run("enable", "--name", "old partners");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(f.read()).isEqualTo(f.text.replace(" userName=\"partner\" enabled=\"false\"", " userName=\"partner\""));
    }

    @Test
    void disableWithAllWhenSeveralThenEditsEachAndDryRunLeavesTheFile() throws Exception {
        Cli.Result dry = run("disable", "--user", "staff", "--all", "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would disable in", "line 13", "lines 20-26");
        assertThat(f.read()).isEqualTo(f.text);
        Cli.Result r = run("disable", "--user", "staff", "--all");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(run("list", "--user", "staff", "--enabled").out()).contains("0 of 9 mappings", "no mapping matches");
    }

    @Test
    void editWhenFileDoesNotLoadThenRefusedWithTheLoadersMessage() throws Exception {
        Files.writeString(f.config, f.text.replace("sslFlags=\"Ssl, SslRequireCert\"", "sslFlag=\"Ssl\""));
        String before = f.read();
        Cli.Result r = run("unmap", "--user", "bob");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("certmap.xml:5:", "sslFlag");
        assertThat(f.read()).isEqualTo(before);
    }

    @Test
    void replaceWhenTheEditedTextWouldNotLoadThenRefusedAndTheFileKeepsItsBytes() throws Exception {
        MappingEntries file = MappingEntries.read(f.config, PropertyExpander.standard(), new java.io.PrintWriter(
                java.io.Writer.nullWriter()), false);
        // an edit that duplicates bob's entry: the loader refuses a key mapped twice
        String broken = f.text.replace(f.line(10), f.line(10) + f.line(10));
        byte[] before = Files.readAllBytes(f.config);
        for (boolean dryRun : new boolean[] {false, true}) {
            assertThatThrownBy(() -> MappingEditCommand.replace(file, broken, PropertyExpander.standard(), dryRun, c -> {
            })).isInstanceOf(CliException.class)
                    .hasMessageContaining("not changed: after this edit the file would not load")
                    .hasMessageContaining(f.config.toAbsolutePath().normalize() + ":11:")
                    .hasMessageContaining("already mapped to user bob at line 10");
            assertThat(Files.readAllBytes(f.config)).isEqualTo(before);
            noTemporaryFiles();
        }
    }

    @Test
    void replaceWhenTheFileChangedSinceItWasReadThenRefused() throws Exception {
        MappingEntries file = MappingEntries.read(f.config, PropertyExpander.standard(), new java.io.PrintWriter(
                java.io.Writer.nullWriter()), false);
        String someoneElse = f.text.replace("reloadInterval=\"5s\"", "reloadInterval=\"10s\"");
        Files.writeString(f.config, someoneElse);
        assertThatThrownBy(() -> MappingEditCommand.replace(file, f.without(10, 10), PropertyExpander.standard(), false,
                c -> {
                })).isInstanceOf(CliException.class).hasMessageContaining("changed while certmap edited it");
        assertThat(f.read()).isEqualTo(someoneElse);
    }

    @Test
    void replaceWhenTheLoaderDoesNotSeeTheChangeThenRefused() throws Exception {
        MappingEntries file = MappingEntries.read(f.config, PropertyExpander.standard(), new java.io.PrintWriter(
                java.io.Writer.nullWriter()), false);
        assertThatThrownBy(() -> MappingEditCommand.replace(file, f.text.replace("<!-- team", "<!-- our team"),
                PropertyExpander.standard(), false, c -> {
                    throw new CliException("not changed: the loader disagrees");
                })).hasMessage("not changed: the loader disagrees");
        assertThat(f.read()).isEqualTo(f.text);
    }

    @Test
    void listAndUnmapWhenTheFileUsesCatalinaBaseThenTakeItFromTheOption() throws Exception {
        Files.writeString(f.config, f.text.replace("certificateFile=\"dave.pem\"",
                "certificateFile=\"${catalina.base}/dave.pem\""));
        String before = f.read();
        Cli.Result unset = run("unmap", "--user", "dave");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("${catalina.base} is not set", "--catalina-base");
        assertThat(run("list", "--catalina-base", dir.toString(), "--format", "tsv").out())
                .contains("12\tone-to-one\tcertificateFile\t" + MappingFixture.sha256(MappingFixture.DAVE));
        Cli.Result r = run("unmap", "--key", MappingFixture.sha256(MappingFixture.DAVE), "--catalina-base", dir.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(f.read()).isEqualTo(before.replace(f.line(12).replace("dave.pem", "${catalina.base}/dave.pem"), ""));
    }

    @Test
    void editKeepsTheFilesPermissions() throws Exception {
        java.nio.file.attribute.PosixFileAttributeView v = Files.getFileAttributeView(f.config,
                java.nio.file.attribute.PosixFileAttributeView.class);
        org.junit.jupiter.api.Assumptions.assumeTrue(v != null);
        var perms = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(f.config, perms);
        assertThat(run("disable", "--name", "no contractors").exit()).isZero();
        assertThat(Files.getPosixFilePermissions(f.config)).isEqualTo(perms);
    }
}
