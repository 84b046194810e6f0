package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.certmap.cli.edit.MappingElement;
import org.certmap.cli.edit.MappingFileEditor;
import org.junit.jupiter.api.Test;

class MappingFileEditorTest {

    private static final String FILE = String.join("\n",
            "<certificateMapping>",
            "  <!-- <oneToOneMappings><add userName=\"ghost\"/></oneToOneMappings> -->",
            "  <oneToOneMappings>",
            "    <add userName=\"a&amp;b\" sha256='x'/><add userName=\"c\" sha256=\"y\"/>",
            "    <add userName=\"d\"",
            "         sha256=\"z\"",
            "         enabled=\"false\"/>",
            "    <clear/>",
            "  </oneToOneMappings>",
            "  <manyToOneMappings>",
            "    <add name=\"m &lt;1&gt;\"><rules><add certificateField=\"Subject\" certificateSubField=\"CN\""
                    + " matchCriteria=\"x\"/></rules></add>",
            "  </manyToOneMappings>",
            "</certificateMapping>",
            "");

    @Test
    void scanWhenCommentsAndNestedRulesThenFindsOnlyTheMappingElementsWithTheLoadersLines() {
        MappingFileEditor.Scan scan = MappingFileEditor.scan(FILE);
        assertThat(scan.root()).isEqualTo("certificateMapping");
        List<MappingElement> e = scan.elements();
        assertThat(e).extracting(x -> x.kind() + " " + x.line() + " " + x.firstLine() + "-" + x.lastLine())
                .containsExactly("ONE_TO_ONE 4 4-4", "ONE_TO_ONE 4 4-4", "ONE_TO_ONE 7 5-7", "MANY_TO_ONE 11 11-11");
        assertThat(e.get(0).attribute("userName")).isEqualTo("a&b");
        assertThat(e.get(0).attribute("sha256")).isEqualTo("x");
        assertThat(e.get(3).attribute("name")).isEqualTo("m <1>");
        assertThat(FILE.substring(e.get(3).start(), e.get(3).end())).startsWith("<add name").endsWith("</rules></add>");
        assertThat(e.get(2).lines()).isEqualTo("lines 5-7");
    }

    @Test
    void scanWhenNotAMappingFileThenRefused() {
        assertThatThrownBy(() -> MappingFileEditor.scan("<web-app/>")).hasMessageContaining("<web-app>");
    }

    @Test
    void removalWhenAloneOnItsLinesThenTheLinesGoElseOnlyTheElement() {
        List<MappingElement> e = MappingFileEditor.scan(FILE).elements();
        String without = MappingFileEditor.apply(FILE, List.of(MappingFileEditor.removal(FILE, e.get(2))));
        assertThat(without).isEqualTo(FILE.replace("    <add userName=\"d\"\n         sha256=\"z\"\n"
                + "         enabled=\"false\"/>\n", ""));
        String first = MappingFileEditor.apply(FILE, List.of(MappingFileEditor.removal(FILE, e.get(0))));
        assertThat(first).contains("\n    <add userName=\"c\" sha256=\"y\"/>\n");
        String both = MappingFileEditor.apply(FILE, List.of(MappingFileEditor.removal(FILE, e.get(1)),
                MappingFileEditor.removal(FILE, e.get(0)), MappingFileEditor.removal(FILE, e.get(3))));
        assertThat(both).doesNotContain("userName=\"a", "userName=\"c\"", "name=\"m").contains("  <manyToOneMappings>\n"
                + "  </manyToOneMappings>");
    }

    @Test
    void removalWhenCrlfThenTheLineBreakGoesWhole() {
        String crlf = "<certificateMapping>\r\n  <oneToOneMappings>\r\n    <add userName=\"a\" sha256=\"x\"/>  \r\n"
                + "  </oneToOneMappings>\r\n</certificateMapping>";
        MappingElement a = MappingFileEditor.scan(crlf).elements().get(0);
        assertThat(MappingFileEditor.apply(crlf, List.of(MappingFileEditor.removal(crlf, a))))
                .isEqualTo("<certificateMapping>\r\n  <oneToOneMappings>\r\n  </oneToOneMappings>\r\n</certificateMapping>");
    }

    @Test
    void setAttributeWhenPresentThenReplacedInItsQuotesElseAddedAfterTheAnchor() {
        List<MappingElement> e = MappingFileEditor.scan(FILE).elements();
        assertThat(MappingFileEditor.apply(FILE, List.of(MappingFileEditor.setAttribute(FILE, e.get(0), "enabled", "false",
                "userName")))).contains("<add userName=\"a&amp;b\" enabled=\"false\" sha256='x'/>");
        assertThat(MappingFileEditor.apply(FILE, List.of(MappingFileEditor.setAttribute(FILE, e.get(2), "enabled", "true",
                "userName")))).contains("         enabled=\"true\"/>");
        assertThat(MappingFileEditor.apply(FILE, List.of(MappingFileEditor.setAttribute(FILE, e.get(1), "roles", "x \"y\"",
                "nothing")))).contains("<add userName=\"c\" sha256=\"y\" roles=\"x &quot;y&quot;\"/>");
    }

    @Test
    void removeAttributeThenTheAttributeAndTheSpaceBeforeItGo() {
        List<MappingElement> e = MappingFileEditor.scan(FILE).elements();
        assertThat(MappingFileEditor.apply(FILE, List.of(MappingFileEditor.removeAttribute(FILE, e.get(2), "enabled"))))
                .isEqualTo(FILE.replace("\n         enabled=\"false\"", ""));
        assertThat(MappingFileEditor.removeAttribute(FILE, e.get(0), "enabled")).isNull();
    }

    @Test
    void applyWhenEditsOverlapThenRefused() {
        assertThatThrownBy(() -> MappingFileEditor.apply("abcdef", List.of(new MappingFileEditor.Edit(1, 4, ""),
                new MappingFileEditor.Edit(3, 5, "")))).hasMessageContaining("overlapping");
    }
}
