package org.certmap.cli.pki;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.certmap.cli.CertificateInput;
import org.certmap.cli.CertmapCommand;
import org.certmap.cli.CliException;
import org.certmap.cli.ExitCodes;
import org.certmap.cli.Terminal;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.KeyType;
import org.certmap.pki.PkiFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code certmap pki}: CA, intermediate, server and client certificates, PEM and PKCS12. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = {"Make certificates for demos and tests: CA, intermediate, server, client, or a whole demo.",
                "Chosen names, SANs, EKU, validity, CRL and OCSP URLs. Writes NAME.pem, NAME-chain.pem, NAME.key",
                "(unencrypted, owner-only) and NAME.p12 into --out. Revoke certificates and write CRLs.",
                "Not a production CA."},
        subcommands = {PkiCommand.Ca.class, PkiCommand.Intermediate.class, PkiCommand.Server.class,
                PkiCommand.Client.class, PkiCommand.Demo.class, RevocationCommands.Revoke.class,
                RevocationCommands.Crl.class},
        footerHeading = "%nExamples:%n",
        footer = {"  certmap pki demo demo-pki",
                "  certmap pki ca --out pki --subject \"CN=Contoso Root CA,O=Contoso\"",
                "  certmap pki intermediate --out pki --issuer pki/ca --subject \"CN=Contoso Issuing CA 1,O=Contoso\"",
                "  certmap pki server --out pki --issuer pki/intermediate --dns www.contoso.example --ip 127.0.0.1",
                "  certmap pki client --out pki --issuer pki/intermediate --subject \"CN=jdoe,OU=Staff,O=Contoso\" \\",
                "      --email jdoe@contoso.example --upn jdoe@contoso.example",
                "  certmap pki client --out pki --issuer pki/ca --subject CN=old --not-before 2024-01-01 --not-after 2024-06-30",
                "  certmap pki client --out pki --issuer pki/ca --subject CN=ann --crl-url http://localhost:8081/ca.crl",
                "  certmap pki revoke --issuer pki/ca --reason keyCompromise pki/ann.pem",
                "  certmap pki crl --issuer pki/ca --next-update 7d",
                "",
                "PKCS12 password: --password, else " + CertificateInput.PASSWORD_ENV + ", else \"" + PkiFiles.DEMO_PASSWORD
                        + "\" (demos only)."})
public final class PkiCommand implements Runnable {

