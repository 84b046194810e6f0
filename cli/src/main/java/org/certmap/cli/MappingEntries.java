package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.certmap.cli.edit.MappingElement;
import org.certmap.cli.edit.MappingFileEditor;
import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.OneToOneEntry;
import org.certmap.engine.config.PropertyExpander;
import org.certmap.engine.config.Values;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.OneToOneMapping;

/**
 * The mappings of one mapping file, for {@code list}, {@code unmap}, {@code disable} and
 * {@code enable}: the file as the engine's loader loaded it, and each mapping element of its text
 * with its position ({@link MappingFileEditor#scan}).
 *
 * <p>What each mapping is comes from the loader: many-to-one mappings from the loaded file
 * ({@link ManyToOneMapping}: name, user, roles, rules, enabled, line), one-to-one entries from the
 * same load, which tells each entry as it reads it ({@link OneToOneEntry}: user, roles, enabled,
 * key, the certificate of a {@code certificate} or {@code certificateFile} entry), since the loaded
 * index keeps no key values and cannot be walked (a million entries must stay small). The text only
 * adds where each element is: the elements are matched to the loader's mappings in file order and
 * by line, and their numbers must agree.
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

    /**
     * A one-to-one entry as the loader read it, without its certificate (a file may hold many):
     * the keys it is found by and the summary {@code list} shows.
     */
    private record Loaded(OneToOneMapping mapping, List<String> roles, byte[] digest, byte[] spkiSha256,
            CertificateSummary summary) {

        static Loaded of(OneToOneEntry e) {
            CertificateFacts c = e.certificate();
            return new Loaded(e.mapping(), e.roles(), e.digest(), c == null ? null : c.spkiSha256(),
                    c == null ? null : c.summary());
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
        /** The loader's one-to-one entry; null for many-to-one. */
        private final Loaded loaded;

        private Entry(MappingElement element, ManyToOneMapping mapping) {
            this.element = element;
            this.kind = Kind.MANY_TO_ONE;
            this.keyKind = null;
            this.mapping = mapping;
            this.loaded = null;
            user = mapping.deny() ? null : mapping.userName().toString();
            roles = mapping.roles().stream().sorted().toList();
            enabled = mapping.enabled();
        }

        private Entry(MappingElement element, Loaded loaded) {
            this.element = element;
            this.kind = Kind.ONE_TO_ONE;
            this.keyKind = loaded.mapping().kind();
            this.mapping = null;
            this.loaded = loaded;
            user = loaded.mapping().userName();
            roles = loaded.roles();
            enabled = loaded.mapping().enabled();
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
         * {@code certificateFile}, the fingerprint in hex for {@code sha256}, base64 for
         * {@code spkiSha256}, {@code serialNumber=HEX issuer=DN} (the issuer as written), or the name.
         */
        String keyValue() {
            if (kind == Kind.MANY_TO_ONE) {
                return mapping.name();
            }
            return switch (keyKind) {
                case CERTIFICATE, CERTIFICATE_FILE, SHA256 -> hex(loaded.digest());
                case SPKI_SHA256 -> Base64.getEncoder().encodeToString(loaded.digest());
                case ISSUER_SERIAL -> "serialNumber=" + serialHex() + " issuer=" + element.attribute("issuer");
            };
        }

        /** The key in a few characters, for the table and messages. */
        String shortKey() {
            if (kind == Kind.MANY_TO_ONE) {
                return "\"" + mapping.name() + "\"";
            }
            String v = switch (keyKind) {
                case CERTIFICATE, SHA256, SPKI_SHA256 -> cut(keyValue(), 16);
                case CERTIFICATE_FILE -> element.attribute("certificateFile");
                case ISSUER_SERIAL -> cut(serialHex(), 16) + " " + element.attribute("issuer");
            };
            return keyKind.attribute() + " " + v;
        }

        private String serialHex() {
            return Values.serial(element.attribute("serialNumber")).toString(16).toUpperCase(Locale.ROOT);
        }

        /** More about it: the certificate's subject, or a many-to-one mapping's permission and rules. */
        String detail() {
            if (kind == Kind.MANY_TO_ONE) {
                return (mapping.deny() ? "Deny" : "Allow") + ": " + CheckCommand.covers(mapping);
            }
            return loaded.summary() == null ? "" : loaded.summary().subject();
        }

        /** One line for messages: "one-to-one sha256 ab12cd34... user bob", with ", disabled" when {@code state} and it is. */
        String describe(boolean state) {
            return kind.words + " " + shortKey() + (user == null ? " (Deny)" : " user " + user)
                    + (roles.isEmpty() ? "" : ", roles " + String.join(" ", roles)) + (state && !enabled ? ", disabled" : "");
        }

        /** Whether the entry's key is this SHA-256 (a certificate's, or a public key's). */
        boolean hasKey(byte[] digest) {
            if (kind == Kind.MANY_TO_ONE) {
                return false;
            }
            return switch (keyKind) {
                case SHA256, SPKI_SHA256 -> Arrays.equals(loaded.digest(), digest);
                case CERTIFICATE, CERTIFICATE_FILE -> Arrays.equals(loaded.digest(), digest)
                        || Arrays.equals(loaded.spkiSha256(), digest);
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
        List<Loaded> oneToOne = new ArrayList<>();
        MappingConfig cfg = ConfigFiles.load(file, expander, err, interactive, e -> oneToOne.add(Loaded.of(e)));
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
        List<ManyToOneMapping> many = cfg.mapper().manyToOne();
        List<Entry> entries = new ArrayList<>();
        int o = 0;
        int m = 0;
        for (MappingElement e : scan.elements()) {
            if (e.kind() == MappingElement.Kind.ONE_TO_ONE) {
                Loaded loaded = o < oneToOne.size() ? oneToOne.get(o) : null;
                o++;
                if (loaded == null || loaded.mapping().line() != e.line()) {
                    throw disagree(file, e.line());
                }
                entries.add(new Entry(e, loaded));
                continue;
            }
            ManyToOneMapping loaded = m < many.size() ? many.get(m) : null;
            m++;
            if (loaded == null || loaded.line() != e.line() || !loaded.name().equals(e.attribute("name"))) {
                throw disagree(file, e.line());
            }
            entries.add(new Entry(e, loaded));
        }
        if (m != many.size() || o != oneToOne.size() || o != cfg.mapper().oneToOne().size()) {
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
