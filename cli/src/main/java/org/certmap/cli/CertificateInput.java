package org.certmap.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
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
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.certmap.engine.config.CertificateReader;
import org.certmap.engine.mapping.CertificateFacts;

/**
 * Reads a certificate argument: a file in any form people have (PEM, one or several blocks; DER;
 * a Windows {@code .cer} with base64 on one line; base64 wrapped any way; PKCS12 {@code .p12} or
 * {@code .pfx}; PKCS#7 {@code .p7b}/{@code .p7c}, DER or PEM, as Windows exports a certificate "with
 * all certificates in the certification path"), or {@code -} for text pasted on standard input in
 * any shape; invisible marks pasted with it (U+200E, BOM, no-break spaces) are ignored. The leaf
 * comes first. A CSR is named as one. Never echoes certificate data or passwords in its errors.
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
        return read(argument, password, terminal, null);
    }

    /**
     * As {@link #read(String, String, Terminal)}, with notes (which certificate of a PKCS#7 bundle
     * was taken as the leaf, when more than one could be) printed to {@code notes} when not null.
     */
    public static List<X509Certificate> read(String argument, String password, Terminal terminal, PrintWriter notes) {
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
            return der(bytes, label, password, terminal, notes);
        }
        String text = PastedValues.withoutInvisible(text(bytes));
        List<String[]> blocks = pemBlocks(text);
        for (String[] b : blocks) {
            if (CSR_LABELS.contains(b[0])) {
                throw csr(label, decodeQuietly(b[1]));
            }
        }
        boolean bundle = blocks.stream().anyMatch(b -> PKCS7_LABELS.contains(b[0]));
        if (!bundle) {
            try {
                return CertificateReader.allFromText(text);
            } catch (IllegalArgumentException e) {
                // A CERTIFICATE block (certutil -encode writes one around a .p7b) or unarmored base64
                // that holds a PKCS#7 bundle or a CSR: say what it is. Anything else: the reader's words.
                byte[] der = decodeQuietly(blocks.isEmpty() ? text : blocks.get(0)[1]);
                DerKind kind = der == null ? DerKind.OTHER : DerKind.of(der);
                if (kind == DerKind.CSR) {
                    throw csr(label, der);
                }
                if (kind != DerKind.PKCS7) {
                    throw new CliException(label + ": " + e.getMessage());
                }
                return pkcs7(List.of(der), label, notes);
            }
        }
        List<byte[]> ders = new ArrayList<>();
        for (String[] b : blocks) {
            byte[] der = decodeQuietly(b[1]);
            if (der == null) {
                throw new CliException(label + ": the " + b[0] + " block is not valid base64 (was it cut short when it"
                        + " was copied?)");
            }
            if (PKCS7_LABELS.contains(b[0]) || CERTIFICATE_LABELS.contains(b[0])) {
                ders.add(der);
            }
        }
        return pkcs7(ders, label, notes);
    }

    /** The leaf (first) certificate of {@link #read}. */
    public static X509Certificate readOne(String argument, String password, Terminal terminal) {
        return read(argument, password, terminal).get(0);
    }

    /** The leaf (first) certificate of {@link #read}, with its notes. */
    public static X509Certificate readOne(String argument, String password, Terminal terminal, PrintWriter notes) {
        return read(argument, password, terminal, notes).get(0);
    }

    private static final Set<String> PKCS7_LABELS = Set.of("PKCS7", "PKCS #7 SIGNED DATA", "CMS");
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");
    private static final Set<String> CSR_LABELS = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

    /** What a DER value is, by its shape: enough to say what a file holds. */
    enum DerKind {
        CERTIFICATE, PKCS7, CSR, PKCS12, OTHER;

        private static final String SIGNED_DATA = "1.2.840.113549.1.7.2";

        static DerKind of(byte[] der) {
            ASN1Sequence seq;
            try {
                ASN1Primitive p = ASN1Primitive.fromByteArray(der);
                if (!(p instanceof ASN1Sequence s) || s.size() == 0) {
                    return OTHER;
                }
                seq = s;
            } catch (IOException | RuntimeException e) {
                return OTHER;
            }
            ASN1Encodable first = seq.getObjectAt(0);
            if (first instanceof ASN1ObjectIdentifier oid) {
                return oid.getId().equals(SIGNED_DATA) ? PKCS7 : OTHER;
            }
            if (first instanceof ASN1Integer version) {
                return version.hasValue(3) && seq.size() >= 2 ? PKCS12 : OTHER;
            }
            if (seq.size() == 3 && first instanceof ASN1Sequence info && info.size() >= 3) {
                if (info.getObjectAt(0) instanceof ASN1Integer v && v.hasValue(0)
                        && info.getObjectAt(1) instanceof ASN1Sequence && info.getObjectAt(2) instanceof ASN1Sequence) {
                    // CertificationRequestInfo: version 0, subject, subjectPKInfo, [0] attributes
                    return info.size() == 4 || info.size() == 3 ? CSR : OTHER;
                }
                return CERTIFICATE;
            }
            return OTHER;
        }
    }

    /** DER: a certificate, a PKCS#7 bundle (.p7b/.p7c as Windows exports them), a CSR, or a PKCS12 file. */
    private static List<X509Certificate> der(byte[] bytes, String label, String password, Terminal terminal,
            PrintWriter notes) {
        DerKind kind = DerKind.of(bytes);
        switch (kind) {
            case PKCS7:
                return pkcs7(List.of(bytes), label, notes);
            case CSR:
                throw csr(label, bytes);
            case PKCS12:
                return pkcs12(bytes, label, password, terminal);
            default:
                try {
                    return List.of(der(bytes));
                } catch (CertificateException | ClassCastException e) {
                    throw new CliException(label + ": DER data that is not a certificate, a PKCS#7 bundle (.p7b,"
                            + " .p7c), a certificate signing request or a PKCS12 file (.p12, .pfx)");
                }
        }
    }

    private static CliException csr(String label, byte[] der) {
        String subject = "";
        if (der != null) {
            try {
                X500Name name = new PKCS10CertificationRequest(der).getSubject();
                subject = " (subject " + new X500Principal(name.getEncoded()).getName(X500Principal.RFC2253) + ")";
            } catch (IOException | RuntimeException e) {
                // say what it is without the subject
            }
        }
        return new CliException(label + ": this is a certificate signing request (CSR, PKCS#10), not a certificate"
                + subject + ": it asks a CA for a certificate. Give the certificate the CA issued for it"
                + " (a demo CA: certmap pki client --issuer pki/ca --subject ...)");
    }

    /**
     * The certificates of PKCS#7 bundles (and PEM certificates beside them), the leaf first, then
     * its issuers upward, then the rest. The leaf is the certificate that issued none of the others;
     * among several, a non-CA certificate, then the first in the file, with a note saying which.
     */
    private static List<X509Certificate> pkcs7(List<byte[]> ders, String label, PrintWriter notes) {
        List<X509Certificate> all = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (byte[] der : ders) {
                for (Certificate c : f.generateCertificates(new ByteArrayInputStream(der))) {
                    if (c instanceof X509Certificate x && !all.contains(x)) {
                        all.add(x);
                    }
                }
            }
        } catch (CertificateException e) {
            throw new CliException(label + ": the PKCS#7 bundle does not decode (" + e.getMessage() + ")");
        }
        if (all.isEmpty()) {
            throw new CliException(label + ": the PKCS#7 bundle holds no certificate (only CRLs?)");
        }
        List<X509Certificate> leaves = new ArrayList<>();
        for (X509Certificate c : all) {
            boolean issuedAnother = false;
            for (X509Certificate o : all) {
                if (o != c && issued(c, o)) {
                    issuedAnother = true;
                    break;
                }
            }
            if (!issuedAnother) {
                leaves.add(c);
            }
        }
        if (leaves.isEmpty()) {
            leaves.add(all.get(0)); // issuers in a circle: take the file's first
        }
        List<X509Certificate> endEntities = leaves.stream().filter(c -> c.getBasicConstraints() < 0).toList();
        X509Certificate leaf = endEntities.isEmpty() ? leaves.get(0) : endEntities.get(0);
        if (leaves.size() > 1 && notes != null) {
            List<String> names = new ArrayList<>();
            for (X509Certificate c : leaves) {
                names.add(new CertificateFacts(c).summary().subject());
            }
            notes.println("note: " + label + " holds " + all.size() + " certificates, " + leaves.size()
                    + " of which issued none of the others (" + String.join("; ", names) + "); using "
                    + new CertificateFacts(leaf).summary().subject() + (endEntities.isEmpty() ? ", the first"
                    : endEntities.size() == 1 ? ", the only one that is not a CA" : ", the first that is not a CA"));
            notes.flush();
        }
        List<X509Certificate> out = new ArrayList<>();
        out.add(leaf);
        X509Certificate at = leaf;
        while (true) {
            X509Certificate up = null;
            for (X509Certificate o : all) {
                if (!out.contains(o) && issued(o, at)) {
                    up = o;
                    break;
                }
            }
            if (up == null) {
                break;
            }
            out.add(up);
            at = up;
        }
        for (X509Certificate c : all) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether {@code issuer} issued {@code c}: the names chain and the signature verifies. */
    private static boolean issued(X509Certificate issuer, X509Certificate c) {
        if (!issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        if (issuer.equals(c)) {
            return false;
        }
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The PEM blocks of a text: {label, base64 body}. */
    private static List<String[]> pemBlocks(String text) {
        List<String[]> out = new ArrayList<>();
        int begin = text.indexOf("-----BEGIN");
        while (begin >= 0) {
            int headerEnd = text.indexOf("-----", begin + 10);
            int end = headerEnd < 0 ? -1 : text.indexOf("-----END", headerEnd + 5);
            if (end < 0) {
                break; // the reader says what is wrong
            }
            out.add(new String[] {text.substring(begin + 10, headerEnd).trim(), text.substring(headerEnd + 5, end)});
            int after = text.indexOf("-----", end + 8);
            begin = after < 0 ? -1 : text.indexOf("-----BEGIN", after + 5);
        }
        return out;
    }

    /** Base64 with any white space in it, or null. */
    private static byte[] decodeQuietly(String base64) {
        StringBuilder sb = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (!Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        try {
            byte[] b = Base64.getDecoder().decode(sb.toString());
            return b.length == 0 ? null : b;
        } catch (IllegalArgumentException e) {
            return null;
        }
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
