package org.certmap.e2e.ee;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** What the released-server tests share: folders, free ports, logs, and stopping what they started. */
final class EeProcesses {

    private EeProcesses() {
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An offset in [min, max) at which every one of {@code ports} is free now. */
    static int freeOffset(int min, int max, int step, int... ports) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = min + ThreadLocalRandom.current().nextInt((max - min) / step) * step;
            if (IntStream.of(ports).allMatch(p -> free(p + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset");
    }

    static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log " + log + ")";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Stops a process we started and every process below it (a launcher script's JVM). */
    static void stopTree(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> below = process.descendants().toList();
        process.destroy();
        below.forEach(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        stopAll(below);
    }

    /** Waits up to 30 s for each to end after a TERM, then kills it. */
    static void stopAll(List<ProcessHandle> handles) {
        for (ProcessHandle h : handles) {
            h.destroy();
            if (h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join().isAlive()) {
                h.destroyForcibly();
            }
        }
    }
}
