package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged target/certmap.jar as users do (runs after `package`, see the pom). */
class CertmapJarIT {

    private static final Path JAR = Path.of("target", "certmap.jar");

    private record Run(int exit, String out) {
    }

    private static Run java(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void jarWhenRunThenHelpAndADemoWork(@TempDir Path dir) throws Exception {
        assertThat(JAR).exists();
        Run help = java(dir, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: certmap", "pki", "map", "explain", "check", "import-iis", "Examples:");
        Run demo = java(dir, "pki", "demo", "demo");
        assertThat(demo.exit()).as(demo.out()).isZero();
        assertThat(Files.exists(dir.resolve("demo/clients/bob.p12"))).isTrue();
        Run usage = java(dir, "explain", "--config", "demo/certmap.xml");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.out()).contains("give a certificate to explain, or --path PATH").doesNotContain("Exception");
    }
}
