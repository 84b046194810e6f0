package org.certmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.Messages;
import org.certmap.engine.config.MappingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certmap explain}: why a certificate does or does not map (the answer IIS's 403.7 and 401.2 never gave). */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why a certificate does or does not map (the answer to IIS 403.7 / 401.2).",
                "Prints every validation check and every mapping evaluated and why, then the decision with",
                "its reason, the IIS status it replaces and a hint. Without --path it decides as for a path",
                "that requires a certificate."},
        footerHeading = "%nExamples:%n",
        footer = {"  certmap explain --config WEB-INF/certmap.xml jdoe.cer",
                "  certmap explain --config certmap.xml --path /secure/x      (what the path requires)",
                "  certmap explain --config certmap.xml --path /secure/admin/x --at 2026-01-31T12:00:00Z jdoe.pem",
                "  pbpaste | certmap explain --config certmap.xml -",
                "",
                "Exit codes: 0 the certificate maps to a user; 1 it does not (refused, or no user);",
                "2 usage or configuration error."})
final class ExplainCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOptions files;

    @Option(names = "--path", paramLabel = "PATH",
            description = "The request path inside the web application, e.g. /secure/report (default: a path that requires a certificate).")
    String path;

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "Decide at this time instead of now: 2026-01-31T12:00:00Z, 2026-01-31T13:00:00+01:00 or 2026-01-31.")
    String at;

    @Option(names = "--chain", paramLabel = "FILE",
            description = "Intermediate certificates the client sends with the certificate (PEM).")
    Path chain;

    @Option(names = "--forwarded",
            description = "As if a trusted proxy forwarded the certificate in a header (then a trustStore is required),"
                    + " instead of the server's own TLS connection.")
    boolean forwarded;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of a PKCS12 certificate file (or set "
            + CertificateInput.PASSWORD_ENV + ").")
    String password;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CERTIFICATE",
            description = "The certificate file, or - for standard input. Without one, --path says what that path requires.")
    String certificate;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = files.out();
        PrintWriter err = files.err();
        Terminal terminal = files.terminal();
        Instant when = at == null ? Instant.now() : Times.parse(at, "--at");
        if (certificate == null) {
            if (path == null) {
                throw new CliException("give a certificate to explain, or --path PATH to ask what a path requires");
            }
            return pathOnly(out, files.load(), when);
        }
        List<X509Certificate> certs = new ArrayList<>(CertificateInput.read(certificate, password, terminal, err));
        if (chain != null) {
            certs.addAll(CertificateInput.read(chain.toString(), password, terminal));
        }
        MappingConfig cfg = files.load();
        Explanation e = CertmapEngine.explain(cfg, certs, !forwarded, path, when);

        out.println("certificate");
        CertificateText.print(out, certs.get(0), when);
        if (certs.size() > 1) {
            out.println("  chain       " + (certs.size() - 1) + " more certificate(s) sent with it");
        }
        out.println();
        out.println("mapping file  " + cfg.file() + " (" + cfg.mapper().oneToOne().size() + " one-to-one, "
                + cfg.mapper().manyToOne().size() + " many-to-one, " + cfg.locations().locations().size()
                + " locations" + (cfg.hasTrustStore() ? ", trustStore" : ", no trustStore") + ")");
        out.println("at            " + when + (at == null ? " (now)" : ""));
        out.println("path          " + (path == null ? "(none: decided as for a path that requires a certificate)" : path));
        out.println("source        " + (forwarded ? "forwarded by a trusted proxy" : "the server's TLS connection"
                + (cfg.hasTrustStore() ? "" : " (no trustStore: trusted as far as the connector validated it)")));
        out.println();
        out.println("checks, in order");
        for (Check c : e.checks()) {
            if (c.subject().equals("decision")) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-11s %s: %s%n", c.outcome(), c.subject(), c.detail());
        }
        out.println();
        Decision d = e.decision();
        out.println("decision: " + headline(d));
        String because = because(e);
        if (because != null) {
            out.println("  because: " + because);
        }
        if (d.reason() != null) {
            out.println("  hint: " + Messages.hint(d.reason()));
            String advice = advice(d, cfg);
            if (advice != null) {
                out.println("  what to do: " + advice);
            }
        }
        for (String w : cfg.warnings()) {
            err.println("warning: " + w);
        }
        return d.isAuthenticated() ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    /** The step that decided, from the explanation's fields: its subject and its sentence. */
    static String because(Explanation e) {
        Check c = e.because();
        return c == null ? null : c.subject() + ": " + c.detail();
    }

    static String headline(Decision d) {
        return switch (d.status()) {
            case AUTHENTICATED -> "MAPS to user " + d.user() + (d.roles().isEmpty() ? "" : " with roles " + d.roles())
                    + " (by " + d.mapping() + ")";
            case REFUSED -> "REFUSED " + d.reason() + " (HTTP " + d.httpStatus() + "; IIS would say "
                    + d.reason().iisStatus() + ")";
            case ANONYMOUS -> "ANONYMOUS: the request goes on without a user"
                    + (d.reason() == null ? "" : "; the certificate did not map: " + d.reason() + " (IIS "
                    + d.reason().iisStatus() + ")");
            case NOT_COVERED -> "NOT COVERED: no location covers this path, certmap is not consulted there";
        };
    }

    /** One concrete next step per reason: what an IIS admin never got from "Access is denied". */
    static String advice(Decision d, MappingConfig cfg) {
        return switch (d.reason()) {
            case NO_MAPPING -> cfg.enabled()
                    ? "add a mapping, e.g. certmap map --config " + cfg.file().getFileName() + " --user NAME CERTIFICATE"
                    : "the file has enabled=\"false\": set enabled=\"true\" on the root element";
            case MAPPING_DENIED -> "if this certificate should get in, narrow that Deny mapping's rules, or map it"
                    + " one-to-one (one-to-one is evaluated before every many-to-one mapping)";
            case CERTIFICATE_EXPIRED -> "issue a new certificate (certmap pki client ...) and map it; a spkiSha256 key"
                    + " survives renewal with the same key";
            case CERTIFICATE_UNTRUSTED -> cfg.hasTrustStore()
                    ? "add the issuing CA to the trustStore, or send the intermediate certificates (--chain)"
                    : "a forwarded certificate needs <validation trustStore=\"...\"/>";
            case CERTIFICATE_USAGE -> "issue the certificate with EKU clientAuth and keyUsage digitalSignature";
            case ROLE_REQUIRED -> "give the user one of the location's roles (roles=\"...\" on the mapping)";
            case CERTIFICATE_REQUIRED -> "the client sent no certificate";
            default -> null;
        };
    }

    /**
     * What a path requires, with no certificate: the engine's own explanation of a request without
     * one (the location that covers it and its flags), then what a client needs there.
     */
    private Integer pathOnly(PrintWriter out, MappingConfig cfg, Instant when) {
        Explanation e = CertmapEngine.explain(cfg, List.of(), true, path, when);
        out.println("mapping file  " + cfg.file());
        out.println("path          " + path);
        out.println();
        for (Check c : e.checks()) {
            out.printf(Locale.ROOT, "  %-11s %s: %s%n", c.outcome(), c.subject(), c.detail());
        }
        Decision d = e.decision();
        out.println();
        switch (d.status()) {
            case NOT_COVERED -> out.println("requires: nothing from certmap (public, unless a web.xml CLIENT-CERT"
                    + " constraint covers it)");
            case ANONYMOUS -> out.println("requires: nothing; a certificate is accepted and, if it maps, logs the user in");
            default -> out.println("requires: a client certificate that maps (without one: " + d.reason() + ", HTTP "
                    + d.httpStatus() + ")" + (cfg.protectDispatches()
                            ? "; forwards and includes into it need the same (protectDispatches)" : ""));
        }
        return d.isRefused() ? ExitCodes.REFUSED : ExitCodes.OK;
    }
}
