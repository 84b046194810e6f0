package org.certmap.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.certmap.engine.config.CertificateReader;

/**
 * Reads a certificate argument: a file in any form people have (PEM, one or several blocks; DER;
 * a Windows {@code .cer} with base64 on one line; base64 wrapped any way; PKCS12 {@code .p12} or
 * {@code .pfx}), or {@code -} for text pasted on standard input in any shape. The leaf comes first.
 * Never echoes certificate data or passwords in its errors.
 */
public final class CertificateInput {

    /** The environment variable a PKCS12 password may come from. */
    public static final String PASSWORD_ENV = "CERTMAP_PASSWORD";

    private static final int MAX_BYTES = 1 << 20;

    private CertificateInput() {
    }

    /**
     * @param argument a path or {@code -}
     * @param password the --password option, or null (then {@link #PASSWORD_ENV}, then an empty password)
     */
    public static List<X509Certificate> read(String argument, String password, Terminal terminal) {
        String label = argument.equals("-") ? "standard input" : argument;
        byte[] bytes;
        try {
            bytes = argument.equals("-") ? readAll(terminal.in()) : Files.readAllBytes(Path.of(argument));
        } catch (NoSuchFileException e) {
            throw new CliException(argument + ": no such file");
        } catch (IOException e) {
            throw new CliException(label + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new CliException(label + ": empty" + (argument.equals("-")
                    ? " (paste the certificate, then end the input with Ctrl-D, or Ctrl-Z Enter on Windows)" : ""));
        }
        String lower = argument.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
            return pkcs12(bytes, label, password, terminal);
        }
        if (bytes[0] == 0x30) {
            try {
                return List.of(der(bytes));
            } catch (CertificateException | ClassCastException e) {
                // DER, but not a certificate: a PKCS12 file with another extension?
                return pkcs12(bytes, label, password, terminal);
            }
        }
        try {
            return CertificateReader.allFromText(text(bytes));
        } catch (IllegalArgumentException e) {
            throw new CliException(label + ": " + e.getMessage());
        }
    }

    /** The leaf (first) certificate of {@link #read}. */
    public static X509Certificate readOne(String argument, String password, Terminal terminal) {
        return read(argument, password, terminal).get(0);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BYTES + 1);
        if (b.length > MAX_BYTES) {
            throw new IOException("more than 1 MB: that is not one certificate");
        }
        return b;
    }

    /** Text in UTF-8 (with or without a byte order mark) or UTF-16 as Windows tools sometimes save it. */
    private static String text(byte[] b) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static X509Certificate der(byte[] b) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(b));
    }

    private static List<X509Certificate> pkcs12(byte[] bytes, String label, String password, Terminal terminal) {
        String pw = password != null ? password : terminal.env().apply(PASSWORD_ENV);
        char[] chars = pw == null ? new char[0] : pw.toCharArray();
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), chars);
        } catch (IOException e) {
            throw new CliException(label + ": cannot open as PKCS12: " + (pw == null
                    ? "it needs a password: give --password or set " + PASSWORD_ENV
                    : "wrong password, or not a PKCS12 file") + " (the certificate alone, as .cer or .pem, needs none)");
        } catch (GeneralSecurityException e) {
            throw new CliException(label + ": not a certificate, and not a PKCS12 file (" + e.getMessage() + ")");
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
        try {
            List<X509Certificate> trusted = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Certificate[] chain = ks.getCertificateChain(alias);
                    if (chain != null && chain.length > 0) {
                        List<X509Certificate> out = new ArrayList<>();
                        for (Certificate c : chain) {
                            out.add((X509Certificate) c);
                        }
                        return out;
                    }
                } else if (ks.getCertificate(alias) instanceof X509Certificate c) {
                    trusted.add(c);
                }
            }
            if (trusted.isEmpty()) {
                throw new CliException(label + ": the PKCS12 file holds no certificate");
            }
            return trusted;
        } catch (GeneralSecurityException e) {
            throw new CliException(label + ": cannot read the PKCS12 file: " + e.getMessage());
        }
    }
}
