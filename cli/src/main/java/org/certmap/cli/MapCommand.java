package org.certmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.certmap.cli.edit.AtomicFiles;
import org.certmap.cli.edit.MappingFileEditor;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.certmap.engine.config.OneToOneEntry;
import org.certmap.engine.config.Values;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.OneToOneMapping;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.NameException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code certmap map}: add a one-to-one mapping to a mapping file, safely. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Add a one-to-one mapping (certificate -> user) to a mapping file.",
                "Creates the file if it is missing. The rest of the file is kept as it is; the result is",
                "loaded and checked before it replaces the file (atomically), so a server polling it never",
                "sees a bad file."},
        footerHeading = "%nKeys (--key):%n",
        footer = {"  certificate    the whole certificate, base64 on one line (default, like IIS)",
                "  sha256         the certificate's SHA-256 fingerprint: short, same strength",
                "  spki           SHA-256 of the public key: survives renewal with the same key",
                "  issuer-serial  issuer name + serial number (like AD's X509IssuerSerialNumber)",
                "",
                "Examples:",
                "  certmap map --config WEB-INF/certmap.xml --user jdoe --roles staff,admin jdoe.cer",
                "  certmap map --config certmap.xml --user build-bot --key sha256 bot.p12 --password secret",
                "  pbpaste | certmap map --config certmap.xml --user jdoe -      (text pasted in any shape)"})
final class MapCommand implements Callable<Integer> {

    /** The kinds of key {@code map} can write. */
    enum Key { CERTIFICATE, SHA256, SPKI, ISSUER_SERIAL }

    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    @ParentCommand
    CertmapCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The mapping file (created if missing).")
    Path config;

