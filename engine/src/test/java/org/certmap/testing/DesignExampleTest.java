package org.certmap.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DesignExampleTest {

    /** The first xml block after the heading "The mapping file, element by element". */
    static String designExample(String designMd) {
        int heading = designMd.indexOf("\n## The mapping file, element by element");
        assertThat(heading).as("DESIGN.md has the section \"The mapping file, element by element\"").isPositive();
        int start = designMd.indexOf("```xml\n", heading);
        assertThat(start).as("an xml block in that section").isPositive();
        start += "```xml\n".length();
        return designMd.substring(start, designMd.indexOf("```", start));
    }

    @Test
    void fixtureWhenComparedWithDesignMdThenTheSameText() throws Exception {
        String property = System.getProperty("certmap.designMd", "../../shared/DESIGN.md");
        Path design = Path.of(property);
        // CI and every engineer's checkout have ../shared beside the repository. Not skipped when it
        // is missing: a drift nobody compared is the drift this test is for.
        assertThat(design).as("DESIGN.md, the contract, beside the checkout (or -Dcertmap.designMd=PATH)")
                .isRegularFile();
        String example = designExample(Files.readString(design, StandardCharsets.UTF_8).replace("\r\n", "\n"));

        assertThat(DesignExample.text())
                .as("engine/src/test/resources/org/certmap/testing/design-example.xml is DESIGN.md's example word for"
                        + " word: copy the block of \"The mapping file, element by element\" into it, then fix the tests"
                        + " whose edits no longer apply")
                .isEqualTo(example);
    }

    @Test
    void designExampleWhenMarkdownHasTheSectionThenItsFirstXmlBlock() {
        String md = "# x\n```xml\n<other/>\n```\n## The mapping file, element by element\ntext\n```xml\n<a>\n  <b/>\n</a>\n```\n"
                + "```xml\n<later/>\n```\n";

        assertThat(designExample(md)).isEqualTo("<a>\n  <b/>\n</a>\n");
    }

    @Test
    void editWhenFragmentMissingOrTwiceThenRefusedNamingIt() {
        assertThatThrownBy(() -> DesignExample.edit().replace("<nothing/>", "x"))
                .hasMessage("not in DESIGN.md's example (design-example.xml): <nothing/>");
        assertThatThrownBy(() -> DesignExample.edit().removeLine("sslFlags=\"Ssl, SslRequireCert\""))
                .hasMessageStartingWith("more than once in DESIGN.md's example");
    }

    @Test
    void textWhenPlaceholderLeftThenRefused() {
        assertThatThrownBy(() -> DesignExample.edit().certificate("MIIB").text())
                .hasMessage("fill in or remove the placeholder 3A:7F:...:9C of DESIGN.md's example");
        assertThat(DesignExample.edit().element("manyToOneMappings")).startsWith("  <manyToOneMappings>\n")
                .endsWith("  </manyToOneMappings>\n").contains("name=\"no contractors\"", "name=\"contoso staff\"");
        assertThatThrownBy(() -> DesignExample.edit().element("oneToOneMappings"))
                .hasMessageStartingWith("fill in or remove the placeholder MIIC...");
    }

    @Test
    void editWhenRemovingALineThenOnlyThatLine() {
        String text = DesignExample.edit().removeLine("certificateFile=").rootAttributes("reloadInterval=\"0\"").certificate("X")
                .sha256("Y").text();

        assertThat(text).startsWith("<certificateMapping reloadInterval=\"0\">\n").doesNotContain("asmith")
                .contains("    <add userName=\"jdoe\" roles=\"staff admin\" certificate=\"X\"/>\n"
                        + "    <add userName=\"build-bot\" sha256=\"Y\"/>\n");
        assertThat(text.lines().count()).isEqualTo(DesignExample.text().lines().count() - 1);
    }
}
