package org.certmap.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.config.MappingFileLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roles a mapping file names, declared at start; a role new at a reload is logged once. */
class DeclaredRolesTest {

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();
    final Logger log = Logger.getLogger("org.certmap");
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
    }

    static String file(String oneToOneRoles, String locationRoles) {
        return """
                <certificateMapping reloadInterval="0">
                  <location path="/admin/*" sslFlags="SslRequireCert" roles="%s"/>
                  <oneToOneMappings>
                    <add userName="jdoe" roles="%s" sha256="%s"/>
                    <add userName="nobody" sha256="%s"/>
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="staff" userName="staff" roles="staff,viewer">
                      <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso CA"/></rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(locationRoles, oneToOneRoles, "ab".repeat(32), "cd".repeat(32));
    }

    @Test
    void roleNamesWhenOneToOneManyToOneAndLocationsThenEveryRoleOnceFromTheEnginesLoad() throws Exception {
        Path f = dir.resolve("certmap.xml");
        Files.writeString(f, file("staff admin", "admin"));
        // One reader: the roles come from the engine's own load of the file, not a second parse.
        assertThat(MappingFileLoader.standard().load(f).roleNames()).containsExactly("admin", "staff", "viewer");
    }

    @Test
    void reloadWhenNewRoleThenLoggedOnceAsNeedingRedeploy() throws Exception {
        Path f = dir.resolve("certmap.xml");
        Files.writeString(f, file("staff admin", "admin"));
        DeclaredRoles roles = new DeclaredRoles("/app", true);
        try (CertmapEngine engine = CertmapEngine.builder("/app", f).clock(java.time.Clock.systemUTC()).polling(false).requirement(roles).start()) {
            assertThat(roles.declared()).containsExactly("admin", "staff", "viewer");
            assertThat(warnings).isEmpty();

            Files.writeString(f, file("staff admin auditor", "admin") + "\n");
            assertThat(engine.reloadIfChanged()).isTrue();
            assertThat(warnings).singleElement().asString().contains("certmap [/app]", "auditor", "redeploy")
                    .doesNotContain("admin,").doesNotContain("viewer");

            // Named again at the next reload: not logged again; the declared set stays the start's.
            Files.writeString(f, file("staff admin auditor", "admin auditor") + "\n\n");
            assertThat(engine.reloadIfChanged()).isTrue();
            assertThat(warnings).hasSize(1);
            assertThat(roles.declared()).containsExactly("admin", "staff", "viewer");
        }
    }

    @Test
    void reloadWhenRolesNeedNoDeclarationThenNothingLogged() throws Exception {
        Path f = dir.resolve("certmap.xml");
        Files.writeString(f, file("staff", "admin"));
        DeclaredRoles roles = new DeclaredRoles("/app", false);
        try (CertmapEngine engine = CertmapEngine.builder("/app", f).clock(java.time.Clock.systemUTC()).polling(false).requirement(roles).start()) {
            Files.writeString(f, file("staff auditor", "admin"));
            assertThat(engine.reloadIfChanged()).isTrue();
            assertThat(warnings).isEmpty();
        }
    }
}
