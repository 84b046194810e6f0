package org.certmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.certmap.cli.edit.AtomicFiles;
import org.certmap.cli.edit.MappingFileEditor;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.OneToOneMapping;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certmap unmap}, {@code disable} and {@code enable}: appcmd's {@code /-"oneToOneMappings.[userName='x']"}
 * and {@code /[name='x'].enabled:false}. One selector picks the mappings; the file is edited as
 * {@code map} edits it (the rest byte for byte, checked with the engine's loader, replaced atomically).
 */
abstract class MappingEditCommand implements Callable<Integer> {

    /** Exactly one way to pick the mappings. */
    static final class Selector {
        @Option(names = {"-u", "--user"}, required = true, paramLabel = "NAME",
                description = "The mappings to this user: one-to-one entries, and many-to-one Allow mappings whose"
                        + " userName is NAME as written.")
        String user;

        @Option(names = "--key", required = true, paramLabel = "VALUE",
                description = "A SHA-256 fingerprint (hex, pasted in any shape) or a public-key SHA-256 (spkiSha256, hex"
                        + " or base64): the one-to-one entries with that key, or whose certificate has it.")
        String key;

        @Option(names = "--certificate", required = true, paramLabel = "FILE",
                description = "The one-to-one entries that match this certificate (any form, - for standard input).")
        String certificate;

        @Option(names = {"-n", "--name"}, required = true, paramLabel = "MAPPING", description = "The many-to-one mapping of this name.")
        String name;
    }

    @Mixin
    ConfigFileOptions files;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selector selector;

    @Option(names = "--all", description = "Act on every mapping the selector matches (without it, more than one is an error).")
    boolean all;

    @Option(names = "--dry-run", description = "Say what would change and check that the file would load, but do not write it.")
    boolean dryRun;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of a PKCS12 --certificate file (or set "
            + CertificateInput.PASSWORD_ENV + ").")
    String password;

    /** "remove", "disable", "enable". */
    private final String verb;

    /** "removed", "disabled", "enabled". */
    private final String done;

    MappingEditCommand(String verb, String done) {
        this.verb = verb;
        this.done = done;
    }

    /** The change for one matched mapping, or null when it is already as asked. */
    abstract MappingFileEditor.Edit edit(MappingEntries file, MappingEntries.Entry e);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = files.out();
        PrintWriter err = files.err();
        MappingEntries file = files.entries();
        List<MappingEntries.Entry> matched = select(file, err);
        if (matched.isEmpty()) {
            throw new CliException("nothing in " + files.config + " matches " + selectorText() + "; not changed"
                    + nearMiss(file) + " (certmap list --config " + files.config + " shows every mapping)");
        }
        if (matched.size() > 1 && !all) {
            StringBuilder sb = new StringBuilder(selectorText() + " matches " + matched.size() + " mappings in "
                    + files.config + ":");
            for (MappingEntries.Entry e : matched) {
                sb.append(System.lineSeparator()).append("  ").append(e.element.lines()).append("  ").append(e.describe(true));
            }
            sb.append(System.lineSeparator()).append("not changed: add --all to ").append(verb)
                    .append(" them all, or pick one with --key, --certificate or --name");
            throw new CliException(sb.toString());
        }
        List<MappingFileEditor.Edit> edits = new ArrayList<>();
        List<MappingEntries.Entry> changed = new ArrayList<>();
        List<MappingEntries.Entry> unchanged = new ArrayList<>();
        for (MappingEntries.Entry e : matched) {
            MappingFileEditor.Edit edit = edit(file, e);
            if (edit == null) {
                unchanged.add(e);
            } else {
                edits.add(edit);
                changed.add(e);
            }
        }
        for (MappingEntries.Entry e : unchanged) {
            out.println("already " + done + ": " + e.element.lines() + "  " + e.describe(false));
        }
        if (changed.isEmpty()) {
            out.println(files.config + ": nothing to change");
            return ExitCodes.OK;
        }
        String updated = MappingFileEditor.apply(file.text, edits);
        write(file, updated, changed);
        out.println((dryRun ? "would " + verb : done) + (this instanceof Unmap ? " from " : " in ") + files.config
                + ":");
        for (MappingEntries.Entry e : changed) {
            out.println("  " + e.element.lines() + "  " + e.describe(false));
        }
        if (!dryRun) {
            out.println(file.cfg.reloadInterval().isZero()
                    ? "a server reads the file again when the application restarts (reloadInterval is off)"
                    : "a server polling the file applies it within " + file.cfg.reloadInterval().toString().substring(2)
                            .toLowerCase(java.util.Locale.ROOT));
        }
        for (String n : file.notes()) {
            err.println("note: " + n);
        }
        return ExitCodes.OK;
    }

    /** The mappings the selector matches, in document order. */
    private List<MappingEntries.Entry> select(MappingEntries file, PrintWriter err) {
        List<MappingEntries.Entry> out = new ArrayList<>();
        if (selector.user != null) {
            for (MappingEntries.Entry e : file.entries) {
                if (selector.user.equals(e.user)) {
                    out.add(e);
                }
            }
        } else if (selector.name != null) {
            for (MappingEntries.Entry e : file.entries) {
                if (e.kind == MappingEntries.Kind.MANY_TO_ONE && e.mapping.name().equals(selector.name)) {
                    out.add(e);
                }
            }
        } else if (selector.key != null) {
            byte[] digest = digest(selector.key);
            for (MappingEntries.Entry e : file.entries) {
                if (e.hasKey(digest)) {
                    out.add(e);
                }
            }
        } else {
            X509Certificate cert = CertificateInput.readOne(selector.certificate, password, files.terminal(), err);
            CertificateFacts facts = new CertificateFacts(cert);
            // As map does: which keys of the file match, whoever signed the certificate.
            facts.issuerInTrustStore(true);
            for (OneToOneMapping m : file.cfg.mapper().oneToOne().findAll(facts)) {
                out.add(byLine(file, m));
            }
            out.sort(java.util.Comparator.comparingInt(e -> e.element.start()));
        }
        return out;
    }

    /** The element the loader read as this entry: its line, key kind and user (several on one line are told apart by those). */
    private MappingEntries.Entry byLine(MappingEntries file, OneToOneMapping m) {
        List<MappingEntries.Entry> at = file.entries.stream().filter(e -> e.kind == MappingEntries.Kind.ONE_TO_ONE
                && e.line() == m.line() && e.keyKind == m.kind() && e.user.equals(m.userName())).toList();
        if (at.size() != 1) {
            throw new CliException(files.config + ":" + m.line() + ": " + (at.isEmpty() ? "no one-to-one element ends its start tag"
                    + " on this line, where the loader read user " + m.userName()
                    : at.size() + " one-to-one elements on this line look alike") + "; not changed (put each <add> on"
                    + " its own line)");
        }
        return at.get(0);
    }

    /** A --key value as 32 bytes: hex as certificate dialogs show it, or base64 as in spkiSha256 (curl's sha256//). */
    static byte[] digest(String value) {
        String v = PastedValues.withoutInvisible(value).strip();
        if (v.startsWith("sha256//")) {
            v = v.substring(8);
        }
        String hex = null;
        try {
            hex = PastedValues.hex(v, "--key");
        } catch (CliException e) {
            // not hex: base64 below
        }
        if (hex != null && hex.length() == 40) {
            throw new CliException("--key: 40 hex digits is a SHA-1 thumbprint (what Windows' certificate dialog shows);"
                    + " certmap keys on SHA-256: give the SHA-256 fingerprint or --certificate FILE");
        }
        if (hex != null && hex.length() == 64) {
            byte[] out = new byte[32];
            for (int i = 0; i < 32; i++) {
                out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return out;
        }
        try {
            byte[] out = Base64.getDecoder().decode(v.replaceAll("\\s", ""));
            if (out.length == 32) {
                return out;
            }
        } catch (IllegalArgumentException e) {
            // the message below
        }
        throw new CliException("--key: give a SHA-256 fingerprint (64 hex digits; spaces and colons are fine) or an"
                + " spkiSha256 value (base64 of 32 bytes)");
    }

    private String selectorText() {
        return selector.user != null ? "--user " + selector.user
                : selector.name != null ? "--name \"" + selector.name + "\""
                : selector.key != null ? "--key " + PastedValues.withoutInvisible(selector.key).strip()
                : "--certificate " + selector.certificate;
    }

    /** A hint when the value differs only in case or spacing from one in the file. */
    private String nearMiss(MappingEntries file) {
        String wanted = selector.user != null ? selector.user : selector.name;
        if (wanted == null) {
            return "";
        }
        for (MappingEntries.Entry e : file.entries) {
            String have = selector.user != null ? e.user : e.kind == MappingEntries.Kind.MANY_TO_ONE ? e.mapping.name() : null;
            if (have != null && have.strip().equalsIgnoreCase(wanted.strip())) {
                return "; did you mean \"" + have + "\" (" + e.element.lines() + ")? names are compared exactly";
            }
        }
        return "";
    }

    /** What the loader must see in an edited file; throws to refuse the edit. */
    @FunctionalInterface
    interface Verifier {
        void verify(MappingConfig loaded);
    }

    private void write(MappingEntries file, String updated, List<MappingEntries.Entry> changed) throws Exception {
        replace(file, updated, files.expander(), dryRun, loaded -> verify(file, loaded, changed));
    }

    /**
     * Checks the edited text as the server would read it, then replaces the file atomically (or,
     * with {@code dryRun}, only checks it). Refused, leaving the file as it was: when the file changed
     * since it was read, when the edited text would not load (the loader's message), or when the
     * loader does not see the change asked for ({@code verifier}).
     */
    static void replace(MappingEntries file, String updated, org.certmap.engine.config.PropertyExpander expander,
            boolean dryRun, Verifier verifier) throws Exception {
        Path config = file.file;
        if (!Arrays.equals(file.text.getBytes(file.charset), file.bytes)) {
            throw new CliException(config + ": its bytes do not survive a round trip through " + file.charset
                    + "; not changed");
        }
        AtomicFiles.Check check = candidate -> {
            if (!Arrays.equals(Files.readAllBytes(config), file.bytes)) {
                throw new CliException(config + " changed while certmap edited it; not changed: run the command again");
            }
            MappingConfig loaded;
            try {
                loaded = new MappingFileLoader(expander).load(candidate);
            } catch (ConfigException e) {
                String where = config.toAbsolutePath().normalize().toString();
                throw new CliException("not changed: after this edit the file would not load: "
                        + e.getMessage().replace(candidate.toString(), where));
            }
            verifier.verify(loaded);
        };
        if (dryRun) {
            Path probe = config.toAbsolutePath().normalize().getParent().resolve("." + config.getFileName() + ".dry-run.tmp");
            try {
                Files.writeString(probe, updated, file.charset);
                check.check(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
        } else {
            AtomicFiles.write(config, updated, file.charset, check);
        }
    }

    /** What the loader must see in the edited file; a mismatch refuses the edit. */
    abstract void verify(MappingEntries file, MappingConfig loaded, List<MappingEntries.Entry> changed);

    CliException refusedVerify(MappingEntries.Entry e) {
        return new CliException("not changed: the edited file does not " + verb + " " + e.describe(false)
                + " as the loader reads it (please report this with the file)");
    }

    @Command(name = "unmap", mixinStandardHelpOptions = true,
            description = {"Remove mappings from a mapping file: one-to-one entries by user, key or certificate, or a",
                    "many-to-one mapping by name. Like map, the rest of the file stays byte for byte, the result is",
                    "loaded before it replaces the file (atomically), and a change that would not load is refused."},
            footerHeading = "%nExamples (appcmd equivalents in docs/cli.md):%n",
            footer = {"  certmap unmap --config WEB-INF/certmap.xml --user jdoe",
                    "  certmap unmap --config certmap.xml --key \"3a 7f 09 ... e2\"       (a SHA-256 pasted from a dialog)",
                    "  certmap unmap --config certmap.xml --certificate old-laptop.cer --dry-run",
                    "  certmap unmap --config certmap.xml --name \"contoso staff\"",
                    "",
                    "Exit codes: 0 removed (or --dry-run: would remove); 2 nothing matches, more than one matches",
                    "without --all, the edited file would not load, or usage error."})
    static final class Unmap extends MappingEditCommand {
        Unmap() {
            super("remove", "removed");
        }

        @Override
        MappingFileEditor.Edit edit(MappingEntries file, MappingEntries.Entry e) {
            return MappingFileEditor.removal(file.text, e.element);
        }

        @Override
        void verify(MappingEntries file, MappingConfig loaded, List<MappingEntries.Entry> changed) {
            long oneToOne = changed.stream().filter(MappingEntries.Entry::strong).count();
            Set<String> names = new java.util.HashSet<>();
            changed.stream().filter(e -> !e.strong()).forEach(e -> names.add(e.mapping.name()));
            boolean gone = loaded.mapper().manyToOne().stream().noneMatch(m -> names.contains(m.name()));
            if (loaded.mapper().oneToOne().size() != file.cfg.mapper().oneToOne().size() - oneToOne
                    || loaded.mapper().manyToOne().size() != file.cfg.mapper().manyToOne().size() - names.size() || !gone) {
                throw refusedVerify(changed.get(0));
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Disable mappings (enabled=\"false\") without removing them: a disabled one-to-one entry",
                    "does not match (the certificate falls through to weaker keys, then many-to-one); a disabled",
                    "many-to-one mapping is skipped. The same selectors as unmap; the file is edited as map edits it."},
            footerHeading = "%nExamples:%n",
            footer = {"  certmap disable --config WEB-INF/certmap.xml --user jdoe",
                    "  certmap disable --config certmap.xml --name \"contoso staff\" --dry-run",
                    "",
                    "Exit codes: 0 disabled (or already disabled); 2 nothing matches, more than one matches without",
                    "--all, the edited file would not load, or usage error."})
    static final class Disable extends Toggle {
        Disable() {
            super(false);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = {"Enable mappings again: removes enabled=\"false\" (true is the default). The same selectors",
                    "as unmap; the file is edited as map edits it."},
            footerHeading = "%nExamples:%n",
            footer = {"  certmap enable --config WEB-INF/certmap.xml --user jdoe",
                    "  certmap enable --config certmap.xml --name \"contoso staff\"",
                    "",
                    "Exit codes: 0 enabled (or already enabled); 2 nothing matches, more than one matches without",
                    "--all, the edited file would not load, or usage error."})
    static final class Enable extends Toggle {
        Enable() {
            super(true);
        }
    }

    /** {@code disable} and {@code enable}: the {@code enabled} attribute ({@code true} is the default, so enabling removes it). */
    abstract static class Toggle extends MappingEditCommand {
        private final boolean enable;

        Toggle(boolean enable) {
            super(enable ? "enable" : "disable", enable ? "enabled" : "disabled");
            this.enable = enable;
        }

        @Override
        MappingFileEditor.Edit edit(MappingEntries file, MappingEntries.Entry e) {
            if (e.enabled == enable) {
                return null;
            }
            return enable ? MappingFileEditor.removeAttribute(file.text, e.element, "enabled")
                    : MappingFileEditor.setAttribute(file.text, e.element, "enabled", "false",
                            e.kind == MappingEntries.Kind.MANY_TO_ONE ? "name" : "userName");
        }

        @Override
        void verify(MappingEntries file, MappingConfig loaded, List<MappingEntries.Entry> changed) {
            for (MappingEntries.Entry e : changed) {
                if (e.kind != MappingEntries.Kind.MANY_TO_ONE) {
                    continue;
                }
                boolean found = false;
                for (var m : loaded.mapper().manyToOne()) {
                    if (m.name().equals(e.mapping.name())) {
                        found = true;
                        if (m.enabled() != enable) {
                            throw refusedVerify(e);
                        }
                    }
                }
                if (!found) {
                    throw refusedVerify(e);
                }
            }
        }
    }
}
