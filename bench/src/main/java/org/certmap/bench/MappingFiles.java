package org.certmap.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Writes the benchmark mapping files into a temporary folder (never checked in). Every file turns
 * reload polling off ({@code reloadInterval="0"}) so no background thread runs during measurement.
 */
public final class MappingFiles {

    /** The path every benchmark request asks for; a location covers it. */
    public static final String PATH = "/secure/index.jsp";

    private MappingFiles() {
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("certmap-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    /**
     * {@code n} one-to-one {@code sha256=} mappings (colon-separated upper-case hex, as
     * {@code openssl x509 -fingerprint -sha256} prints it): the first {@code min(n, mapped.size())}
     * are the given certificates, the rest random digests. The location accepts a certificate
     * ({@code SslNegotiateCert}) so that a certificate that does not map decides "anonymous" without
     * an INFO refusal line, and the decision cost compares across file sizes.
     */
    public static Path oneToOne(Path dir, int n, List<X509Certificate> mapped, String sslFlags) {
        Path file = dir.resolve("one-to-one-" + n + ".xml");
        write(file, "/secure/*", sslFlags, w -> oneToOneMappings(w, n, mapped, MappingFiles::userName));
        return file;
    }

    /**
     * {@code n} many-to-one Allow mappings, each with an Issuer CN rule and then a Subject OU rule
     * (the order of DESIGN.md's example); mapping {@code i} has issuer CN {@code issuerCn(i)} and
     * OU {@code "Dept " + i}. No one-to-one mappings.
     */
    public static Path manyToOne(Path dir, int n, IntFunction<String> issuerCn) {
        Path file = dir.resolve("many-to-one-" + n + ".xml");
        write(file, "/secure/*", "Ssl, SslRequireCert", w -> manyToOneMappings(w, n, issuerCn));
        return file;
    }

    /** What goes between the location and the end of a mapping file. */
    public interface Body {
        void write(Writer w) throws IOException;
    }

    /** A mapping file with reload polling off, one location, then {@code body}. */
    public static void write(Path file, String locationPath, String sslFlags, Body body) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write("<certificateMapping reloadInterval=\"0\">\n");
            w.write("  <location path=\"" + locationPath + "\" sslFlags=\"" + sslFlags + "\"/>\n");
            body.write(w);
            w.write("</certificateMapping>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code user0000042}: the user of one-to-one mapping {@code i}. */
    public static String userName(int i) {
        return "user" + String.format("%07d", i);
    }

    /**
     * {@code <oneToOneMappings>} with {@code n} {@code sha256=} mappings to {@code user(i)}: the first
     * {@code min(n, mapped.size())} are the given certificates, the rest random digests (the same
     * ones for every file: the generator's seed is fixed).
     */
    public static void oneToOneMappings(Writer w, int n, List<X509Certificate> mapped, IntFunction<String> user)
            throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] digest = new byte[32];
        w.write("  <oneToOneMappings>\n");
        for (int i = 0; i < n; i++) {
            String sha;
            if (i < mapped.size()) {
                sha = BenchPki.sha256Colons(mapped.get(i));
            } else {
                for (int j = 0; j < 32; j += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        digest[j + k] = (byte) (v >>> (8 * k));
                    }
                }
                sha = BenchPki.colons(digest);
            }
            w.write("    <add userName=\"" + user.apply(i) + "\" sha256=\"" + sha + "\"/>\n");
        }
        w.write("  </oneToOneMappings>\n");
    }

    /**
     * {@code <manyToOneMappings>} with {@code n} Allow mappings, each with an Issuer CN rule
     * ({@code issuerCn(i)}) and then a Subject OU rule ({@code "Dept " + i}).
     */
    public static void manyToOneMappings(Writer w, int n, IntFunction<String> issuerCn) throws IOException {
        w.write("  <manyToOneMappings>\n");
        for (int i = 0; i < n; i++) {
            w.write("    <add name=\"dept " + i + "\" userName=\"dept" + i + "\" roles=\"staff\">\n");
            w.write("      <rules>\n");
            w.write("        <add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\""
                    + issuerCn.apply(i) + "\"/>\n");
            w.write("        <add certificateField=\"Subject\" certificateSubField=\"OU\" matchCriteria=\"Dept "
                    + i + "\"/>\n");
            w.write("      </rules>\n");
            w.write("    </add>\n");
        }
        w.write("  </manyToOneMappings>\n");
    }
}
