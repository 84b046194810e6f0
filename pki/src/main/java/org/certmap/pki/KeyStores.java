package org.certmap.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * Java key stores in memory and on disk: a PKCS12 store with one key and its chain (a server's
 * keystoreFile, a browser's client certificate), or a store of trusted certificates (a connector's
 * truststoreFile). Failures of the JDK's key store code are {@link IllegalStateException}s; file
 * errors stay {@link IOException}s.
 */
public final class KeyStores {

    private KeyStores() {
    }

    /** An empty, loaded key store of {@code type} (PKCS12, JKS). */
    public static KeyStore empty(String type) {
        try {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(null, null);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a " + type + " key store: " + e.getMessage(), e);
        }
    }

    /** A PKCS12 store with {@code key} and {@code chain} (leaf first) under {@code alias}. */
    public static KeyStore withKey(String alias, PrivateKey key, List<X509Certificate> chain, char[] password) {
        KeyStore ks = empty("PKCS12");
        try {
            ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot store the key: " + e.getMessage(), e);
        }
    }

    /** A PKCS12 store with the certificate's key and chain under {@code alias}. */
    public static KeyStore withKey(String alias, IssuedCertificate issued, char[] password) {
        return withKey(alias, issued.privateKey(), issued.chain(), password);
    }

    /** A store of {@code type} with trusted certificate entries, in the map's order. */
    public static KeyStore withCertificates(String type, Map<String, X509Certificate> byAlias) {
        KeyStore ks = empty(type);
        try {
            for (Map.Entry<String, X509Certificate> e : byAlias.entrySet()) {
                ks.setCertificateEntry(e.getKey(), e.getValue());
            }
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot store the certificates: " + e.getMessage(), e);
        }
    }

    /** A PKCS12 store with one trusted certificate. */
    public static KeyStore withCertificate(String alias, X509Certificate certificate) {
        return withCertificates("PKCS12", Map.of(alias, certificate));
    }

    /** The store as its file's bytes. */
    public static byte[] toBytes(KeyStore ks, char[] password) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + ks.getType() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the store to {@code file} (replacing it) and returns the file. */
    public static Path write(KeyStore ks, Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + ks.getType() + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Reads a store of {@code type} from {@code file}. */
    public static KeyStore read(Path file, String type, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
