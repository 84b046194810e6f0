package org.certmap.cli.pki;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.certmap.cli.CertificateInput;
import org.certmap.cli.CliException;
import org.certmap.cli.ExitCodes;
import org.certmap.cli.PastedValues;
import org.certmap.cli.Times;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.pki.IssuedCertificate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code certmap pki revoke} and {@code certmap pki crl}: the demo PKI revokes and publishes CRLs. */
final class RevocationCommands {

    private RevocationCommands() {
    }

    /** Where a CA's revocation state lives: beside its files ({@link Revocations#stateFile}). */
    static Path caBase(PkiCommand.IssuerOptions o) {
        if (o.issuer != null) {
            return o.issuer;
        }
        if (o.issuerCert == null) {
            return null;
        }
        String name = o.issuerCert.toString();
        for (String suffix : new String[] {"-chain.pem", ".pem", ".crt", ".cer"}) {
            if (name.endsWith(suffix)) {
                return Path.of(name.substring(0, name.length() - suffix.length()));
            }
        }
        return o.issuerCert;
    }

    static String subject(X509Certificate c) {
        return new CertificateFacts(c).summary().subject();
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a certificate the demo CA issued: by its file or its serial number, with an RFC 5280",
                    "reason. Recorded in BASE-revocations.txt beside the CA; the next `certmap pki crl` lists it."},
            footerHeading = "%nReasons (--reason):%n",
            footer = {"  unspecified (default: no reasonCode extension), keyCompromise, cACompromise, affiliationChanged,",
                    "  superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, aACompromise.",
                    "  A certificate on hold may be revoked again with a final reason.",
                    "",
                    "Examples:",
                    "  certmap pki revoke --issuer pki/ca --reason keyCompromise pki/jdoe.pem",
                    "  certmap pki revoke --issuer pki/intermediate --serial \"1a 2b 3c ...\" --reason superseded",
                    "  certmap pki crl --issuer pki/ca                  (then publish the new CRL)"})
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;

        @Spec
        CommandSpec spec;

        @Mixin
        PkiCommand.IssuerOptions issuerOptions;

        @Parameters(index = "0", arity = "0..1", paramLabel = "CERTIFICATE",
                description = "The certificate to revoke (any form certmap reads), or give --serial.")
        String certificate;

        @Option(names = "--serial", paramLabel = "HEX",
                description = "The serial number in hex instead of the file (spaces, colons and pasted invisible marks ignored).")
        String serial;

        @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
                description = "RFC 5280 reason (default: ${DEFAULT-VALUE}).")
        String reason;

        @Option(names = "--date", paramLabel = "TIME", description = "Revocation time (default: now).")
        String date;

        @Option(names = "--password", paramLabel = "PASSWORD",
                description = "Password of a PKCS12 certificate file (or set " + CertificateInput.PASSWORD_ENV + ").")
        String password;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if ((certificate == null) == (serial == null)) {
                throw new CliException("give the certificate to revoke, or --serial HEX (one of them)");
            }
            Revocations.Reason why;
            try {
                why = Revocations.Reason.parse(reason);
            } catch (IllegalArgumentException e) {
                throw new CliException("--reason: " + e.getMessage());
            }
            Instant when = date == null ? Instant.now() : Times.parse(date, "--date");
            IssuedCertificate ca = issuerOptions.read();
            X509Certificate caCert = ca.certificate();
            BigInteger number;
            String subject = null;
            if (certificate != null) {
                X509Certificate c = CertificateInput.readOne(certificate, password, pki.root.terminal(), err);
                if (c.equals(caCert)) {
                    throw new CliException(certificate + " is the CA itself: a CA's certificate is revoked by the CA"
                            + " above it (for a root: remove it from the trust stores)");
                }
                if (!c.getIssuerX500Principal().equals(caCert.getSubjectX500Principal()) || !signedBy(c, caCert)) {
                    throw new CliException(certificate + " was not issued by " + subject(caCert) + " (its issuer is "
                            + new CertificateFacts(c).summary().issuer() + "): give --issuer for the CA that issued it");
                }
                number = c.getSerialNumber();
                subject = subject(c);
            } else {
                number = new BigInteger(PastedValues.hex(serial, "--serial"), 16);
            }
            Path state = Revocations.stateFile(caBase(issuerOptions));
            Revocations r;
            try {
                r = Revocations.read(state);
            } catch (IOException e) {
                throw new CliException("cannot read the revocation state: " + e.getMessage(), e);
            }
            Revocations.Outcome outcome = r.revoke(number, when, why, subject);
            Revocations.Entry e = r.find(number);
            if (outcome == Revocations.Outcome.ALREADY) {
                out.println("already revoked: serial " + number.toString(16) + " on " + e.revoked() + " ("
                        + e.reason().rfcName() + "); " + state + " not changed");
                return ExitCodes.OK;
            }
            try {
                r.write(subject(caCert));
            } catch (IOException ex) {
                throw new CliException("cannot write " + state + ": " + ex.getMessage(), ex);
            }
            out.println((outcome == Revocations.Outcome.CHANGED ? "revoked (was on hold)" : "revoked") + " serial "
                    + number.toString(16));
            if (!e.subject().equals("-")) {
                out.println("  subject     " + e.subject());
            }
            out.println("  issuer      " + subject(caCert));
            out.println("  reason      " + e.reason().rfcName());
            out.println("  date        " + e.revoked());
            out.println("  state       " + state + " (" + r.entries().size() + " revoked)");
            out.println("  next        certmap pki crl --issuer " + caBase(issuerOptions)
                    + "   (the next CRL, number " + r.nextCrlNumber() + ", lists it)");
            return ExitCodes.OK;
        }

        private static boolean signedBy(X509Certificate c, X509Certificate ca) {
            try {
                c.verify(ca.getPublicKey());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = {"Write the demo CA's CRL: every certificate `certmap pki revoke` recorded, signed by the CA,",
                    "as BASE.crl (DER) and BASE-crl.pem, with a cRLNumber one above the last. With --delta, a delta",
                    "CRL (BASE-delta.crl, BASE-delta-crl.pem) of what was revoked since the last full CRL.",
                    "Give --issuer once per CA: a two-tier PKI has one CRL per CA."},
            footerHeading = "%nExamples:%n",
            footer = {"  certmap pki crl --issuer pki/ca",
                    "  certmap pki crl --issuer pki/ca --issuer pki/intermediate --next-update 1d",
                    "  certmap pki crl --issuer pki/intermediate --delta --next-update 12h",
                    "  certmap pki crl --issuer pki/ca --this-update 2025-01-01 --next-update 7d    (stale, for tests)"})
    static final class Crl implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;

        @Spec
        CommandSpec spec;

        @Option(names = "--issuer", required = true, paramLabel = "BASE",
                description = "A CA as the base of its files (pki/ca: pki/ca.pem, pki/ca.key); repeat for each CA.")
        List<Path> issuers;

        @Option(names = "--next-update", paramLabel = "DURATION", defaultValue = "7d",
                description = "How long the CRL is current: 7d (default), 12h, 30m, 2w or ISO-8601 (P7D).")
        String nextUpdate;

        @Option(names = "--this-update", paramLabel = "TIME", description = "The CRL's thisUpdate (default: now).")
        String thisUpdate;

        @Option(names = "--delta", description = "A delta CRL on the last full CRL (deltaCRLIndicator).")
        boolean delta;

        @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: the CA's folder).")
        Path out;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            Duration validity = duration(nextUpdate, "--next-update");
            Instant from = thisUpdate == null ? Instant.now() : Times.parse(thisUpdate, "--this-update");
            for (Path base : issuers) {
                PkiCommand.IssuerOptions o = new PkiCommand.IssuerOptions();
                o.issuer = base;
                IssuedCertificate ca = o.read();
                if (ca.certificate().getBasicConstraints() < 0) {
                    throw new CliException(base + " is not a CA certificate: only a CA signs CRLs");
                }
                Path state = Revocations.stateFile(base);
                Revocations r;
                try {
                    r = Revocations.read(state);
                } catch (IOException e) {
                    throw new CliException("cannot read the revocation state: " + e.getMessage(), e);
                }
                X509CRL crl;
                try {
                    crl = r.sign(ca, from, from.plus(validity), delta);
                } catch (IllegalArgumentException e) {
                    throw new CliException(base + ": " + e.getMessage());
                }
                Path dir = out != null ? out : base.toAbsolutePath().getParent();
                String name = base.getFileName() + (delta ? "-delta" : "");
                Path der = dir.resolve(name + ".crl");
                Path pem = dir.resolve(name + "-crl.pem");
                try {
                    Files.createDirectories(dir);
                    Files.write(der, crl.getEncoded());
                    Files.writeString(pem, Revocations.pem(crl), StandardCharsets.US_ASCII);
                    r.write(subject(ca.certificate()));
                } catch (IOException | CRLException e) {
                    throw new CliException("cannot write the CRL of " + base + ": " + e.getMessage(), e);
                }
                int listed = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
                stdout.println("made " + (delta ? "delta CRL" : "CRL") + " number " + (r.nextCrlNumber() - 1)
                        + (delta ? " on base CRL " + r.lastFullCrl() : "") + " of " + subject(ca.certificate()));
                stdout.println("  revoked     " + listed + (delta ? " since the base" : ""));
                stdout.println("  thisUpdate  " + crl.getThisUpdate().toInstant());
                stdout.println("  nextUpdate  " + crl.getNextUpdate().toInstant());
                stdout.println("  wrote       " + der);
                stdout.println("  wrote       " + pem);
            }
            return ExitCodes.OK;
        }
    }

    /** 7d, 12h, 30m, 90s, 2w, or ISO-8601 (P7D, PT12H); positive. */
    static Duration duration(String value, String option) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (v.matches("[0-9]{1,9}[wdhms]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            d = switch (v.charAt(v.length() - 1)) {
                case 'w' -> Duration.ofDays(7 * n);
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // the message below
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new CliException(option + " " + value + ": not a positive duration; write 7d, 12h, 30m, 2w or P7D");
        }
        return d;
    }
}
