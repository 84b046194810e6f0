package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import org.certmap.cli.edit.AtomicFiles;
import org.certmap.cli.iis.IisConfigReader;
import org.certmap.cli.iis.IisImport;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code certmap import-iis}: IIS client certificate mapping configuration to a certmap mapping file. */
@Command(name = "import-iis", mixinStandardHelpOptions = true,
        description = {"Turn IIS client certificate mapping configuration into a certmap mapping file.",
                "Imports the iisClientCertificateMappingAuthentication section (one-to-one and many-to-one",
                "mappings, enabled flags) and the sslFlags of the site and its directories (as <location>",
                "elements). Reads applicationHost.config (pick a site with --site), a site's web.config, or",
                "an exported section. Passwords are dropped (counted, never shown). The result is checked",
                "with the certmap loader before it is written."},
        footerHeading = "%nExamples:%n",
        footer = {"  certmap import-iis C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config --site Contoso -o certmap.xml",
                "  certmap import-iis web.config -o WEB-INF/certmap.xml",
                "  certmap import-iis section.xml -o -          (print to standard output)",
                "",
                "Then: certmap check --config certmap.xml"})
final class ImportIisCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "applicationHost.config, web.config, or a section's XML.")
    Path input;

    @Option(names = "--site", paramLabel = "NAME",
            description = "The IIS site (or Site/application) to import from applicationHost.config.")
    String site;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "certmap.xml",
            description = "Where to write (default: ${DEFAULT-VALUE}; - for standard output).")
    String output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Option(names = "--strip-domain", description = "Map to user instead of DOMAIN\\user.")
    boolean stripDomain;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean toStdout = output.equals("-");
        PrintWriter report = toStdout ? err : out;
        Path target = toStdout ? null : Path.of(output);
        if (target != null && Files.exists(target) && !force) {
            throw new CliException(target + " exists; use --force to replace it, or -o another file");
        }
        if (!Files.exists(input)) {
            throw new CliException(input + ": no such file");
        }
        IisConfigReader.Found found;
        try {
            found = IisConfigReader.read(input);
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
        String root = root(found);
        IisImport.Result r = IisImport.convert(found, root, input.getFileName().toString(), stripDomain);

        // Check with the engine's loader before anything is written.
        MappingConfig[] loaded = new MappingConfig[1];
        AtomicFiles.Check check = candidate -> {
            try {
                loaded[0] = MappingFileLoader.standard().load(candidate);
            } catch (ConfigException e) {
                throw new CliException("the imported file would not load, so it was not written: line " + e.line()
                        + ": " + e.problem());
            }
        };
        if (toStdout) {
            Path dir = Files.createTempDirectory("certmap-import");
            Path tmp = dir.resolve("certmap.xml");
            try {
                Files.writeString(tmp, r.xml(), StandardCharsets.UTF_8);
                check.check(tmp);
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(dir);
            }
            out.print(r.xml());
            out.flush();
        } else {
            AtomicFiles.write(target, r.xml(), StandardCharsets.UTF_8, check);
        }

        report.println("imported " + input + (root.isEmpty() ? "" : " (IIS path \"" + root + "\")")
                + (toStdout ? "" : " to " + target));
        report.println("  one-to-one    " + r.oneToOne());
        report.println("  many-to-one   " + r.manyToOne() + (r.broad().isEmpty() ? "" : " (" + r.broad().size()
                + " written with broad=\"true\")"));
        report.println("  locations     " + (r.locations().isEmpty() ? "none (no sslFlags found)" : ""));
        for (String l : r.locations()) {
            report.println("    " + l);
        }
        if (r.passwordsDropped() > 0) {
            report.println("  passwords     " + r.passwordsDropped() + " dropped (not written, not shown): certmap maps"
                    + " to a name and never keeps passwords");
        }
        if (!r.enabled()) {
            report.println("WARNING: mapping is DISABLED in the result (enabled=\"false\"" + (r.enabledByDefault()
                    ? ", the IIS default, because the section did not set it" : ", as in IIS")
                    + "): no certificate maps until you set enabled=\"true\"");
        }
        for (String b : r.broad()) {
            report.println("WARNING: broad mapping " + b);
        }
        for (String n : r.notes()) {
            report.println("note: " + n);
        }
        if (loaded[0] != null && !loaded[0].hasTrustStore()) {
            report.println("next: add <validation trustStore=\"...\"/> with your client CA(s), then run certmap check"
                    + (toStdout ? "" : " --config " + target));
        }
        return ExitCodes.OK;
    }

    /** The configuration path of the site root to import. */
    private String root(IisConfigReader.Found found) {
        if (found.kind() != IisConfigReader.Kind.APPLICATION_HOST) {
            if (site != null) {
                throw new CliException("--site is for applicationHost.config; " + input + " is "
                        + (found.kind() == IisConfigReader.Kind.SECTION ? "a bare section" : "a web.config")
                        + " (its paths are relative to its own site)");
            }
            return "";
        }
        Set<String> relevant = new LinkedHashSet<>();
        for (IisConfigReader.Section s : found.sections()) {
            if (!s.path().isEmpty()) {
                relevant.add(siteOf(s.path(), found.sites()));
            }
        }
        for (IisConfigReader.Access a : found.access()) {
            if (!a.path().isEmpty()) {
                relevant.add(siteOf(a.path(), found.sites()));
            }
        }
        if (site != null) {
            String s = site.replace('\\', '/').replaceAll("^/+|/+$", "");
            String first = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
            String known = java.util.stream.Stream.concat(found.sites().stream(), relevant.stream())
                    .filter(n -> n.equalsIgnoreCase(first)).findFirst().orElse(null);
            if (known == null) {
                throw new CliException("no site \"" + site + "\" in " + input + "; sites: " + list(found.sites(), relevant));
            }
            return known + s.substring(first.length());
        }
        if (relevant.size() == 1) {
            return relevant.iterator().next();
        }
        if (relevant.isEmpty()) {
            if (found.sections().isEmpty()) {
                throw new CliException(input + " has no " + "iisClientCertificateMappingAuthentication section and no"
                        + " sslFlags for any site");
            }
            return "";
        }
        throw new CliException(input + " configures several sites: " + list(List.of(), relevant)
                + "; choose one with --site \"NAME\" (one mapping file per site root)");
    }

    private static String siteOf(String path, List<String> sites) {
        String p = path.toLowerCase(Locale.ROOT);
        for (String s : sites) {
            String l = s.toLowerCase(Locale.ROOT);
            if (p.equals(l) || p.startsWith(l + "/")) {
                return s;
            }
        }
        return path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    }

    private static String list(List<String> sites, Set<String> relevant) {
        List<String> all = new ArrayList<>();
        for (String s : relevant) {
            all.add("\"" + s + "\"");
        }
        for (String s : sites) {
            if (relevant.stream().noneMatch(s::equalsIgnoreCase)) {
                all.add("\"" + s + "\" (no certificate settings)");
            }
        }
        return all.isEmpty() ? "(none)" : String.join(", ", all);
    }
}
