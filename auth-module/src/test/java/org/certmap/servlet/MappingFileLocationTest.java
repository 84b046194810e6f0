package org.certmap.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.certmap.engine.base.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingFileLocationTest {

    @TempDir
    Path root;

    @Test
    void resolveWhenWebInfThenApplicationResource() throws Exception {
        assertThat(MappingFileLocation.resolve(Fakes.context(root), "/WEB-INF/certmap.xml"))
                .isEqualTo(root.resolve("WEB-INF/certmap.xml"));
    }

    @Test
    void resolveWhenWebInfAndNotUnpackedThenLoadError() {
        assertThatThrownBy(() -> MappingFileLocation.resolve(Fakes.context(null), "/WEB-INF/certmap.xml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not unpacked");
    }

    @Test
    void resolveWhenSystemPropertyThenExpanded() throws Exception {
        System.setProperty("certmap.test.dir", root.toString());
        try {
            assertThat(MappingFileLocation.resolve(Fakes.context(root), "${certmap.test.dir}/conf/app.xml"))
                    .isEqualTo(root.resolve("conf/app.xml"));
        } finally {
            System.clearProperty("certmap.test.dir");
        }
    }

    @Test
    void resolveWhenUnsetPropertyThenLoadErrorNamingIt() {
        assertThatThrownBy(() -> MappingFileLocation.resolve(Fakes.context(root), "${certmap.unset.property}/a.xml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("certmap.unset.property");
    }

    @Test
    void resolveWhenRelativeThenUnderCatalinaBase() throws Exception {
        String old = System.getProperty("catalina.base");
        System.setProperty("catalina.base", root.toString());
        try {
            assertThat(MappingFileLocation.resolve(Fakes.context(root), "conf/certmap/app.xml"))
                    .isEqualTo(root.resolve("conf/certmap/app.xml"));
        } finally {
            if (old == null) {
                System.clearProperty("catalina.base");
            } else {
                System.setProperty("catalina.base", old);
            }
        }
    }
}
