package org.certmap.engine.revocation;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** A real {@code openssl ocsp} responder for tests: its index file, its keys, and starting it on a free port. */
final class OpensslOcsp {

    static final DateTimeFormatter INDEX_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private OpensslOcsp() {
    }

    /** Stops responders started by {@link #start}. */
    static void stop(List<Process> started) throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        started.clear();
    }

    static String indexLine(String state, X509Certificate c, String revocation) {
        String serial = c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        if (serial.length() % 2 == 1) {
            serial = "0" + serial;
        }
        String subject = "/" + String.join("/", reverse(c.getSubjectX500Principal().getName().split(",")));
        return state + "\t" + INDEX_TIME.format(c.getNotAfter().toInstant()) + "\t" + revocation + "\t" + serial
                + "\tunknown\t" + subject + "\n";
    }

    private static List<String> reverse(String[] parts) {
        List<String> out = new ArrayList<>();
        for (int i = parts.length - 1; i >= 0; i--) {
            out.add(parts[i]);
        }
        return out;
    }

    static void writeKey(Path file, PrivateKey key) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    static void requireOpenssl() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("`openssl version` failed (" + out + "): this test needs openssl 3 on the PATH (Debian: apt-get install openssl)");
            }
        } catch (IOException e) {
            fail("openssl is not on the PATH: this test needs it as an OCSP responder (Debian: apt-get install openssl); "
                    + e.getMessage());
        }
    }

    /**
     * Starts {@code openssl ocsp} on a free port and waits until it listens. openssl cannot bind
     * port 0, so a port is picked by opening and closing a ServerSocket; another process may take it
     * in between, so a responder that exits (bind failed) is retried on a new port. It listens once
     * its log says it waits for connections.
     */
    static URI start(Path dir, String name, List<String> signer, List<Process> started) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of("openssl", "ocsp", "-index", "index.txt",
                    "-port", Integer.toString(port), "-CA", "ca.pem", "-ignore_err"));
            command.addAll(signer);
            Path log = dir.resolve(name + "-" + attempt + ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            started.add(p);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && System.nanoTime() < end) {
                // Not a probe connection: openssl 3.0 then waits on the silent probe and serves nobody.
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains("waiting for OCSP client connections")) {
                    return URI.create("http://127.0.0.1:" + port + "/");
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
            if (attempt == 5) {
                fail("openssl ocsp did not start listening: " + Files.readString(log));
            }
        }
        throw new AssertionError("unreachable");
    }
}
