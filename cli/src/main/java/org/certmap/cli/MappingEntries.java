package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.certmap.cli.edit.MappingElement;
import org.certmap.cli.edit.MappingFileEditor;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.CertificateReader;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.PropertyExpander;
import org.certmap.engine.config.Values;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.ManyToOneMapping;

/**
 * The mappings of one mapping file, for {@code list}, {@code unmap}, {@code disable} and
 * {@code enable}: the file as the engine's loader loaded it, and each mapping element of its text
 * with its position ({@link MappingFileEditor#scan}).
 *
 * <p>Many-to-one mappings are the loader's ({@link ManyToOneMapping}: name, user, roles, rules,
 * enabled, line); the text only adds where each element is, and each one is matched to the
 * loader's by line and name. One-to-one entries cannot be listed from the loaded file: its index
 * keeps no key values and cannot be walked (a million entries must stay small), so their user,
 * roles, enabled flag and key come from the start tag of each element, read after the loader
 * accepted the file, and their number must equal the loader's. A certificate is matched through the
 * loader's index ({@code findAll}), which gives the lines of the entries that match it.
 */
final class MappingEntries {

    /** The two kinds of mapping a file holds. */
    enum Kind {
        ONE_TO_ONE("one-to-one"), MANY_TO_ONE("many-to-one");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** One mapping. */
    static final class Entry {
        final MappingElement element;
        final Kind kind;
        /** The one-to-one key; null for many-to-one. */
        final KeyKind keyKind;
        /** The loader's many-to-one mapping; null for one-to-one. */
        final ManyToOneMapping mapping;
        final String user;
        final List<String> roles;
        final boolean enabled;
        private final Path folder;
        private final PropertyExpander expander;
        private CertificateFacts facts;
        private boolean factsRead;

        private Entry(MappingElement element, KeyKind keyKind, ManyToOneMapping mapping, Path folder,
                PropertyExpander expander) {
            this.element = element;
            this.kind = mapping == null ? Kind.ONE_TO_ONE : Kind.MANY_TO_ONE;
            this.keyKind = keyKind;
            this.mapping = mapping;
            this.folder = folder;
            this.expander = expander;
            if (mapping != null) {
                user = mapping.deny() ? null : mapping.userName().toString();
                roles = mapping.roles().stream().sorted().toList();
                enabled = mapping.enabled();
            } else {
                String u = element.attribute("userName");
                user = u == null ? "" : u.strip();
                String r = element.attribute("roles");
                roles = r == null ? List.of() : List.copyOf(Values.list(r));
                String on = element.attribute("enabled");
                enabled = on == null || on.strip().equalsIgnoreCase("true"); // as the loader reads it; IIS writes True
            }
        }

        int line() {
            return element.line();
        }

        boolean strong() {
            return kind == Kind.ONE_TO_ONE;
        }

        /** The strength, in {@code check}'s words. */
        String strength() {
            return kind == Kind.ONE_TO_ONE ? CheckCommand.strength(keyKind) : CheckCommand.WEAK;
        }

        /** The key attribute (one-to-one) or {@code name}. */
        String keyAttribute() {
            return kind == Kind.MANY_TO_ONE ? "name" : keyKind.attribute();
        }

        /**
         * The key value for scripts: the certificate's SHA-256 in hex for {@code certificate} and
         * {@code certificateFile} (the path when the file cannot be read), the fingerprint in hex for
         * {@code sha256}, base64 for {@code spkiSha256}, {@code serialNumber=HEX issuer=DN}, or the name.
         */
        String keyValue() {
            if (kind == Kind.MANY_TO_ONE) {
                return mapping.name();
            }
            return switch (keyKind) {
                case CERTIFICATE -> facts() == null ? "" : facts().sha256Hex();
                case CERTIFICATE_FILE -> facts() == null ? element.attribute("certificateFile") : facts().sha256Hex();
                case SHA256 -> hex(Values.sha256Hex(element.attribute("sha256")));
                case SPKI_SHA256 -> Base64.getEncoder().encodeToString(Values.spkiSha256(element.attribute("spkiSha256")));
                case ISSUER_SERIAL -> "serialNumber=" + Values.serial(element.attribute("serialNumber")).toString(16)
                        .toUpperCase(Locale.ROOT) + " issuer=" + element.attribute("issuer");
            };
        }

        /** The key in a few characters, for the table and messages. */
        String shortKey() {
            if (kind == Kind.MANY_TO_ONE) {
                return "\"" + mapping.name() + "\"";
            }
            String v = switch (keyKind) {
                case CERTIFICATE -> facts() == null ? "(unreadable)" : cut(facts().sha256Hex(), 16);
                case CERTIFICATE_FILE -> element.attribute("certificateFile");
                case SHA256 -> cut(keyValue(), 16);
                case SPKI_SHA256 -> cut(keyValue(), 16);
                case ISSUER_SERIAL -> cut(Values.serial(element.attribute("serialNumber")).toString(16)
                        .toUpperCase(Locale.ROOT), 16) + " " + element.attribute("issuer");
            };
            return keyKind.attribute() + " " + v;
        }

        /** More about it: the certificate's subject, or a many-to-one mapping's permission and rules. */
        String detail() {
            if (kind == Kind.MANY_TO_ONE) {
                return (mapping.deny() ? "Deny" : "Allow") + ": " + CheckCommand.covers(mapping);
            }
            return facts() == null ? "" : facts().summary().subject();
        }

        /** One line for messages: "one-to-one sha256 ab12cd34... user bob", with ", disabled" when {@code state} and it is. */
        String describe(boolean state) {
            return kind.words + " " + shortKey() + (user == null ? " (Deny)" : " user " + user)
                    + (roles.isEmpty() ? "" : ", roles " + String.join(" ", roles)) + (state && !enabled ? ", disabled" : "");
        }

