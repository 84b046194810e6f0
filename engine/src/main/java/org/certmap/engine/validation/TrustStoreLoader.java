package org.certmap.engine.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the certificates of a {@code <validation trustStore>}: a PEM bundle (or one DER
 * certificate), a PKCS12 or a JKS key store.
 *
 * <p>Every certificate found becomes a trust anchor, CA or not: a non-CA certificate in the bundle
 * pins exactly that client certificate, which the JDK's PKIX allows and which is a legitimate way to
 * trust a handful of self-signed clients. {@code certmap check} is the place to point such entries
 * out, not the loader.
 *
 * <p>From a key store, trusted-certificate entries are taken, and of each key entry only its own
 * certificate, as JSSE's trust managers do: the rest of a key entry's chain is there to be sent,
 * not to be trusted, and taking it would silently trust a whole CA.
 *
 * <p>Messages name the file and never contain the password or certificate data.
 */
public final class TrustStoreLoader {

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    private static final Set<String> PEM_TYPES = Set.of("PEM", "DER", "CER", "CRT");
    private static final Set<String> PKCS12_TYPES = Set.of("PKCS12", "P12", "PFX");
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");

    private TrustStoreLoader() {
    }

    /**
     * Loads the certificates of a trust store.
     *
     * @param file     the trust store
     * @param type     {@code PEM} (a PEM bundle or one DER certificate), {@code PKCS12}, {@code JKS},
     *                 or another {@link KeyStore} type; null to choose by extension ({@code .p12}
     *                 and {@code .pfx}: PKCS12, {@code .jks}: JKS, anything else: PEM)
     * @param password the key store password, or null (not used for PEM)
     * @return the certificates, in file order, without duplicates; never empty
     * @throws IOException when the file is missing or unreadable, the password is wrong, the content
     *                     is corrupt, or it holds no certificate
     */
    public static List<X509Certificate> load(Path file, String type, char[] password) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "trust store not found");
        }
        byte[] content = Files.readAllBytes(file);
        String kind = type != null ? type.trim().toUpperCase(Locale.ENGLISH) : byExtension(file);
        boolean pem = PEM_TYPES.contains(kind);
        List<X509Certificate> certificates = pem ? pemOrDer(file, content)
                : keyStore(file, content, PKCS12_TYPES.contains(kind) ? "PKCS12" : kind, password);
        if (certificates.isEmpty()) {
            String hint = content.length == 0 ? " (the file is empty)"
                    : password == null && !pem ? " (a password may be needed)" : "";
            throw new IOException("no certificates found in trust store " + file + hint);
        }
        return certificates;
    }

    private static String byExtension(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ENGLISH);
        if (n.endsWith(".p12") || n.endsWith(".pfx")) {
            return "PKCS12";
        }
        if (n.endsWith(".jks")) {
            return "JKS";
        }
        return "PEM";
    }

    private static List<X509Certificate> pemOrDer(Path file, byte[] content) throws IOException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (!text.contains(BEGIN)) {
            // No PEM armor: a single DER certificate (a SEQUENCE), or nothing usable.
            return content.length > 0 && content[0] == 0x30
                    ? List.of(parse(file, content, "the DER certificate")) : List.of();
        }
        Set<X509Certificate> out = new LinkedHashSet<>();
        int block = 0;
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new IOException("trust store " + file + ": unterminated PEM header");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd).trim();
            String footer = "-----END " + label + DASHES;
            int end = text.indexOf(footer, labelEnd);
            if (end < 0) {
                throw new IOException("trust store " + file + ": PEM block " + label + " has no END line");
            }
            from = end + footer.length();
            if (!CERTIFICATE_LABELS.contains(label)) {
                continue; // keys, CRLs and the like have no place in a trust store; they are not anchors
            }
            block++;
            String base64 = text.substring(labelEnd + DASHES.length(), end).replaceAll("[\\s]", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IOException("trust store " + file + ": certificate block " + block + " is not valid base64");
            }
            out.add(parse(file, der, "certificate block " + block));
        }
        return List.copyOf(out);
    }

    private static X509Certificate parse(Path file, byte[] der, String what) throws IOException {
        try {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            return (X509Certificate) c;
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("trust store " + file + ": " + what + " is not a valid X.509 certificate", e);
        }
    }

    private static List<X509Certificate> keyStore(Path file, byte[] content, String type, char[] password)
            throws IOException {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new IOException("trust store " + file + ": unknown trust store type " + type
                    + " (use PEM, PKCS12 or JKS)", e);
        }
        try {
            ks.load(new ByteArrayInputStream(content), password);
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's messages for these are about the password or the format; none carries it.
            throw new IOException("could not open trust store " + file + ": wrong password or corrupt file", e);
        }
        Set<X509Certificate> out = new LinkedHashSet<>();
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias); // a trusted entry, or a key entry's own certificate
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (KeyStoreException e) {
            throw new IOException("could not read trust store " + file, e);
        }
        return List.copyOf(out);
    }
}
