package org.certmap.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.certmap.engine.CertmapEngine;
import org.certmap.engine.base.ConfigException;
import org.certmap.testing.Agreement;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/**
 * Fuzzes {@link MappingFileLoader} with the bytes of a mapping file. The one acceptable failure is
 * a {@link ConfigException} that says what is wrong; any other throwable (a RuntimeException, a
 * StackOverflowError), or a hang, is a bug: a front door would not start with a clear message, or
 * a reload would not keep the last good file with one.
 *
 * <p>A file that loads is then used: an engine started on it decides three paths for a TLS client
 * whose certificate chains to {@code ca.pem}, and {@code explain} must give the same answer each
 * time (DESIGN.md: the two can never disagree).
 *
 * <p>The bytes are written to {@code certmap.xml} in a folder that also holds {@code ca.pem} (a
 * CA), {@code user.pem} (a client certificate it issued) and {@code both.pem}, so that seeds can
 * name them; {@code ${certmap.dir}} and {@code ${env:CERTMAP_STORE_PASSWORD}} expand, other names
 * are unset. Seeds: {@code MappingFileLoaderFuzzTestInputs/load/}.
 *
 * <p>To fuzz (the FilePathTraversal sanitizer is for paths an attacker controls; a mapping file
 * names any path its administrator likes, so it is off for this target):
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=3m JAZZER_DISABLED_HOOKS=com.code_intelligence.jazzer.sanitizers.FilePathTraversal
 * mvn -o -pl engine test -Dtest=MappingFileLoaderFuzzTest}.
 */
class MappingFileLoaderFuzzTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Path DIR;
    private static final Issued CA;
    private static final Issued USER;
    private static final MappingFileLoader LOADER;
    private static final List<String> PATHS = List.of("/secure/x", "/", "/admin/report.jsp");

    static {
        try {
            DIR = Files.createTempDirectory("certmap-loader-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(MappingFileLoaderFuzzTest::deleteDir));
        Instant from = NOW.minusSeconds(86_400);
        Instant to = NOW.plusSeconds(86_400 * 365L);
        CA = TestPki.cert().subject("CN=Contoso Issuing CA 1,O=Contoso").ca(-1).validity(from, to).build();
        USER = TestPki.cert().subject("CN=alice,OU=Sales,O=Contoso Ltd").issuer(CA).validity(from, to).build();
        TestPki.writePem(DIR.resolve("ca.pem"), CA.certificate());
        TestPki.writePem(DIR.resolve("user.pem"), USER.certificate());
        TestPki.writePem(DIR.resolve("both.pem"), USER.certificate(), CA.certificate());
        LOADER = new MappingFileLoader(new PropertyExpander(Map.of("certmap.dir", DIR.toString())::get,
                Map.of("CERTMAP_STORE_PASSWORD", "changeit")::get));
    }

    @FuzzTest(maxDuration = "3m")
    @DictionaryEntries({"<certificateMapping", "</certificateMapping>", "<iisClientCertificateMappingAuthentication",
        "<validation", "<proxy", "<location", "<oneToOneMappings>", "<manyToOneMappings>", "<add", "<rules>", "<clear/>",
        "trustStore=\"ca.pem\"", "certificateFile=\"user.pem\"", "format=\"xfcc\"", "trustedProxies=", "path=\"/secure/*\"",
        "sslFlags=\"Ssl, SslRequireCert\"", "roles=", "userName=\"{Subject.CN}\"", "certificateField=\"Issuer\"",
        "certificateSubField=\"CN\"", "matchCriteria=\"*\"", "compareCaseSensitive=\"false\"", "permissionMode=\"Deny\"",
        "broad=\"true\"", "sha256=", "issuer=", "serialNumber=", "spkiSha256=", "${certmap.dir}", "${env:",
        "reloadInterval=", "enabled=\"false\"", "maxChainLength=", "maxHeaderBytes=", "chainHeader="})
    void load(byte[] xml) throws IOException {
        Path file = DIR.resolve("certmap.xml");
        Files.write(file, xml);
        Logger log = Logger.getLogger("org.certmap");
        Level level = log.getLevel();
        log.setLevel(Level.OFF); // a warning per load and per refusal: millions in a fuzzing run
        try {
            MappingConfig cfg;
            try {
                cfg = LOADER.load(file);
            } catch (ConfigException e) {
                assertThat(e.problem()).as("problem of %s", e).isNotBlank().isNotEqualTo("null");
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.line()).isNotNegative();
                return;
            }
            assertThat(cfg.file()).isEqualTo(file.toAbsolutePath().normalize());
            assertThat(cfg.reloadInterval().toMillis()).as("the poller schedules in ms").isNotNegative();
            try (CertmapEngine engine = CertmapEngine.builder("/fuzz", file).loader(LOADER).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start()) {
                for (String path : PATHS) {
                    if (!engine.configuration().trustedProxies().isTrusted("192.0.2.10")) {
                        Agreement.decideAndExplain(engine, path, NOW, USER.chain());
                        Agreement.decideAndExplain(engine, path, NOW, USER.certificate());
                    }
                }
            } catch (ConfigException e) {
                throw new AssertionError("loaded once, then refused: " + e.getMessage(), e);
            }
        } finally {
            log.setLevel(level);
        }
    }

    private static void deleteDir() {
        try (Stream<Path> files = Files.walk(DIR)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; nothing to do
        }
    }
}
