package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docs/ee-servers.md as the EE-server tests run it: the fenced block after a
 * {@code <!-- e2e:name -->} marker, copied verbatim, as docs/tomcat.md's blocks are.
 */
final class EeDocs {

    static final Path DOCS = Path.of(System.getProperty("certmap.ee.docs", "../../docs/ee-servers.md"));

    private EeDocs() {
    }

    /** The fenced block after {@code <!-- e2e:name -->} in docs/ee-servers.md, with its last newline. */
    static String block(String name) {
        String docs;
        try {
            docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int marker = docs.indexOf("<!-- e2e:" + name + " -->");
        assertThat(marker).as("docs/ee-servers.md marker e2e:" + name).isNotNegative();
        int open = docs.indexOf("```", marker);
        int start = docs.indexOf('\n', open) + 1;
        int close = docs.indexOf("\n```", start);
        return docs.substring(start, close + 1);
    }

    /** Runs a command with a time limit and extra environment; returns its output; fails on a non-zero exit. */
    static String run(Path dir, Duration limit, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "run", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command[0] + " did not finish within " + limit + ":\n" + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text;
    }
}