    @Mixin
    MappingFileOptions files;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "The user name the certificate maps to.")
    String user;

    @Option(names = {"-r", "--roles"}, split = ",", paramLabel = "ROLE", description = "Roles of the user, comma separated.")
    List<String> roles;

    @Option(names = {"-k", "--key"}, paramLabel = "KIND", defaultValue = "certificate",
            converter = KeyConverter.class,
            description = "certificate (default), sha256, spki or issuer-serial.")
    Key key;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password of a PKCS12 certificate file (or set "
            + CertificateInput.PASSWORD_ENV + ").")
    String password;

    @Option(names = "--dry-run", description = "Print the element and check it, but do not write the file.")
    boolean dryRun;

    @Option(names = "--directory-value", description = {"Print the altSecurityIdentities values that tie this"
            + " certificate to an Active Directory account (KB5014754's strong forms first), for"
            + " Set-ADUser -Add @{altSecurityIdentities='...'}; needs no --config or --user."})
    boolean directoryValue;

    @Parameters(index = "0", paramLabel = "CERTIFICATE", description = {"The certificate file, or - for standard input;"
            + " with --key sha256 also its SHA-256 fingerprint (spaces, colons and the invisible mark Windows adds are ignored)."})
    String certificate;

    /**
     * The strings certmap's {@code <directory lookup="altSecurityIdentities">} searches for, as
     * Active Directory stores them: the first is what to store; the others are the spellings
     * Microsoft's tools also write, which certmap accepts too.
     */
    private static int directoryValues(PrintWriter out, X509Certificate cert) throws CliException {
        org.certmap.engine.directory.AdMappingStrings strings;
        try {
            strings = org.certmap.engine.directory.AdMappingStrings.of(cert);
        } catch (org.certmap.engine.x509.NameException e) {
            throw new CliException("the certificate's issuer name does not decode: " + e.getMessage());
        }
        List<org.certmap.engine.directory.AdMappingStrings.Value> store = strings.toStore();
        out.println("altSecurityIdentities for " + cert.getSubjectX500Principal().getName() + " (strong, KB5014754):");
        for (org.certmap.engine.directory.AdMappingStrings.Value v : store) {
            out.println("  " + v.value() + "    # " + v.form());
        }
        if (!store.isEmpty()) {
            out.println();
            out.println("In PowerShell: Set-ADUser USER -Add @{altSecurityIdentities='" + store.get(0).value() + "'}");
        }
        out.println("(<I><SR> and <SKI> values match only when the issuing CA is in <validation trustStore>.)");
        return ExitCodes.OK;
    }

    static final class KeyConverter implements picocli.CommandLine.ITypeConverter<Key> {
        @Override
        public Key convert(String value) {
            String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('+', '_');
            if (v.equals("SPKISHA256") || v.equals("SPKI_SHA256")) {
                return Key.SPKI;
            }
            try {
                return Key.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a key kind: use certificate, sha256, spki or issuer-serial");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (directoryValue) {
            return directoryValues(out, CertificateInput.readOne(certificate, password, root.terminal(), err));
        }
        if (config == null || user == null) {
            throw new CliException("map needs --config FILE and --user NAME (or --directory-value to print AD's strings)");
        }
        if (user.isBlank()) {
            throw new CliException("--user must not be empty");
        }
        String thumbprint = thumbprint(certificate);
        X509Certificate cert = thumbprint != null ? null : CertificateInput.readOne(certificate, password, root.terminal(), err);
        CertificateFacts facts = cert == null ? null : new CertificateFacts(cert);
        if (facts != null) {
            // The notes below ask which of the file's keys would match: as if the CA were in the trust store.
            facts.issuerInTrustStore(true);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("userName", user.trim());
        if (roles != null && !roles.isEmpty()) {
            attributes.put("roles", String.join(" ", roles.stream().map(String::trim).filter(r -> !r.isEmpty()).toList()));
        }
        String keyText;
        if (thumbprint != null) {
            attributes.put("sha256", thumbprint);
            keyText = "sha256 (the certificate's fingerprint, as given; strong)";
        } else {
            keyText = keyAttributes(cert, facts, attributes);
        }
        String element = MappingFileEditor.addElement(attributes);

        boolean exists = Files.exists(config);
        Charset charset = StandardCharsets.UTF_8;
        String updated;
        if (exists) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(config);
            } catch (IOException e) {
                throw new CliException(config + ": cannot read: " + e.getMessage(), e);
            }
            charset = charset(bytes);
            try {
                updated = MappingFileEditor.insertOneToOne(new String(bytes, charset), element);
            } catch (IllegalArgumentException e) {
                throw new CliException(config + ": " + e.getMessage() + "; not changed");
            }
        } else {
            updated = MappingFileEditor.newFile(element);
        }
        MappingConfig[] loaded = new MappingConfig[1];
        int[] line = new int[1];
        Predicate<OneToOneEntry> added = added(thumbprint, facts);
        AtomicFiles.Check check = candidate -> {
            try {
                loaded[0] = new MappingFileLoader(files.expander(root)).load(candidate, e -> {
                    if (added.test(e)) {
                        line[0] = e.line();
                    }
                });
            } catch (ConfigException e) {
                String where = config.toAbsolutePath().normalize().toString();
                throw new CliException("not " + (exists ? "changed" : "created") + ": with the new entry the file"
                        + " would not load: " + e.getMessage().replace(candidate.toString(), where));
            }
        };
        if (dryRun) {
            Path tmpDir = Files.createTempDirectory("certmap-map");
            Path probe = (exists ? config.toAbsolutePath().getParent() : tmpDir).resolve(
                    "." + config.getFileName() + ".dry-run.tmp");
            try {
                Files.writeString(probe, updated, charset);
                check.check(probe);
            } finally {
                Files.deleteIfExists(probe);
                Files.deleteIfExists(tmpDir);
            }
        } else {
            AtomicFiles.write(config, updated, charset, check);
        }

        out.println((dryRun ? "would add" : "added") + " one-to-one mapping to " + config + " (line " + line[0] + ")"
                + (exists ? "" : ", a new file"));
        out.println("  user        " + user.trim());
        if (attributes.containsKey("roles")) {
            out.println("  roles       " + attributes.get("roles"));
        }
        out.println("  key         " + keyText);
        if (facts == null) {
            out.println("  sha256      " + thumbprint);
        } else {
            out.println("  sha256      " + facts.sha256Hex());
            out.println("  subject     " + facts.summary().subject());
            out.println("  issuer      " + facts.summary().issuer());
            out.println("  valid       " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant());
        }
        if (dryRun) {
            out.println("  element     " + (key == Key.CERTIFICATE ? element.replaceAll("certificate=\"[^\"]{40,}\"",
                    "certificate=\"(base64 on one line)\"") : element));
        }
        notes(err, cert, loaded[0], facts);
        return ExitCodes.OK;
    }

    /**
     * A SHA-256 fingerprint given instead of a certificate file ({@code --key sha256}), pasted as
     * Windows, openssl or a browser shows it: invisible marks, spaces and colons are ignored. Null
     * when the argument is a file (or standard input).
     */
    private String thumbprint(String argument) {
        String hex;
        try {
            if (argument.equals("-") || Files.exists(Path.of(argument))) {
                return null;
            }
            hex = PastedValues.hex(argument, "the fingerprint");
        } catch (CliException | java.nio.file.InvalidPathException e) {
            return null; // not hex: a file that does not exist, which the certificate reader reports
        }
        if (hex.length() == 40) {
            throw new CliException("'" + hex + "' is no file, and as a fingerprint it has 40 hex digits: a"
                    + " SHA-1 thumbprint (what Windows' certificate dialog shows). certmap keys on SHA-256: give the"
                    + " certificate file, or its SHA-256 fingerprint (openssl x509 -noout -fingerprint -sha256 -in FILE)");
        }
        if (hex.length() != 64) {
            return null;
        }
        if (key != Key.SHA256) {
            throw new CliException("'" + hex + "' is no file but looks like a SHA-256 fingerprint: add"
                    + " --key sha256 to map by it, or give the certificate file");
        }
        return hex;
    }

    private String keyAttributes(X509Certificate cert, CertificateFacts facts, Map<String, String> attributes) {
        switch (key) {
            case SHA256 -> {
                attributes.put("sha256", facts.sha256Hex());
                return "sha256 (the certificate's fingerprint; strong)";
            }
            case SPKI -> {
                attributes.put("spkiSha256", Base64.getEncoder().encodeToString(facts.spkiSha256()));
                return "spkiSha256 (the public key; strong, survives renewal with the same key)";
            }
            case ISSUER_SERIAL -> {
                CertificateNames names;
                try {
                    names = CertificateNames.of(cert);
                } catch (NameException e) {
                    throw new CliException("the certificate's issuer name does not decode (" + e.getMessage()
                            + "); use --key certificate or sha256");
                }
                attributes.put("issuer", names.issuer().toString());
                attributes.put("serialNumber", cert.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
                return "issuer + serialNumber (strong while the CA never reuses serials)";
            }
            default -> {
                try {
                    attributes.put("certificate", Base64.getEncoder().encodeToString(cert.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new CliException("the certificate cannot be encoded: " + e.getMessage(), e);
                }
                return "certificate (the whole certificate, base64 on one line, like IIS; strong)";
            }
        }
    }

    /** Things worth knowing right away: the certificate will be refused anyway, or another key also matches it. */
    private void notes(PrintWriter err, X509Certificate cert, MappingConfig cfg, CertificateFacts facts) {
        if (cert == null) {
            err.println("note: mapped by the fingerprint alone: the certificate's dates and key usage were not checked"
                    + " (certmap explain with the certificate shows them)");
            if (cfg != null && cfg.locations().isEmpty()) {
                err.println("note: the file has no <location>: certmap only decides where a web.xml CLIENT-CERT"
                        + " constraint applies");
            }
            return;
        }
        Instant now = Instant.now();
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            err.println("note: this certificate expired on " + cert.getNotAfter().toInstant()
                    + ": it will be refused (CERTIFICATE_EXPIRED) although it is mapped");
        } else if (now.isBefore(cert.getNotBefore().toInstant())) {
            err.println("note: this certificate is not valid before " + cert.getNotBefore().toInstant());
        }
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.2") && !eku.contains("2.5.29.37.0")) {
                err.println("note: this certificate's EKU does not allow client authentication: it will be refused"
                        + " (CERTIFICATE_USAGE)");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // the engine reports it when the certificate is used
        }
        if (cfg != null) {
            List<OneToOneMapping> all = cfg.mapper().oneToOne().findAll(facts);
            if (all.size() > 1) {
                OneToOneMapping first = all.get(0);
                err.println("warning: " + all.size() + " one-to-one entries match this certificate; the strongest key"
                        + " wins: user " + first.userName() + " by " + first.kind().attribute() + " (line " + first.line()
                        + "). Run certmap check to see them.");
            }
            if (cfg.locations().isEmpty()) {
                err.println("note: the file has no <location>: certmap only decides where a web.xml CLIENT-CERT"
                        + " constraint applies; add e.g. <location path=\"/secure/*\" sslFlags=\"Ssl, SslRequireCert\"/>");
            }
            if (!cfg.enabled()) {
                err.println("warning: the file has enabled=\"false\": no certificate maps until it is set to true");
            }
        }
    }

    /**
     * The entry this command adds, as the loader reads the candidate file: by its key, which no
     * other entry can share (the loader refuses a key mapped twice).
     */
    private Predicate<OneToOneEntry> added(String thumbprint, CertificateFacts facts) {
        if (thumbprint != null) {
            byte[] digest = Values.sha256Hex(thumbprint);
            return e -> e.kind() == KeyKind.SHA256 && Arrays.equals(e.digest(), digest);
        }
        return switch (key) {
            case SPKI -> e -> e.kind() == KeyKind.SPKI_SHA256 && Arrays.equals(e.digest(), facts.spkiSha256());
            case ISSUER_SERIAL -> e -> e.kind() == KeyKind.ISSUER_SERIAL
                    && facts.issuerSerialKeyByName().equals(e.issuerSerialKey());
            case SHA256 -> e -> e.kind() == KeyKind.SHA256 && Arrays.equals(e.digest(), facts.sha256());
            case CERTIFICATE -> e -> e.kind() == KeyKind.CERTIFICATE && Arrays.equals(e.digest(), facts.sha256());
        };
    }

    static Charset charset(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        Matcher m = ENCODING.matcher(head.startsWith("\u00EF\u00BB\u00BF") ? head.substring(3) : head);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new CliException("the file declares encoding " + m.group(1) + ", which Java does not know");
            }
        }
        return StandardCharsets.UTF_8;
    }
}
