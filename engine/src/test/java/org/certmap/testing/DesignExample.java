package org.certmap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.certmap.testing.TestPki.Issued;

/**
 * DESIGN.md's example mapping file ("The mapping file, element by element"), kept once, word for
 * word, in {@code design-example.xml} beside this class ({@code DesignExampleTest} fails when it
 * drifts from DESIGN.md), and the ways tests fill it in:
 *
 * <ul>
 *   <li>{@link #write} fills in every placeholder with a fresh PKI and writes the files it names,
 *       so that it loads as it is;</li>
 *   <li>{@link #edit} starts from the same text for tests that need a variant (other paths,
 *       proxies, user names): each edit must match exactly once, so a change in DESIGN.md either
 *       reaches every variant or fails the test that needs reconciling, instead of drifting.</li>
 * </ul>
 */
public final class DesignExample {

    /** The placeholder of jdoe's {@code certificate}. */
    public static final String CERTIFICATE = "MIIC...(one line, or PEM with armor and line breaks)";
    /** The placeholder of build-bot's {@code sha256}. */
    public static final String SHA256 = "3A:7F:...:9C";
    /** The trust store the example names, relative to the mapping file. */
    public static final String TRUST_STORE = "clients-ca.pem";
    /** asmith's {@code certificateFile}, relative to the mapping file. */
    public static final String CERTIFICATE_FILE = "clients/asmith.pem";
    /** The issuer CN of the "contoso staff" rule. */
    public static final String ISSUING_CA = "Contoso Issuing CA 1";

    private static final List<String> PLACEHOLDERS = List.of(CERTIFICATE, SHA256);

    private DesignExample() {
    }

    /** The example exactly as DESIGN.md shows it, placeholders and all. */
    public static String text() {
        try (InputStream in = DesignExample.class.getResourceAsStream("design-example.xml")) {
            if (in == null) {
                throw new IllegalStateException("design-example.xml is not beside " + DesignExample.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The example filled in and its files written, ready to load: {@code certmap.xml},
     * {@code clients-ca.pem} (the CA {@code CN=Contoso Issuing CA 1,O=Contoso}, which the "contoso
     * staff" rule names) and {@code clients/asmith.pem}; jdoe's certificate as PEM with armor and
     * line breaks, build-bot's SHA-256 as openssl prints it.
     */
    public static Filled write(Path dir) throws IOException {
        Issued ca = TestPki.rootCa("CN=" + ISSUING_CA + ",O=Contoso");
        Issued jdoe = TestPki.client(ca, "CN=jdoe,O=Contoso");
        Issued asmith = TestPki.client(ca, "CN=asmith,O=Contoso");
        Issued buildBot = TestPki.client(ca, "CN=build-bot,O=Contoso");
        Files.createDirectories(dir.resolve(CERTIFICATE_FILE).getParent());
        TestPki.writePem(dir.resolve(TRUST_STORE), ca.certificate());
        TestPki.writePem(dir.resolve(CERTIFICATE_FILE), asmith.certificate());
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, edit().certificate(jdoe.pem()).sha256(sha256Colons(buildBot)).text(),
                StandardCharsets.UTF_8);
        return new Filled(file, ca, jdoe, asmith, buildBot);
    }

    /** What {@link #write} made. */
    public record Filled(Path file, Issued ca, Issued jdoe, Issued asmith, Issued buildBot) {
    }

    /** Edits of the example's text, from DESIGN.md's version. */
    public static Edit edit() {
        return new Edit(text());
    }

    /** SHA-256 of the certificate as {@code openssl x509 -fingerprint -sha256} prints it: upper-case hex with colons. */
    public static String sha256Colons(Issued issued) {
        try {
            String hex = HexFormat.of().withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(issued.certificate().getEncoded()));
            return String.join(":", hex.split("(?<=\\G..)"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example's text with edits, each of which must match exactly once. */
    public static final class Edit {
        private String text;

        private Edit(String text) {
            this.text = text;
        }

        /** Replaces {@code fragment}, which must occur exactly once. */
        public Edit replace(String fragment, String replacement) {
            int at = text.indexOf(fragment);
            if (at < 0 || text.indexOf(fragment, at + 1) >= 0) {
                throw new IllegalStateException((at < 0 ? "not in" : "more than once in") + " DESIGN.md's example"
                        + " (design-example.xml): " + fragment);
            }
            text = text.substring(0, at) + replacement + text.substring(at + fragment.length());
            return this;
        }

        /** Removes the one line that contains {@code fragment}. */
        public Edit removeLine(String fragment) {
            int at = text.indexOf(fragment);
            if (at < 0 || text.indexOf(fragment, at + 1) >= 0) {
                throw new IllegalStateException((at < 0 ? "not in" : "more than once in") + " DESIGN.md's example"
                        + " (design-example.xml): " + fragment);
            }
            int start = text.lastIndexOf('\n', at) + 1;
            int end = text.indexOf('\n', at) + 1;
            text = text.substring(0, start) + text.substring(end);
            return this;
        }

        /** Attributes for the root element, e.g. {@code reloadInterval="0"}. */
        public Edit rootAttributes(String attributes) {
            return replace("<certificateMapping>", "<certificateMapping " + attributes + ">");
        }

        /** jdoe's {@code certificate}: base64 DER on one line, or PEM with armor and line breaks. */
        public Edit certificate(String value) {
            return replace(CERTIFICATE, value);
        }

        /** build-bot's {@code sha256}. */
        public Edit sha256(String value) {
            return replace(SHA256, value);
        }

        /** The whole file. */
        public String text() {
            return checked(text);
        }

        /** The lines of one element, e.g. {@code manyToOneMappings}, from its start tag to its end tag. */
        public String element(String name) {
            int at = text.indexOf("<" + name + ">");
            int end = text.indexOf("</" + name + ">");
            if (at < 0 || end < 0) {
                throw new IllegalStateException("no <" + name + "> in DESIGN.md's example (design-example.xml)");
            }
            int start = text.lastIndexOf('\n', at) + 1;
            return checked(text.substring(start, text.indexOf('\n', end) + 1));
        }

        private static String checked(String part) {
            for (String p : PLACEHOLDERS) {
                if (part.contains(p)) {
                    throw new IllegalStateException("fill in or remove the placeholder " + p + " of DESIGN.md's example");
                }
            }
            return part;
        }
    }
}
