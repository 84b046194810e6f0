package org.certmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.location.Location;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.Rule;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code certmap check}: is the file valid, what does it protect, and how strong is each mapping. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a mapping file: errors, warnings, each mapping's strength and what it covers.",
                "Load errors come with file:line:column. Warnings: broad and overlapping mappings, roles no",
                "mapping gives. Strength: whole certificate, issuer+serial and public-key keys are strong;",
                "name rules are weak, as Microsoft KB5014754 classes them."},
        footerHeading = "%nExamples:%n",
        footer = {"  certmap check --config WEB-INF/certmap.xml",
                "  certmap check --config certmap.xml --all --fail-on-warnings     (in CI)",
                "",
                "Exit codes: 0 valid (warnings allowed); 1 valid with warnings and --fail-on-warnings;",
                "2 the file does not load, or usage error."})
final class CheckCommand implements Callable<Integer> {

    private static final int DEFAULT_LIST = 20;

    @ParentCommand
    CertmapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFileOptions files;

    @Option(names = "--all", description = "List every mapping (default: the first " + DEFAULT_LIST + " of each kind).")
    boolean all;

    @Option(names = "--test-directory", description = "Bind to the <directory> and search once, as the server will"
            + " (the bind password from $${env:...} must be set here too); a failure is a warning.")
    boolean testDirectory;

    @Option(names = "--fail-on-warnings", description = "Exit 1 when there are warnings.")
    boolean failOnWarnings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = root.terminal().interactive();
        long start = System.nanoTime();
        int limit = all ? Integer.MAX_VALUE : DEFAULT_LIST;
        MappingInventory inv = new MappingInventory(limit);
        MappingConfig cfg = ConfigFiles.load(files.config, files.expander(root), err, interactive, inv);
        inv.findOverlaps(cfg);
        List<String> warnings = new ArrayList<>(cfg.warnings());
        warnings.addAll(inv.overlaps);

        out.println(cfg.file() + ": loads");
        out.println("  mapping     " + (cfg.enabled() ? "enabled" : "DISABLED (enabled=\"false\"): no certificate maps")
                + (cfg.iisSection() ? " (an IIS section)" : ""));
        out.println("  trust       " + (cfg.hasTrustStore() ? "<validation trustStore>: certificates must chain to it"
                : "no trustStore: TLS certificates are trusted as far as the connector validated them;"
                        + " forwarded certificates are refused"));
        for (String role : cfg.validator().trustStoreRoles()) {
            out.println("              " + role);
        }
        if (cfg.revocation() != null) {
            for (String line : cfg.revocation().plan(cfg.validator().trustStoreCas())) {
                out.println("  " + line);
            }
        }
        warnings.addAll(cfg.validator().upgradeNotes());
        // A changed default applies to a file whose root does not set the attribute.
        if (!cfg.rootAttributes().contains("showReason")) {
            warnings.add(cfg.file() + ": changed in this release: showReason is local by default, so refusal pages"
                    + " name the reason only to clients connected directly from this host, never through a proxy"
                    + " (write showReason=\"local\" to keep it and silence this, or \"true\" as before)");
        }
        if (cfg.protectDispatches() && !cfg.rootAttributes().contains("protectDispatches")
                && cfg.locations().locations().stream().anyMatch(l -> l.requirement() == Location.Requirement.REQUIRE)) {
            warnings.add(cfg.file() + ": changed in this release: protectDispatches is on by default, so a forward,"
                    + " include or async dispatch into a location that requires a certificate needs the user certmap"
                    + " logged in for that request (write protectDispatches=\"true\" to keep it and silence this,"
                    + " or \"false\" for the container's rule)");
        }
        if (cfg.mapper().directory() != null) {
            out.println("  directory   " + cfg.mapper().directory().describe()
                    + "; asked after one-to-one and before many-to-one");
            if (testDirectory && cfg.mapper().directory() instanceof org.certmap.engine.directory.DirectoryStep step) {
                org.certmap.engine.directory.DirectoryStep.Probe probe = step.probe();
                out.println("              " + probe.text());
                if (!probe.answered()) {
                    warnings.add(cfg.file() + ": <directory>: " + probe.text());
                }
            }
        }
        out.println("  proxy       " + (cfg.headerDecoder() == null ? "none: certificates come from TLS only"
                : "certificate header " + cfg.headerDecoder().header() + " from trusted proxies " + cfg.trustedProxies()));
        out.println("  reload      " + (cfg.reloadInterval().isZero() ? "off" : "every " + cfg.reloadInterval().toString()
                .substring(2).toLowerCase(Locale.ROOT)));

        out.println();
        List<Location> locations = cfg.locations().locations();
        out.println("locations (" + locations.size() + ")" + (locations.isEmpty()
                ? ": none, so certmap decides only where a web.xml CLIENT-CERT constraint applies" : ""));
        for (Location l : locations) {
            out.printf(Locale.ROOT, "  line %-5d %-24s %s%n", l.line(), l.pattern(), words(l));
        }