    @ParentCommand
    CertmapCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name what to make: ca, intermediate, server, client or demo;"
                + " or revoke, crl");
    }

    /** Options every pki subcommand has. */
    static final class Common {
        @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".", description = "Output folder (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--password", paramLabel = "PASSWORD",
                description = "Password of the .p12 files (else " + CertificateInput.PASSWORD_ENV + ", else \"changeit\").")
        String password;

        @Option(names = "--force", description = "Replace files that exist.")
        boolean force;

        char[] password(Terminal terminal, PrintWriter err) {
            String pw = password != null ? password : terminal.env().apply(CertificateInput.PASSWORD_ENV);
            if (pw == null) {
                err.println("WARNING: the .p12 files are protected with the demo password \"" + PkiFiles.DEMO_PASSWORD
                        + "\"; give --password or set " + CertificateInput.PASSWORD_ENV + " for anything but a demo");
                pw = PkiFiles.DEMO_PASSWORD;
            }
            return pw.toCharArray();
        }
    }

    /** Options of one certificate. */
    static final class CertificateOptions {
        @Option(names = {"-s", "--subject"}, paramLabel = "DN",
                description = "Subject, RFC 4514, most specific first: \"CN=jdoe,OU=Staff,O=Contoso\" (E, SERIALNUMBER, T, GN, SN allowed).")
        String subject;

        @Option(names = "--name", paramLabel = "NAME", description = "Base name of the files (default: by kind, or the CN).")
        String name;

        @Option(names = "--dns", split = ",", paramLabel = "NAME", description = "DNS name SANs.")
        List<String> dns = new ArrayList<>();

        @Option(names = "--ip", split = ",", paramLabel = "ADDRESS", description = "IP address SANs (IPv4 or IPv6).")
        List<String> ip = new ArrayList<>();

        @Option(names = "--email", split = ",", paramLabel = "ADDRESS", description = "Email (rfc822Name) SANs.")
        List<String> email = new ArrayList<>();

        @Option(names = "--upn", split = ",", paramLabel = "UPN", description = "Microsoft UPN otherName SANs.")
        List<String> upn = new ArrayList<>();

        @Option(names = "--uri", split = ",", paramLabel = "URI", description = "URI SANs.")
        List<String> uri = new ArrayList<>();

        @Option(names = "--eku", split = ",", paramLabel = "PURPOSE",
                description = "Extended key usages: clientAuth, serverAuth, emailProtection, codeSigning, any, an OID, or none"
                        + " (default: clientAuth for clients, serverAuth for servers, none for CAs).")
        List<String> eku;

        @Option(names = "--days", paramLabel = "N", description = "Days of validity (default: CA 3650, intermediate 1825, others 397).")
        Integer days;

        @Option(names = "--not-before", paramLabel = "TIME", description = "Start of validity (2026-01-31 or 2026-01-31T12:00:00Z).")
        String notBefore;

        @Option(names = "--not-after", paramLabel = "TIME", description = "End of validity; in the past makes an expired certificate.")
        String notAfter;

        @Option(names = "--crl-url", split = ",", paramLabel = "URL",
                description = "CRL distribution point(s) to write into the certificate, e.g. http://localhost:8080/ca.crl.")
        List<String> crlUrls = new ArrayList<>();

        @Option(names = "--delta-crl-url", split = ",", paramLabel = "URL",
                description = "Freshest CRL point(s): where the issuer's delta CRL is.")
        List<String> deltaCrlUrls = new ArrayList<>();

        @Option(names = "--ocsp-url", split = ",", paramLabel = "URL",
                description = "OCSP responder(s) for the Authority Information Access extension.")
        List<String> ocspUrls = new ArrayList<>();

        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec",
                description = "ec (P-256, default), ec-p384, rsa (2048), rsa-3072 or rsa-4096.")
        String keyType;

        CertificateBuilder builder(CertificateProfile profile, String subject) {
            CertificateBuilder b = CertificateBuilder.of(profile).subject(subject).keyType(KeyType.parse(keyType));
            dns.forEach(b::dns);
            ip.forEach(b::ip);
            email.forEach(b::email);
            upn.forEach(b::upn);
            uri.forEach(b::uri);
            crlUrls.forEach(b::crlUrl);
            deltaCrlUrls.forEach(b::deltaCrlUrl);
            ocspUrls.forEach(b::ocspUrl);
            if (eku != null) {
                b.eku(eku);
            }
            if (days != null) {
                if (days <= 0) {
                    throw new IllegalArgumentException("--days must be positive");
                }
                b.validFor(Duration.ofDays(days));
            }
            if (notBefore != null) {
                b.notBefore(org.certmap.cli.Times.parse(notBefore, "--not-before"));
            }
            if (notAfter != null) {
                b.notAfter(org.certmap.cli.Times.parse(notAfter, "--not-after"));
            }
            return b;
        }
    }

    /** Where the issuing CA is. */
    static final class IssuerOptions {
        @Option(names = "--issuer", paramLabel = "BASE",
                description = "The issuing CA as the base of its files: --issuer pki/ca reads pki/ca.pem (or pki/ca-chain.pem)"
                        + " and pki/ca.key.")
        Path issuer;

        @Option(names = "--issuer-cert", paramLabel = "FILE", description = "The issuing CA's certificate (PEM; its own issuers may follow).")
        Path issuerCert;

        @Option(names = "--issuer-key", paramLabel = "FILE", description = "The issuing CA's private key (PEM).")
        Path issuerKey;

        IssuedCertificate read() {
            Path cert = issuerCert;
            Path key = issuerKey;
            if (issuer != null) {
                Path chain = Path.of(issuer + "-chain.pem");
                cert = cert != null ? cert : java.nio.file.Files.exists(chain) ? chain : Path.of(issuer + ".pem");
                key = key != null ? key : Path.of(issuer + ".key");
            }
            if (cert == null || key == null) {
                throw new CliException("give the issuing CA: --issuer pki/ca (for pki/ca.pem and pki/ca.key), or"
                        + " --issuer-cert and --issuer-key; make a CA first with: certmap pki ca --out pki");
            }
            try {
                return IssuerFiles.read(cert, key);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CliException(e.getFile() + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException("cannot read the issuing CA: " + e.getMessage(), e);
            }
        }
    }

    abstract static class MakeOne implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;

        @Spec
        CommandSpec spec;

        @Mixin
        Common common;

        @Mixin
        CertificateOptions certificate;

        abstract CertificateProfile profile();

        abstract String defaultSubject();

        IssuedCertificate issuer() {
            return null;
        }

        String subject() {
            return certificate.subject != null ? certificate.subject : defaultSubject();
        }

        void defaults(CertificateBuilder b) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            IssuedCertificate issuer = issuer();
            IssuedCertificate made;
            try {
                CertificateBuilder b = certificate.builder(profile(), subject());
                defaults(b);
                made = b.issue(issuer);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), e);
            }
            String name = certificate.name != null ? certificate.name : baseName(made.certificate());
            char[] pw = common.password(pki.root.terminal(), err);
            PkiFiles.Written w;
            try {
                w = PkiFiles.write(common.out, name, made, pw, common.force);
            } catch (FileAlreadyExistsException e) {
                throw new CliException(e.getFile());
            } catch (IOException e) {
                throw new CliException("cannot write " + common.out + ": " + e.getMessage(), e);
            }
            describe(out, profile().name().toLowerCase(Locale.ROOT), made, w);
            return ExitCodes.OK;
        }

        String baseName(X509Certificate c) {
            return switch (profile()) {
                case CA -> "ca";
                case INTERMEDIATE -> "intermediate";
                case SERVER -> "server";
                case CLIENT -> slug(c);
            };
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true, description = "A self-signed root CA.",
            footerHeading = "%nExample:%n", footer = "  certmap pki ca --out pki --subject \"CN=Contoso Root CA,O=Contoso\"")
    static final class Ca extends MakeOne {
        @Option(names = "--path-length", paramLabel = "N", defaultValue = "-1",
                description = "How many intermediate CAs may follow (default: no limit).")
        int pathLength;

        @Override
        CertificateProfile profile() {
            return CertificateProfile.CA;
        }

        @Override
        String defaultSubject() {
            return "CN=certmap Root CA";
        }

        @Override
        void defaults(CertificateBuilder b) {
            b.pathLength(pathLength);
        }
    }

    @Command(name = "intermediate", mixinStandardHelpOptions = true, description = "An intermediate CA issued by --issuer.",
            footerHeading = "%nExample:%n",
            footer = "  certmap pki intermediate --out pki --issuer pki/ca --subject \"CN=Contoso Issuing CA 1,O=Contoso\"")
    static final class Intermediate extends MakeOne {
        @Mixin
        IssuerOptions issuerOptions;

        @Option(names = "--path-length", paramLabel = "N", defaultValue = "0",
                description = "How many CAs may follow below it (default: ${DEFAULT-VALUE}).")
        int pathLength;

        @Override
        CertificateProfile profile() {
            return CertificateProfile.INTERMEDIATE;
        }

        @Override
        String defaultSubject() {
            return "CN=certmap Issuing CA";
        }

        @Override
        IssuedCertificate issuer() {
            return issuerOptions.read();
        }

        @Override
        void defaults(CertificateBuilder b) {
            b.pathLength(pathLength);
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "A TLS server certificate (EKU serverAuth); without --dns/--ip: localhost, 127.0.0.1 and ::1.",
            footerHeading = "%nExample:%n",
            footer = "  certmap pki server --out pki --issuer pki/intermediate --dns www.contoso.example --ip 127.0.0.1")
    static final class Server extends MakeOne {
        @Mixin
        IssuerOptions issuerOptions;

        @Override
        CertificateProfile profile() {
            return CertificateProfile.SERVER;
        }

        @Override
        String defaultSubject() {
            return "CN=" + (certificate.dns.isEmpty() ? "localhost" : certificate.dns.get(0));
        }

        @Override
        IssuedCertificate issuer() {
            return issuerOptions.read();
        }

        @Override
        void defaults(CertificateBuilder b) {
            if (certificate.dns.isEmpty() && certificate.ip.isEmpty()) {
                b.dns("localhost").ip("127.0.0.1").ip("::1");
            }
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "A TLS client certificate (EKU clientAuth, keyUsage digitalSignature) to map to a user.",
            footerHeading = "%nExamples:%n",
            footer = {"  certmap pki client --out pki --issuer pki/intermediate --subject \"CN=jdoe,OU=Staff,O=Contoso\" \\",
                    "      --email jdoe@contoso.example --upn jdoe@contoso.example",
                    "  certmap pki client --out pki --issuer pki/ca --subject CN=old --not-after 2024-06-30   (expired)",
                    "  certmap pki client --out pki --issuer pki/ca --subject CN=bad-eku --eku serverAuth"})
    static final class Client extends MakeOne {
        @Mixin
        IssuerOptions issuerOptions;

        @Override
        CertificateProfile profile() {
            return CertificateProfile.CLIENT;
        }

        @Override
        String defaultSubject() {
            throw new CliException("give the client's name: --subject \"CN=jdoe,OU=Staff,O=Contoso\"");
        }

        @Override
        IssuedCertificate issuer() {
            return issuerOptions.read();
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"A whole demo PKI and mapping file in DIR: a CA, a server certificate for localhost,",
                    "and one client certificate per scenario (one-to-one, many-to-one, denied, unmapped, expired)."},
            footerHeading = "%nExample:%n",
            footer = {"  certmap pki demo demo-pki",
                    "  certmap explain --config demo-pki/certmap.xml --path /secure/x demo-pki/clients/bob.pem"})
    static final class Demo implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Folder to create the demo in.")
        Path dir;

        @Option(names = "--password", paramLabel = "PASSWORD",
                description = "Password of the .p12 files (else " + CertificateInput.PASSWORD_ENV + ", else \"changeit\").")
        String password;

        @Option(names = "--server-name", split = ",", paramLabel = "NAME",
                description = "More DNS names or IPs for the server certificate, besides localhost, 127.0.0.1, ::1.")
        List<String> serverNames = new ArrayList<>();

        @Option(names = "--force", description = "Replace a demo that exists in DIR.")
        boolean force;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!force && java.nio.file.Files.exists(dir.resolve("ca.key"))) {
                throw new CliException(dir + " already holds a demo PKI (ca.key); use --force to replace it");
            }
            Common c = new Common();
            c.password = password;
            char[] pw = c.password(pki.root.terminal(), err);
            DemoPki demo;
            try {
                demo = DemoPki.create(dir, pw, serverNames);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException("cannot make the demo PKI in " + dir + ": " + e.getMessage(), e);
            }
            out.println("demo PKI in " + dir.toAbsolutePath().normalize());
            out.println("  CA        " + rel(demo, demo.caFiles().certificate()) + "  " + subject(demo.ca().certificate()));
            out.println("  truststore " + rel(demo, demo.trustStore()) + " (the CA, for a Tomcat connector's truststoreFile)");
            out.println("  server    " + rel(demo, demo.serverFiles().pkcs12()) + "  localhost, 127.0.0.1, ::1"
                    + (serverNames.isEmpty() ? "" : ", " + String.join(", ", serverNames)));
            out.println("  mapping   " + rel(demo, demo.mappingFile()));
            out.println("clients (.p12 for browsers, .pem + .key for curl):");
            for (DemoPki.Client cl : demo.clients()) {
                out.printf(Locale.ROOT, "  %-12s %-22s %s%n", cl.scenario().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        rel(demo, cl.files().pkcs12()), cl.scenario().expectation());
            }
            out.println("try:");
            out.println("  certmap explain --config " + demo.mappingFile() + " --path /secure/x "
                    + demo.client(DemoPki.Scenario.MANY_TO_ONE).files().certificate());
            out.println("  curl --cacert " + demo.caFiles().certificate() + " --cert "
                    + demo.client(DemoPki.Scenario.ONE_TO_ONE).files().certificate() + " --key "
                    + demo.client(DemoPki.Scenario.ONE_TO_ONE).files().key() + " https://localhost:8443/secure/");
            return ExitCodes.OK;
        }

        private static String rel(DemoPki demo, Path p) {
            return demo.dir().relativize(p).toString();
        }
    }

    static void describe(PrintWriter out, String kind, IssuedCertificate made, PkiFiles.Written w) {
        X509Certificate c = made.certificate();
        out.println("made " + kind + " certificate");
        out.println("  subject     " + subject(c));
        out.println("  issuer      " + new CertificateFacts(c).summary().issuer());
        out.println("  valid       " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant());
        out.println("  key         " + c.getPublicKey().getAlgorithm() + ", signed " + c.getSigAlgName());
        out.println("  sha256      " + new CertificateFacts(c).sha256Hex());
        for (Path p : w.all()) {
            out.println("  wrote       " + p);
        }
    }

    static String subject(X509Certificate c) {
        return new CertificateFacts(c).summary().subject();
    }

    /** A file name from the CN: "John Doe" → john-doe. */
    static String slug(X509Certificate c) {
        org.certmap.engine.x509.CertificateNames names;
        try {
            names = org.certmap.engine.x509.CertificateNames.of(c);
        } catch (org.certmap.engine.x509.NameException e) {
            return "client";
        }
        List<String> cn = names.subject().values("2.5.4.3");
        String base = cn.isEmpty() ? "client" : cn.get(0).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^-+|-+$", "");
        return base.isEmpty() ? "client" : base;
    }
}
