package org.certmap.cli.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.certmap.engine.config.CertificateReader;

/**
 * Writes and reads what {@code certmap pki} makes: {@code NAME.pem} (the certificate),
 * {@code NAME-chain.pem} (certificate and issuers, for servers and curl), {@code NAME.key}
 * (unencrypted PKCS#8 PEM, owner-only where the file system allows) and {@code NAME.p12}
 * (key and chain, for browsers, Java key stores and Windows).
 */
public final class PkiFiles {

    /** The PKCS12 password used when none is given; printed loudly, fine for demos only. */
    public static final String DEMO_PASSWORD = "changeit";

    /** The files written for one certificate. */
    public record Written(Path certificate, Path chain, Path key, Path pkcs12) {

        public List<Path> all() {
            List<Path> out = new ArrayList<>();
            out.add(certificate);
            if (chain != null) {
                out.add(chain);
            }
            out.add(key);
            out.add(pkcs12);
            return out;
        }
    }

    private PkiFiles() {
    }

    /**
     * Writes the four files.
     *
     * @param overwrite false: refuse if any exists (a CA key is never silently replaced)
     */
    public static Written write(Path dir, String name, IssuedCertificate issued, char[] password, boolean overwrite)
            throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve(name + ".pem");
        Path chain = issued.issuers().isEmpty() ? null : dir.resolve(name + "-chain.pem");
        Path key = dir.resolve(name + ".key");
        Path p12 = dir.resolve(name + ".p12");
        if (!overwrite) {
            for (Path p : new Path[] {cert, chain, key, p12}) {
                if (p != null && Files.exists(p)) {
                    throw new FileAlreadyExistsException(p + " exists (use --force to replace it)");
                }
            }
        }
        Files.writeString(cert, pem(List.of(issued.certificate())), StandardCharsets.US_ASCII);
        if (chain != null) {
            Files.writeString(chain, pem(issued.chain()), StandardCharsets.US_ASCII);
        }
        writePrivate(key, keyPem(issued.privateKey()).getBytes(StandardCharsets.US_ASCII));
        writePrivate(p12, pkcs12(name, issued, password));
        return new Written(cert, chain, key, p12);
    }

    /** PEM of certificates, 64 characters a line. */
    public static String pem(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    public static String keyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A PKCS12 store with the key and chain under {@code alias}. */
    public static byte[] pkcs12(String alias, IssuedCertificate issued, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, issued.privateKey(), password, issued.chain().toArray(new Certificate[0]));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write PKCS12: " + e.getMessage(), e);
        }
    }

    /** A PKCS12 trust store holding CA certificates as trusted entries (a Tomcat connector's truststoreFile). */
    public static void writeTrustStore(Path file, List<X509Certificate> cas, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca" + (i++ == 0 ? "" : i), c);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an issuing CA: its certificate file (the CA first, then its own issuers, if any) and its
     * private key (PEM: PKCS#8 {@code PRIVATE KEY}, {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}).
     */
    public static IssuedCertificate readIssuer(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> certs = CertificateReader.fromFile(certificateFile);
        PrivateKey key = readKey(keyFile);
        return new IssuedCertificate(certs.get(0), key, certs.subList(1, certs.size()));
    }

    static PrivateKey readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED")) {
            throw new IOException(file + ": the key is encrypted; decrypt it first (openssl pkey -in KEY -out plain.key)");
        }
        byte[] pkcs8;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o = parser.readObject();
            if (o instanceof PEMKeyPair pair) {
                pkcs8 = pair.getPrivateKeyInfo().getEncoded();
            } else if (o instanceof PrivateKeyInfo info) {
                pkcs8 = info.getEncoded();
            } else {
                throw new IOException(file + ": no private key (expected -----BEGIN PRIVATE KEY-----)");
            }
        }
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": an EC or RSA private key was expected");
    }

    private static void writePrivate(Path file, byte[] data) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, data, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
