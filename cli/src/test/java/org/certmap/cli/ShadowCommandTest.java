package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.certmap.engine.base.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowCommandTest {

    @TempDir
    Path dir;

    @Test
    void summarisesTheEnginesShadowLinesPerChange() throws Exception {
        // The very lines the engine writes (its catalog), as a server log holds them.
        String a = Messages.format("engine.shadowDifference", "localhost/legacy", "/secure/x", "aa11", "CN=alice,OU=Sales",
                "AUTHENTICATED as alice [staff] by staff", "REFUSED MAPPING_DENIED (mapping no sales)");
        String b = Messages.format("engine.shadowDifference", "localhost/legacy", "/secure/y", "bb22", "CN=ann,OU=Sales",
                "AUTHENTICATED as ann [staff] by staff", "REFUSED MAPPING_DENIED (mapping no sales)");
        String c = Messages.format("engine.shadowDifference", "localhost/legacy", "/secure/z", "cc33", "CN=eve",
                "REFUSED NO_MAPPING", "AUTHENTICATED as eve [] by everyone");
        Path log = dir.resolve("catalina.out");
        Files.writeString(log, "01-Dec-2026 INFO [exec-1] org.certmap " + a + "\nunrelated line\n"
                + "01-Dec-2026 INFO [exec-2] org.certmap " + b + "\n" + "INFO: " + c + "\n");
        Cli.Result r = Cli.exec("shadow", log.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("3 certificate(s) would be decided differently",
                "2  [localhost/legacy] AUTHENTICATED -> REFUSED MAPPING_DENIED",
                "1  [localhost/legacy] REFUSED NO_MAPPING -> AUTHENTICATED", "e.g. CN=alice,OU=Sales on /secure/x");
        Files.writeString(log, "nothing here\n");
        assertThat(Cli.exec("shadow", log.toString()).out()).contains("no shadow differences");
    }
}
