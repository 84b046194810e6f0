package org.certmap.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** TLS client contexts for tests and benchmarks: a client key (or none) and the server roots to trust. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A TLS context whose client presents what {@code keys} choose (null: no certificate) and
     * trusts servers whose chain ends at one of {@code serverRoots}.
     */
    public static SSLContext client(KeyManager keys, X509Certificate... serverRoots) {
        return client(keys == null ? null : new KeyManager[] {keys}, trustManagers(serverRoots));
    }

    /** A TLS context from key managers (null: no certificate) and trust managers. */
    public static SSLContext client(KeyManager[] keys, TrustManager[] trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** The JDK's trust managers for these roots. */
    public static TrustManager[] trustManagers(X509Certificate... roots) {
        Map<String, X509Certificate> byAlias = new LinkedHashMap<>();
        for (int i = 0; i < roots.length; i++) {
            byAlias.put("root" + i, roots[i]);
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(KeyStores.withCertificates("PKCS12", byAlias));
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the roots: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's key managers for a key store (what a real client does: it offers a certificate only
     * when its issuer is among the CAs the server names); see {@link FixedKeyManager} for one that
     * always offers.
     */
    public static KeyManager[] keyManagers(KeyStore keys, char[] password) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key store: " + e.getMessage(), e);
        }
    }
}
