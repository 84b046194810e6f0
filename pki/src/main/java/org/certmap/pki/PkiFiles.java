package org.certmap.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files {@code certmap pki} writes for one certificate: {@code NAME.pem} (the certificate),
 * {@code NAME-chain.pem} (certificate and issuers, for servers and curl), {@code NAME.key}
 * (unencrypted PKCS#8 PEM, owner-only where the file system allows) and {@code NAME.p12} (key and
 * chain, for browsers, Java key stores and Windows).
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
     * Writes the four files ({@code NAME-chain.pem} only when the certificate has issuers).
     *
     * @param overwrite false: refuse if any exists (a CA key is never silently replaced)
     * @throws FileAlreadyExistsException naming the file, with "use --force to replace it"
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
        Files.writeString(cert, Pem.certificates(List.of(issued.certificate())), StandardCharsets.US_ASCII);
        if (chain != null) {
            Files.writeString(chain, Pem.certificates(issued.chain()), StandardCharsets.US_ASCII);
        }
        writePrivate(key, Pem.privateKey(issued.privateKey()).getBytes(StandardCharsets.US_ASCII));
        writePrivate(p12, pkcs12(name, issued, password));
        return new Written(cert, chain, key, p12);
    }

    /** A PKCS12 store with the key and chain under {@code alias}, as its file's bytes. */
    public static byte[] pkcs12(String alias, IssuedCertificate issued, char[] password) {
        try {
            return KeyStores.toBytes(KeyStores.withKey(alias, issued, password), password);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot write PKCS12: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * A PKCS12 trust store holding CA certificates as trusted entries (a Tomcat connector's
     * truststoreFile), under the aliases ca, ca2, ca3, ...
     */
    public static void writeTrustStore(Path file, List<X509Certificate> cas, char[] password) throws IOException {
        Map<String, X509Certificate> byAlias = new LinkedHashMap<>();
        for (int i = 0; i < cas.size(); i++) {
            byAlias.put(i == 0 ? "ca" : "ca" + (i + 1), cas.get(i));
        }
        try {
            KeyStores.write(KeyStores.withCertificates("PKCS12", byAlias), file, password);
        } catch (IllegalStateException e) {
            throw new IOException("cannot write the trust store: " + e.getCause().getMessage(), e.getCause());
        }
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
