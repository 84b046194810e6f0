package org.certmap.cli;

import org.certmap.cli.pki.PkiCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top of the command tree: {@code certmap <command>}. */
@Command(name = "certmap", mixinStandardHelpOptions = true, version = "certmap 0.1.0-SNAPSHOT",
        description = {"IIS-style client-certificate mapping for Java web servers: make demo certificates, map",
                "certificates to users, explain why a certificate does or does not map, check a mapping file,",
                "and import IIS configuration."},
        subcommands = {PkiCommand.class, MapCommand.class, ExplainCommand.class, CheckCommand.class,
                ImportIisCommand.class, ListCommand.class, MappingEditCommand.Unmap.class,
                MappingEditCommand.Disable.class, MappingEditCommand.Enable.class, ShadowCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  certmap pki demo demo-pki",
                "  certmap map --config WEB-INF/certmap.xml --user jdoe --roles staff jdoe.cer",
                "  certmap explain --config WEB-INF/certmap.xml --path /secure/report jdoe.cer",
                "  certmap check --config WEB-INF/certmap.xml",
                "  certmap list --config WEB-INF/certmap.xml --weak",
                "  certmap unmap --config WEB-INF/certmap.xml --user jdoe      (disable / enable: the same selectors)",
                "  certmap import-iis applicationHost.config --site \"Default Web Site\" -o certmap.xml",
                "",
                "A certificate argument is a file (PEM, DER, .cer with one-line base64, .p7b/.p7c, .p12/.pfx",
                "with --password or CERTMAP_PASSWORD) or - to paste it on standard input in any shape.",
                "$${catalina.base} in a mapping file: --catalina-base DIR, -Dcatalina.base=DIR or CATALINA_BASE.",
                "Exit codes: 0 success (explain: maps), 1 explain: does not map, 2 usage or configuration error.",
                "Docs: docs/cli.md"})
public final class CertmapCommand implements Runnable {

    final Terminal terminal;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of unexpected errors.")
    boolean verbose;

    @Option(names = "-D", paramLabel = "NAME=VALUE", scope = ScopeType.INHERIT,
            description = "A system property for $${NAME} in mapping files, e.g. -Dcatalina.base=/opt/tomcat.")
    java.util.Map<String, String> defines;

    public CertmapCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    public Terminal terminal() {
        return terminal;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: pki, map, explain, check, import-iis, list, unmap, disable or enable");
    }
}
