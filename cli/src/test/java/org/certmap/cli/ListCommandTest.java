package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListCommandTest {

    @TempDir
    Path dir;

    MappingFixture f;

    @BeforeEach
    void file() throws Exception {
        f = new MappingFixture(dir);
    }

    private Cli.Result list(String... args) {
        return Cli.exec(Stream.concat(Stream.of("list", "--config", f.config.toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    /** The first column (line) of each tsv row, header excluded. */
    private List<String> lines(Cli.Result r) {
        return r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf('\t'))).toList();
    }

    @Test
    void listWhenNoFilterThenATableOfEveryMappingWithStrengthInChecksWords() {
        Cli.Result r = list();
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> out = r.out().lines().toList();
        assertThat(out.get(0)).isEqualTo(f.config + ": 9 mappings (6 one-to-one, 3 many-to-one, 2 disabled)");
        assertThat(out.get(1)).startsWith("LINE  KIND         KEY").contains("USER", "ROLES", "ENABLED", "STRENGTH");
        assertThat(r.out()).contains(
                "8     one-to-one   certificate " + MappingFixture.sha256(MappingFixture.ALICE).substring(0, 16) + "...",
                "alice     admin staff  yes      strong: whole certificate",
                "9     one-to-one   sha256 " + MappingFixture.sha256(MappingFixture.ALICE_PHONE).substring(0, 16) + "...",
                "strong: public key (survives renewal)", "strong: issuer + serial",
                "certificateFile dave.pem",
                "16    many-to-one  \"no contractors\"", "- (Deny)",
                "Deny: certificates whose Subject.OU is \"Contractors\"",
                "21    many-to-one  \"contoso staff\"", "weak: certificate names",
                "Allow: certificates whose Issuer.CN is \"Contoso Root CA\" and Subject.OU is \"Staff\"",
                "27    many-to-one  \"old partners\"", "Allow: every certificate (no rules)");
        assertThat(r.out().lines().filter(l -> l.startsWith("9 ")).findFirst().orElseThrow()).contains(" no ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void listWhenTsvThenOneRowPerMappingWithFullValuesAndNoStrayTabs() {
        Cli.Result r = list("--format", "tsv");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("line\tkind\tkey\tvalue\tuser\troles\tenabled\tstrength\tdetail");
        assertThat(rows).hasSize(10).allSatisfy(row -> assertThat(row.split("\t", -1)).hasSize(9));
        assertThat(rows).contains(
                "8\tone-to-one\tcertificate\t" + MappingFixture.sha256(MappingFixture.ALICE)
                        + "\talice\tadmin staff\ttrue\tstrong: whole certificate\tCN=alice,OU=Staff,O=Contoso",
                "9\tone-to-one\tsha256\t" + MappingFixture.sha256(MappingFixture.ALICE_PHONE)
                        + "\talice\t\tfalse\tstrong: whole certificate\t",
                "10\tone-to-one\tspkiSha256\t" + MappingFixture.spki(MappingFixture.BOB)
                        + "\tbob\t\ttrue\tstrong: public key (survives renewal)\t",
                "11\tone-to-one\tissuer+serialNumber\tserialNumber="
                        + MappingFixture.CAROL.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT)
                        + " issuer=CN=Contoso Root CA,O=Contoso\tcarol\t\ttrue\tstrong: issuer + serial\t",
                "12\tone-to-one\tcertificateFile\t" + MappingFixture.sha256(MappingFixture.DAVE)
                        + "\tdave\t\ttrue\tstrong: whole certificate\tCN=dave,OU=Staff,O=Contoso",
                "16\tmany-to-one\tname\tno contractors\t\t\ttrue\tweak: certificate names\tDeny: certificates whose"
                        + " Subject.OU is \"Contractors\"");
    }

    @Test
    void listWhenValuesHoldTabsThenTsvEscapesThem() {
        assertThat(ListCommand.field("a\tb\nc\\d\re")).isEqualTo("a\\tb\\nc\\\\d\\re");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--user alice|8 9",
            "--user staff|13 21",
            "--kind one-to-one|8 9 10 11 12 13",
            "--kind many-to-one|16 21 27",
            "--kind sha256|9 13",
            "--kind certificate|8",
            "--kind certificateFile|12",
            "--kind issuer-serial|11",
            "--kind SPKI|10",
            "--disabled|9 27",
            "--enabled|8 10 11 12 13 16 21",
            "--weak|16 21 27",
            "--strong|8 9 10 11 12 13",
            "--weak --enabled|16 21",
            "--user alice --enabled --kind certificate|8",
            "--user nobody|"})
    void listWhenFilteredThenOnlyTheMatchingMappings(String filters, String expected) {
        Cli.Result r = list(Stream.concat(Arrays.stream(filters.split(" ")), Stream.of("--format", "tsv"))
                .toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r)).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(" ")));
    }

    @Test
    void listWhenFilteredAsTextThenSaysHowManyOfHowMany() {
        assertThat(list("--weak").out()).startsWith(f.config + ": 3 of 9 mappings");
        assertThat(list("--user", "nobody").out()).contains("0 of 9 mappings", "no mapping matches --user nobody");
    }

    @Test
    void listWhenContradictoryOrUnknownFilterThenUsageError() {
        assertThat(list("--weak", "--strong").exit()).isEqualTo(2);
        assertThat(list("--enabled", "--disabled").err()).contains("exclude each other");
        Cli.Result kind = list("--kind", "weakish");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("'weakish' is not a kind");
        assertThat(list("--format", "csv").exit()).isEqualTo(2);
    }

    @Test
    void listWhenFileDoesNotLoadThenTheLoadersMessageAndExit2() throws Exception {
        Files.writeString(f.config, f.text.replace("reloadInterval=\"5s\"", "reloadInterval=\"soon\""));
        Cli.Result r = list();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("certmap.xml:3:", "'soon' is not a duration");
    }

    @Test
    void listWhenTheFileIsDisabledOrAnIisSectionThenNotesAndTheSameRows() throws Exception {
        Files.writeString(f.config, f.text.replace("<certificateMapping reloadInterval=\"5s\">",
                "<certificateMapping enabled=\"false\" manyToOneCertificateMappingsEnabled=\"false\">"));
        Cli.Result r = list();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("note: the file has enabled=\"false\"", "manyToOneCertificateMappingsEnabled=\"false\"");

        Path iis = dir.resolve("section.xml");
        Files.writeString(iis, "<iisClientCertificateMappingAuthentication enabled=\"true\">\n  <oneToOneMappings>\n"
                + "    <add userName=\"jdoe\" certificate=\"" + MappingFixture.base64(MappingFixture.ALICE) + "\" password=\"x\"/>\n"
                + "  </oneToOneMappings>\n</iisClientCertificateMappingAuthentication>\n");
        Cli.Result section = Cli.exec("list", "--config", iis.toString(), "--format", "tsv");
        assertThat(section.exit()).as(section.toString()).isZero();
        assertThat(section.out()).contains("3\tone-to-one\tcertificate\t" + MappingFixture.sha256(MappingFixture.ALICE) + "\tjdoe");
    }

    @Test
    void listWhenEmptyFileThenSaysSo() throws Exception {
        Files.writeString(f.config, "<certificateMapping/>");
        Cli.Result r = list();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("0 mappings", "no mappings");
    }
}