        /** The certificate of a {@code certificate} or {@code certificateFile} entry; null for other keys or when unreadable. */
        CertificateFacts facts() {
            if (!factsRead) {
                factsRead = true;
                facts = readCertificate();
            }
            return facts;
        }

        private CertificateFacts readCertificate() {
            if (keyKind != KeyKind.CERTIFICATE && keyKind != KeyKind.CERTIFICATE_FILE) {
                return null;
            }
            try {
                X509Certificate c;
                if (keyKind == KeyKind.CERTIFICATE) {
                    c = CertificateReader.fromText(element.attribute("certificate"));
                } else {
                    Path p = Path.of(expander.expand(element.attribute("certificateFile")));
                    c = CertificateReader.fromFile(p.isAbsolute() ? p : folder.resolve(p)).get(0);
                }
                return new CertificateFacts(c);
            } catch (IOException | RuntimeException e) {
                return null; // the loader read it a moment ago; a file changed since shows as unreadable
            }
        }

        /** Whether the entry's key is this SHA-256 (a certificate's, or a public key's). */
        boolean hasKey(byte[] digest) {
            if (kind == Kind.MANY_TO_ONE) {
                return false;
            }
            return switch (keyKind) {
                case SHA256 -> Arrays.equals(Values.sha256Hex(element.attribute("sha256")), digest);
                case SPKI_SHA256 -> Arrays.equals(Values.spkiSha256(element.attribute("spkiSha256")), digest);
                case CERTIFICATE, CERTIFICATE_FILE -> facts() != null
                        && (Arrays.equals(facts().sha256(), digest) || Arrays.equals(facts().spkiSha256(), digest));
                case ISSUER_SERIAL -> false;
            };
        }
    }

    final Path file;
    final MappingConfig cfg;
    final byte[] bytes;
    final Charset charset;
    final String text;
    final MappingFileEditor.Scan scan;
    final List<Entry> entries;

    private MappingEntries(Path file, MappingConfig cfg, byte[] bytes, Charset charset, String text,
            MappingFileEditor.Scan scan, List<Entry> entries) {
        this.file = file;
        this.cfg = cfg;
        this.bytes = bytes;
        this.charset = charset;
        this.text = text;
        this.scan = scan;
        this.entries = entries;
    }

    /** Loads the file with the engine's loader, then finds its mapping elements in its text. */
    static MappingEntries read(Path file, PropertyExpander expander, PrintWriter err, boolean interactive)
            throws ConfigException {
        byte[] bytes = readBytes(file);
        MappingConfig cfg = ConfigFiles.load(file, expander, err, interactive);
        if (!Arrays.equals(bytes, readBytes(file))) {
            throw new CliException(file + " changed while certmap read it: run the command again");
        }
        Charset charset = MapCommand.charset(bytes);
        String text = new String(bytes, charset);
        MappingFileEditor.Scan scan;
        try {
            scan = MappingFileEditor.scan(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
        Path folder = cfg.file().toAbsolutePath().getParent();
        List<ManyToOneMapping> many = cfg.mapper().manyToOne();
        List<Entry> entries = new ArrayList<>();
        int oneToOne = 0;
        int m = 0;
        for (MappingElement e : scan.elements()) {
            if (e.kind() == MappingElement.Kind.ONE_TO_ONE) {
                oneToOne++;
                entries.add(new Entry(e, keyKind(e.attributes()), null, folder, expander));
                continue;
            }
            ManyToOneMapping loaded = m < many.size() ? many.get(m) : null;
            m++;
            if (loaded == null || loaded.line() != e.line() || !loaded.name().equals(e.attribute("name"))) {
                throw disagree(file, e.line());
            }
            entries.add(new Entry(e, null, loaded, folder, expander));
        }
        if (m != many.size() || oneToOne != cfg.mapper().oneToOne().size()) {
            throw disagree(file, 0);
        }
        return new MappingEntries(file, cfg, bytes, charset, text, scan, List.copyOf(entries));
    }

    private static CliException disagree(Path file, int line) {
        return new CliException(file + (line > 0 ? ":" + line : "") + ": the mapping elements in the text and what the"
                + " loader read do not agree; not changed (please report this with the file)");
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The key kind of a one-to-one element, as the loader tells them apart (it accepted exactly one key). */
    static KeyKind keyKind(Map<String, String> a) {
        return a.containsKey("certificate") ? KeyKind.CERTIFICATE
                : a.containsKey("certificateFile") ? KeyKind.CERTIFICATE_FILE
                : a.containsKey("sha256") ? KeyKind.SHA256
                : a.containsKey("spkiSha256") ? KeyKind.SPKI_SHA256 : KeyKind.ISSUER_SERIAL;
    }

    /** Notes about the file as a whole: mappings that are off whatever an entry says. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (!cfg.enabled()) {
            notes.add("the file has enabled=\"false\": no certificate maps, whatever each mapping says");
        }
        if ("false".equalsIgnoreCase(scan.rootAttributes().get("oneToOneCertificateMappingsEnabled"))) {
            notes.add("oneToOneCertificateMappingsEnabled=\"false\": no one-to-one mapping is used");
        }
        if ("false".equalsIgnoreCase(scan.rootAttributes().get("manyToOneCertificateMappingsEnabled"))) {
            notes.add("manyToOneCertificateMappingsEnabled=\"false\": no many-to-one mapping is used");
        }
        if (cfg.mapper().directory() != null) {
            notes.add("the file also asks a <directory> (" + cfg.mapper().directory().describe()
                    + "); its mappings are in the directory, not listed here");
        }
        return notes;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n + 3 ? s : s.substring(0, n) + "...";
    }
}
