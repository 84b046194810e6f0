package org.certmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.certmap.engine.mapping.KeyKind;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code certmap list}: the mappings of a file, like {@code appcmd list config} or {@code Get-WebConfiguration}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the mappings of a mapping file: kind, key, user, roles, enabled, line and strength.",
                "The file is loaded with the engine's loader first, as a server would."},
        footerHeading = "%nColumns:%n",
        footer = {"  KEY       one-to-one: the key attribute and the start of its value (certificate: the certificate's",
                "            SHA-256, which unmap --key accepts); many-to-one: the mapping's name",
                "  STRENGTH  whole certificate, issuer + serial and public-key keys are strong; name rules are weak,",
                "            as Microsoft KB5014754 classes them",
                "  tsv       line, kind, key, value (full: SHA-256 hex, base64, serialNumber=... issuer=..., name),",
                "            user, roles, enabled (true/false), strength, detail (subject, or Allow/Deny and the rules);",
                "            tabs, line breaks and backslashes in values are written \\t, \\n, \\\\",
                "",
                "Examples:",
                "  certmap list --config WEB-INF/certmap.xml",
                "  certmap list --config certmap.xml --weak --enabled         (what KB5014754 enforcement would break)",
                "  certmap list --config certmap.xml --user jdoe --format tsv | cut -f1,4"})
final class ListCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TEXT, TSV }

    /** A {@code --kind}: one of the two lists, or one key kind. */
    record KindFilter(MappingEntries.Kind kind, KeyKind key) {
        boolean test(MappingEntries.Entry e) {
            return key != null ? e.keyKind == key : e.kind == kind;
        }
    }

    static final class KindConverter implements ITypeConverter<KindFilter> {
        @Override
        public KindFilter convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace("+", "");
            return switch (v) {
                case "onetoone" -> new KindFilter(MappingEntries.Kind.ONE_TO_ONE, null);
                case "manytoone" -> new KindFilter(MappingEntries.Kind.MANY_TO_ONE, null);
                case "certificate" -> new KindFilter(null, KeyKind.CERTIFICATE);
                case "certificatefile" -> new KindFilter(null, KeyKind.CERTIFICATE_FILE);
                case "sha256" -> new KindFilter(null, KeyKind.SHA256);
                case "issuerserial", "issuerserialnumber" -> new KindFilter(null, KeyKind.ISSUER_SERIAL);
                case "spki", "spkisha256" -> new KindFilter(null, KeyKind.SPKI_SHA256);
                default -> throw new TypeConversionException("'" + value + "' is not a kind: use one-to-one, many-to-one,"
                        + " or a key: certificate, certificateFile, sha256, issuer-serial, spki");
            };
        }
    }

    @Mixin
    ConfigFileOptions files;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME",
            description = "Only mappings to this user (as written; a many-to-one template such as {Subject.CN} as written).")
    String user;

    @Option(names = "--kind", paramLabel = "KIND", converter = KindConverter.class,
            description = "one-to-one, many-to-one, or a key: certificate, certificateFile, sha256, issuer-serial, spki.")
    KindFilter kind;

    @Option(names = "--disabled", description = "Only disabled mappings (enabled=\"false\").")
    boolean disabled;

    @Option(names = "--enabled", description = "Only enabled mappings.")
    boolean enabled;

    @Option(names = "--weak", description = "Only weak mappings (many-to-one name rules).")
    boolean weak;

    @Option(names = "--strong", description = "Only strong mappings (one-to-one keys).")
    boolean strong;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table, default) or tsv (tab-separated with a header line, for scripts).")
    Format format;

    @Override
    public Integer call() throws Exception {
        if (disabled && enabled) {
            throw new CliException("--disabled and --enabled exclude each other: give one, or neither for both");
        }
        if (weak && strong) {
            throw new CliException("--weak and --strong exclude each other: give one, or neither for both");
        }
        PrintWriter out = files.out();
        PrintWriter err = files.err();
        MappingEntries file = files.entries();
        List<MappingEntries.Entry> shown = new ArrayList<>();
        for (MappingEntries.Entry e : file.entries) {
            if ((user == null || user.equals(e.user)) && (kind == null || kind.test(e))
                    && (!disabled || !e.enabled) && (!enabled || e.enabled)
                    && (!weak || !e.strong()) && (!strong || e.strong())) {
                shown.add(e);
            }
        }
        if (format == Format.TSV) {
            tsv(out, shown);
        } else {
            text(out, file, shown);
            for (String n : file.notes()) {
                err.println("note: " + n);
            }
        }
        return ExitCodes.OK;
    }

    private static void tsv(PrintWriter out, List<MappingEntries.Entry> shown) {
        out.print("line\tkind\tkey\tvalue\tuser\troles\tenabled\tstrength\tdetail\n");
        for (MappingEntries.Entry e : shown) {
            out.print(String.join("\t", String.valueOf(e.line()), e.kind.words, e.keyAttribute(), field(e.keyValue()),
                    field(e.user == null ? "" : e.user), field(String.join(" ", e.roles)), String.valueOf(e.enabled),
                    e.strength(), field(e.detail())) + "\n");
        }
        out.flush();
    }

    /** A value in a tsv field: never a raw tab or line break. */
    static String field(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private void text(PrintWriter out, MappingEntries file, List<MappingEntries.Entry> shown) {
        long oneToOne = file.entries.stream().filter(MappingEntries.Entry::strong).count();
        long off = file.entries.stream().filter(e -> !e.enabled).count();
        String counts = oneToOne + " one-to-one, " + (file.entries.size() - oneToOne) + " many-to-one"
                + (off > 0 ? ", " + off + " disabled" : "");
        boolean filtered = shown.size() != file.entries.size();
        out.println(files.config + ": " + (filtered ? shown.size() + " of " : "") + file.entries.size() + " mapping"
                + (file.entries.size() == 1 ? "" : "s") + " (" + counts + ")");
        if (shown.isEmpty()) {
            out.println(file.entries.isEmpty() ? "no mappings" : "no mapping matches " + filters());
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"LINE", "KIND", "KEY", "USER", "ROLES", "ENABLED", "STRENGTH"});
        for (MappingEntries.Entry e : shown) {
            rows.add(new String[] {String.valueOf(e.line()), e.kind.words, cut(e.shortKey(), 48),
                    e.user == null ? "- (Deny)" : cut(e.user, 32), cut(String.join(" ", e.roles), 32),
                    e.enabled ? "yes" : "no", e.strength()});
        }
        int[] width = new int[7];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        int detailIndent = width[0] + 2 + width[1] + 2;
        for (int row = 0; row < rows.size(); row++) {
            StringBuilder sb = new StringBuilder();
            String[] r = rows.get(row);
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
            if (row > 0 && shown.get(row - 1).kind == MappingEntries.Kind.MANY_TO_ONE) {
                out.println(" ".repeat(detailIndent) + shown.get(row - 1).detail());
            }
        }
    }

    private String filters() {
        List<String> f = new ArrayList<>();
        if (user != null) {
            f.add("--user " + user);
        }
        if (kind != null) {
            f.add("--kind " + (kind.key() != null ? kind.key().attribute() : kind.kind().words));
        }
        if (disabled) {
            f.add("--disabled");
        }
        if (enabled) {
            f.add("--enabled");
        }
        if (weak) {
            f.add("--weak");
        }
        if (strong) {
            f.add("--strong");
        }
        return String.join(" ", f);
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
