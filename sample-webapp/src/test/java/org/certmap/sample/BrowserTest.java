package org.certmap.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.certmap.cli.pki.DemoPki;
import org.certmap.cli.pki.DemoPki.Scenario;
import org.certmap.pki.PkiFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample in a real browser: headless Chromium (Debian's chromium, libnss3-tools; installed by
 * scripts/test.sh) with a client certificate in an NSS database, chosen without a prompt by the
 * AutoSelectCertificateForUrls policy for exactly this URL. Chromium waits on the certificate
 * picker forever when the policy does not match, so every run is under {@code timeout}.
 * Screenshots are kept in target/screenshots.
 */
class BrowserTest {

    private static final Path POLICY_DIR = Path.of("/etc/chromium/policies/managed");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path dir;

    static SampleLauncher sample;
    static Path policy;

    @BeforeAll
    static void start() throws Exception {
        for (String tool : List.of("chromium", "certutil", "pk12util")) {
            assertThat(onPath(tool)).as(tool + " is needed: scripts/test.sh installs it (apt-get install chromium"
                    + " libnss3-tools)").isTrue();
        }
        sample = SampleLauncher.start(dir.resolve("demo"), 0, -1);
        Files.createDirectories(POLICY_DIR);
        Files.createDirectories(SCREENSHOTS);
        policy = POLICY_DIR.resolve("certmap-test-" + ProcessHandle.current().pid() + ".json");
        String pattern = "{\\\"pattern\\\":\\\"https://localhost:" + sample.httpsPort()
                + "\\\",\\\"filter\\\":{\\\"ISSUER\\\":{\\\"CN\\\":\\\"certmap Demo Root CA\\\"}}}";
        Files.writeString(policy, "{\"AutoSelectCertificateForUrls\": [\"" + pattern + "\"]}", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (policy != null) {
            Files.deleteIfExists(policy);
        }
        if (sample != null) {
            sample.stop();
        }
    }

    @Test
    void browserWhenMappedCertificateThenWhoamiShowsAlice() throws Exception {
        String dom = browse(Scenario.ONE_TO_ONE, "/secure/whoami", "mapped-alice.png");
        assertThat(dom).contains("<td id=\"user\">alice</td>").contains("<td id=\"roles\">staff admin</td>")
                .contains("<td id=\"mapping\">oneToOne</td>");
        assertThat(SCREENSHOTS.resolve("mapped-alice.png")).isNotEmptyFile();
    }

    @Test
    void browserWhenUnmappedCertificateThenRefusalPageWithReason() throws Exception {
        String dom = browse(Scenario.UNMAPPED, "/secure/whoami", "refused-dave.png");
        assertThat(dom).contains("<p id=\"reason\">NO_MAPPING</p>").doesNotContain("id=\"user\"");
        assertThat(SCREENSHOTS.resolve("refused-dave.png")).isNotEmptyFile();
    }

    /** Loads the page in a fresh profile holding one client certificate; returns the DOM. */
    private static String browse(Scenario who, String path, String screenshot) throws Exception {
        Path home = Files.createTempDirectory(dir, "home");
        Path nss = home.resolve(".pki/nssdb");
        Files.createDirectories(nss);
        DemoPki pki = sample.pki();
        String db = "sql:" + nss;
        run(home, 30, "certutil", "-N", "-d", db, "--empty-password");
        run(home, 30, "certutil", "-A", "-d", db, "-n", "certmap demo CA", "-t", "C,,", "-i",
                pki.caFiles().certificate().toString());
        run(home, 30, "pk12util", "-i", pki.client(who).files().pkcs12().toString(), "-d", db, "-W",
                PkiFiles.DEMO_PASSWORD);
        String url = "https://localhost:" + sample.httpsPort() + path;
        List<String> chrome = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + home.resolve("profile"), "--window-size=1000,700"));
        List<String> shot = new ArrayList<>(chrome);
        shot.add("--screenshot=" + SCREENSHOTS.resolve(screenshot).toAbsolutePath());
        shot.add(url);
        run(home, 90, shot.toArray(new String[0]));
        chrome.add("--dump-dom");
        chrome.add(url);
        return run(home, 90, chrome.toArray(new String[0]));
    }

    private static String run(Path home, int seconds, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "5", String.valueOf(seconds)));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("HOME", home.toString());
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(seconds + 10, TimeUnit.SECONDS);
        assertThat(done).as("%s finished", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s exit code; stderr: %s", String.join(" ", command),
                Files.readString(err)).isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
