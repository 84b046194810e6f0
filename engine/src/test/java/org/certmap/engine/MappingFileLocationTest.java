package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.PropertyExpander;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule every front door locates its mapping file with (DESIGN.md, "Where the mapping file is"). */
class MappingFileLocationTest {

    @TempDir
    Path root;

    private final PropertyExpander expander = new PropertyExpander(Map.of("certmap.dir", "/srv/certmap")::get,
            Map.of("CERTMAP_DIR", "/env/certmap")::get);

    private UnaryOperator<String> unpacked() {
        return resource -> root.resolve(resource.substring(1)).toString();
    }

    @Test
    void resolveWhenWebInfThenTheUnpackedResource() throws Exception {
        assertThat(MappingFileLocation.resolve("/WEB-INF/certmap.xml", unpacked(), expander, null))
                .isEqualTo(root.resolve("WEB-INF/certmap.xml"));
    }

    @Test
    void resolveWhenWebInfAndNotUnpackedThenLoadErrorNamingTheValue() {
        assertThatThrownBy(() -> MappingFileLocation.resolve("/WEB-INF/certmap.xml", r -> null, expander, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configFile [/WEB-INF/certmap.xml]: /WEB-INF/certmap.xml is a web application resource")
                .hasMessageContaining("not unpacked");
    }

    @Test
    void resolveWhenNoServletContextAndWebInfThenLoadError() {
        assertThatThrownBy(() -> MappingFileLocation.resolve("/WEB-INF/certmap.xml", null, expander, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not unpacked");
    }

    @Test
    void resolveWhenPropertiesThenExpandedFirst() throws Exception {
        assertThat(MappingFileLocation.resolve(" ${certmap.dir}/app.xml ", unpacked(), expander, "/opt/tomcat"))
                .isEqualTo(Path.of("/srv/certmap/app.xml"));
        assertThat(MappingFileLocation.resolve("${env:CERTMAP_DIR}/app.xml", unpacked(), expander, null))
                .isEqualTo(Path.of("/env/certmap/app.xml"));
    }

    @Test
    void resolveWhenUnsetPropertyThenLoadErrorNamingIt() {
        assertThatThrownBy(() -> MappingFileLocation.resolve("${certmap.unset}/a.xml", unpacked(), expander, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configFile [${certmap.unset}/a.xml]: ")
                .hasMessageContaining("certmap.unset");
    }

    @Test
    void resolveWhenEmptyThenLoadError() {
        assertThatThrownBy(() -> MappingFileLocation.resolve("  ", unpacked(), expander, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the value is empty");
        assertThatThrownBy(() -> MappingFileLocation.resolve(null, unpacked(), expander, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("the value is empty");
    }

    @Test
    void resolveWhenRelativeThenUnderCatalinaBaseElseTheWorkingDirectory() throws Exception {
        assertThat(MappingFileLocation.resolve("conf/certmap/app.xml", unpacked(), expander, root.toString()))
                .isEqualTo(root.resolve("conf/certmap/app.xml"));
        assertThat(MappingFileLocation.resolve("conf/certmap/app.xml", unpacked(), expander, null))
                .isEqualTo(Path.of("conf/certmap/app.xml").toAbsolutePath());
    }

    @Test
    void resolveWhenAbsoluteThenAsGiven() throws Exception {
        assertThat(MappingFileLocation.resolve("/etc/certmap/app.xml", unpacked(), expander, root.toString()))
                .isEqualTo(Path.of("/etc/certmap/app.xml"));
    }
}
