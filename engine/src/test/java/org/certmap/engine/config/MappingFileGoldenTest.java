package org.certmap.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.certmap.engine.base.ConfigException;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what the loader says about each file, to the byte: the error (line, column, text) or the
 * warnings, notices and watched files of a file that loads, for the cases in {@code golden/cases.txt}
 * and the fuzz seeds. Written before the loader was split into readers, rules and a builder
 * (issue 13.4), so that the split is seen to change nothing; a change of a message shows here as a
 * diff of {@code golden/expected.txt}. To write that file anew after a deliberate change:
 * {@code mvn -o -pl engine test -Dtest=MappingFileGoldenTest -Dcertmap.golden.write=true}, then
 * read the diff.
 */
class MappingFileGoldenTest {

    private static final String GOLDEN = "/org/certmap/engine/config/golden/";
    private static final Path SOURCE = Path.of("src/test/resources" + GOLDEN);
    private static final Path SEEDS = Path.of("src/test/resources/org/certmap/engine/config/MappingFileLoaderFuzzTestInputs/load");

    @TempDir
    Path dir;

    @Test
    void loadWhenEachCaseThenSaysExactlyWhatItSaidBefore() throws Exception {
        fixtures();
        MappingFileLoader loader = new MappingFileLoader(new PropertyExpander(
                Map.of("certmap.dir", dir.toString())::get, Map.of("CERTMAP_STORE_PASSWORD", "changeit")::get));
        StringBuilder out = new StringBuilder();
        int cases = 0;
        for (Map.Entry<String, byte[]> c : cases()) {
            cases++;
            Path file = dir.resolve("certmap.xml");
            Files.write(file, c.getValue());
            out.append("### ").append(c.getKey()).append('\n');
            try {
                MappingConfig cfg = loader.load(file);
                out.append("loads\n");
                for (String w : cfg.warnings()) {
                    out.append("warning ").append(w).append('\n');
                }
                for (String n : cfg.notices()) {
                    out.append("notice ").append(n).append('\n');
                }
                for (Path p : cfg.watchedFiles().subList(1, cfg.watchedFiles().size())) {
                    out.append("watched ").append(p).append('\n');
                }
                if (!cfg.roleNames().isEmpty()) {
                    out.append("roles ").append(cfg.roleNames()).append('\n');
                }
            } catch (ConfigException e) {
                out.append("error ").append(e.line()).append(':').append(e.column()).append(' ').append(e.getMessage())
                        .append('\n');
            }
        }
        String actual = out.toString().replace(dir.toString(), "$DIR");
        assertThat(cases).isGreaterThan(150);
        if (Boolean.getBoolean("certmap.golden.write")) {
            Files.writeString(SOURCE.resolve("expected.txt"), actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(resource("expected.txt"));
    }

    /** The cases of cases.txt, then every fuzz seed, each as the bytes of a mapping file. */
    private static List<Map.Entry<String, byte[]>> cases() throws IOException {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        String name = null;
        StringBuilder xml = new StringBuilder();
        for (String line : (resource("cases.txt") + "### end\n").split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (name != null) {
                    out.add(Map.entry(name, xml.toString().getBytes(StandardCharsets.UTF_8)));
                }
                name = line.substring(4);
                xml.setLength(0);
            } else if (name != null) {
                xml.append(line).append('\n');
            }
        }
        try (Stream<Path> seeds = Files.list(SEEDS)) {
            for (Path seed : seeds.sorted().toList()) {
                out.add(Map.entry("seed " + seed.getFileName(), Files.readAllBytes(seed)));
            }
        }
        return out;
    }

    private void fixtures() throws IOException {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2046-01-01T00:00:00Z");
        Issued ca = TestPki.cert().subject("CN=Contoso Issuing CA 1,O=Contoso").ca(-1).validity(from, to)
                .serial(BigInteger.valueOf(1)).build();
        Issued user = TestPki.cert().subject("CN=alice,OU=Sales,O=Contoso Ltd").issuer(ca).validity(from, to)
                .serial(BigInteger.valueOf(2)).build();
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        TestPki.writePem(dir.resolve("user.pem"), user.certificate());
        TestPki.writePem(dir.resolve("both.pem"), user.certificate(), ca.certificate());
        ca.writePkcs12(dir.resolve("ca.p12"), "changeit".toCharArray());
        Issued other = TestPki.cert().subject("CN=Other Root").ca(-1).validity(from, to).serial(BigInteger.valueOf(3)).build();
        Issued otherIssuing = TestPki.cert().subject("CN=Other Issuing CA").issuer(other).ca(0).validity(from, to)
                .serial(BigInteger.valueOf(4)).build();
        TestPki.writePem(dir.resolve("foreign.pem"), ca.certificate(), otherIssuing.certificate());
        Issued inter = TestPki.cert().subject("CN=Contoso Intermediate").issuer(ca).ca(0).validity(from, to)
                .serial(BigInteger.valueOf(5)).build();
        TestPki.writePem(dir.resolve("inter.pem"), inter.certificate());
        Issued same1 = TestPki.cert().subject("CN=Same CA").ca(-1).validity(from, to).serial(BigInteger.valueOf(6)).build();
        Issued same2 = TestPki.cert().subject("CN=Same CA").ca(-1).validity(from, to).serial(BigInteger.valueOf(7)).build();
        TestPki.writePem(dir.resolve("samename.pem"), same1.certificate(), same2.certificate());
        Files.write(dir.resolve("empty.pem"), new byte[0]);
        Files.writeString(dir.resolve("garbage.crl"), "not a CRL");
        Files.createDirectories(dir.resolve("afolder"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MappingFileGoldenTest.class.getResourceAsStream(GOLDEN + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
