package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line in a folder, for files made by a tool certmap did not write. */
final class Openssl {

    private static Boolean available;

    private Openssl() {
    }

    /** Fails the test where there is no openssl: ./scripts/test.sh installs it, and a skipped test proves nothing. */
    static void assumeAvailable() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assertTrue(available, "openssl is not installed: run ./scripts/test.sh, which installs it, or apt-get install openssl");
    }

    /** Runs {@code openssl args...} in {@code dir}; fails the test unless it exits 0. Returns stdout and stderr. */
    static String run(Path dir, String... args) throws Exception {
        Result r = runAny(dir, args);
        assertThat(r.exit()).as("openssl " + String.join(" ", args) + "\n" + r.output()).isZero();
        return r.output();
    }

    /** What openssl printed (stdout and stderr) and its exit code. */
    record Result(int exit, String output) {
    }

    /** Runs {@code openssl args...} in {@code dir}, whatever its exit code. */
    static Result runAny(Path dir, String... args) throws Exception {
        assumeAvailable();
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        return new Result(p.exitValue(), output);
    }
}
