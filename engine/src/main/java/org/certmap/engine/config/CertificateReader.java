package org.certmap.engine.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.certmap.engine.base.Messages;

/**
 * Reads certificates in every shape people paste them: PEM with armor and line breaks, the one
 * line of base64 IIS insists on, base64 wrapped with spaces, tabs or CRLF, a {@code .cer} with
 * base64 on one line, or DER. IIS users lose hours to "it is imperative that this is in one
 * line": certmap takes all of them.
 */
public final class CertificateReader {

    private CertificateReader() {
    }

    /**
     * One certificate from text: base64 DER in any shape, with or without PEM armor.
     *
     * @throws IllegalArgumentException saying what is wrong (never echoing the text)
     */
    public static X509Certificate fromText(String text) {
        List<X509Certificate> all = allFromText(text);
        if (all.size() != 1) {
            throw new IllegalArgumentException(Messages.format("config.certificate.expectedOne", all.size()));
        }
        return all.get(0);
    }

    /** All certificates in PEM text (several armored blocks), or one unarmored base64 certificate. */
    public static List<X509Certificate> allFromText(String text) {
        List<X509Certificate> out = new ArrayList<>();
        int begin = text.indexOf("-----BEGIN");
        if (begin < 0) {
            out.add(parse(base64(text, 0)));
            return out;
        }
        while (begin >= 0) {
            int headerEnd = text.indexOf("-----", begin + 10);
            int end = headerEnd < 0 ? -1 : text.indexOf("-----END", headerEnd + 5);
            if (end < 0) {
                throw new IllegalArgumentException(Messages.format("config.certificate.pemUnterminated"));
            }
            String label = text.substring(begin + 10, headerEnd).trim();
            if (label.equals("CERTIFICATE") || label.equals("X509 CERTIFICATE") || label.equals("TRUSTED CERTIFICATE")) {
                out.add(parse(base64(text.substring(headerEnd + 5, end), out.size() + 1)));
            } else if (label.contains("PRIVATE KEY")) {
                throw new IllegalArgumentException(Messages.format("config.certificate.privateKey", label));
            }
            int after = text.indexOf("-----", end + 8);
            begin = after < 0 ? -1 : text.indexOf("-----BEGIN", after + 5);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(Messages.format("config.certificate.noBlock"));
        }
        return out;
    }

    /** All certificates in a file: PEM (one or more), DER, or a .cer with base64 on one line. */
    public static List<X509Certificate> fromFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 0 && bytes[0] == 0x30) {
            return List.of(parse(bytes));
        }
        return allFromText(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static byte[] base64(String text, int block) {
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B') {
                continue;
            }
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '=')) {
                throw new IllegalArgumentException(block > 0
                        ? Messages.format("config.certificate.notBase64InBlock", i + 1, block)
                        : Messages.format("config.certificate.notBase64", i + 1));
            }
            compact.append(c);
        }
        if (compact.length() == 0) {
            throw new IllegalArgumentException(Messages.format("config.certificate.empty"));
        }
        try {
            return Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.format("config.certificate.badBase64", e.getMessage()));
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(Messages.format("config.certificate.notX509", e.getMessage()));
        }
    }
}