        out.println();
        out.println("one-to-one mappings (" + inv.total + ")" + (inv.total == 0 ? "" : ": strong (one certificate or one"
                + " key each)" + (inv.disabled > 0 ? "; " + inv.disabled + " disabled" : "")));
        if (inv.total > 0) {
            List<String> kinds = new ArrayList<>();
            inv.counts.forEach((k, n) -> kinds.add(n + " " + k.attribute()));
            out.println("  by key: " + String.join(", ", kinds));
        }
        for (MappingInventory.Entry e : inv.listed) {
            out.printf(Locale.ROOT, "  line %-5d %-20s %-20s %s%s%n", e.line(), e.user(), e.kind().attribute(),
                    strength(e.kind()), (e.roles().isEmpty() ? "" : ", roles " + e.roles())
                            + (e.enabled() ? "" : ", DISABLED"));
        }
        if (inv.total > inv.listed.size()) {
            out.println("  ... and " + (inv.total - inv.listed.size()) + " more (--all lists every entry)");
        }

        out.println();
        List<ManyToOneMapping> many = cfg.mapper().manyToOne();
        out.println("many-to-one mappings (" + many.size() + ")" + (many.isEmpty() ? ""
                : ", in evaluation order (the first whose rules all match decides): weak (certificate names;"
                        + " Microsoft KB5014754 classes name mappings as weak)"));
        TreeSet<String> granted = new TreeSet<>(inv.roles);
        int shown = 0;
        for (ManyToOneMapping m : many) {
            granted.addAll(m.roles());
            if (shown++ >= limit) {
                continue;
            }
            out.printf(Locale.ROOT, "  line %-5d \"%s\"%s%n", m.line(), m.name(), m.enabled() ? "" : " (DISABLED)");
            out.println("             " + (m.deny() ? "Deny" : "Allow as " + m.userName()
                    + (m.roles().isEmpty() ? "" : " with roles " + String.join(" ", new TreeSet<>(m.roles())))));
            out.println("             covers " + covers(m) + (m.broad() ? " [broad=\"true\"]" : ""));
        }
        if (many.size() > limit) {
            out.println("  ... and " + (many.size() - limit) + " more (--all lists every mapping)");
        }

        for (Location l : locations) {
            for (String role : l.roles()) {
                if (!granted.contains(role)) {
                    warnings.add(cfg.file() + ":" + l.line() + ": location " + l.pattern() + " needs role " + role
                            + ", which no mapping in this file gives (only the container's realm could)");
                }
            }
        }
        if (inv.total == 0 && many.isEmpty()) {
            warnings.add(cfg.file() + ": no mappings: no certificate maps");
        }

        out.println();
        if (warnings.isEmpty()) {
            out.println("no warnings");
        } else {
            out.println("warnings (" + warnings.size() + ")");
            for (String w : warnings) {
                out.println("  " + w);
            }
        }
        for (String n : cfg.notices()) {
            out.println("note: " + n);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println();
        out.println("valid" + (warnings.isEmpty() ? "" : ", with " + warnings.size() + " warning(s)")
                + (ms >= 1000 ? " (" + ms / 1000.0 + " s)" : ""));
        return failOnWarnings && !warnings.isEmpty() ? ExitCodes.REFUSED : ExitCodes.OK;
    }

    static String words(Location l) {
        StringBuilder sb = new StringBuilder();
        if (l.sslRequired()) {
            sb.append("HTTPS required, ");
        }
        sb.append(switch (l.requirement()) {
            case NONE -> "no certificate consulted";
            case NEGOTIATE -> "certificate accepted (mapped if sent, else anonymous)";
            case REQUIRE -> "mapped certificate required";
        });
        if (!l.roles().isEmpty()) {
            sb.append(", one of roles ").append(String.join(" ", new TreeSet<>(l.roles())));
        }
        return sb.toString();
    }

    /** The strength of a many-to-one mapping (name rules), as KB5014754 classes it; {@code list} shows it too. */
    static final String WEAK = "weak: certificate names";

    static String strength(KeyKind k) {
        return switch (k) {
            case CERTIFICATE, CERTIFICATE_FILE, SHA256 -> "strong: whole certificate";
            case ISSUER_SERIAL -> "strong: issuer + serial";
            case SPKI_SHA256 -> "strong: public key (survives renewal)";
        };
    }

    /** The rules in words: "certificates whose Issuer.CN is "X" and Subject.O matches "Contoso*"". */
    static String covers(ManyToOneMapping m) {
        if (m.rules().isEmpty()) {
            return "every certificate (no rules)";
        }
        List<String> parts = new ArrayList<>();
        for (Rule r : m.rules()) {
            String p = r.pattern().pattern();
            String verb = p.chars().allMatch(c -> c == '*') ? "is anything" : p.indexOf('*') >= 0
                    ? "matches \"" + p + "\"" : "is \"" + p + "\"";
            parts.add(r.field() + " " + verb + (r.pattern().caseSensitive() ? "" : " (ignoring case)"));
        }
        return "certificates whose " + String.join(" and ", parts);
    }
}
