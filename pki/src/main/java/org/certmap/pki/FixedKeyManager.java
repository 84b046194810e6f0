package org.certmap.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS client's key manager that presents its one certificate whatever CA names the server
 * lists, as curl and browsers let a user do, so that untrusted certificates reach the server too
 * (the JDK's own key manager would send nothing). Never a server's.
 */
public final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "key";

    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final LongAdder keyUses;

    private FixedKeyManager(IssuedCertificate client, LongAdder keyUses) {
        this.chain = client.chain().toArray(new X509Certificate[0]);
        this.key = client.privateKey();
        this.keyUses = keyUses;
    }

    /** Presents {@code client}'s certificate and chain. */
    public static FixedKeyManager of(IssuedCertificate client) {
        return new FixedKeyManager(client, null);
    }

    /**
     * Presents {@code client}'s certificate and counts the private-key look-ups in {@code keyUses}:
     * one per full handshake (the CertificateVerify signature), none on a resumed one.
     */
    public static FixedKeyManager counting(IssuedCertificate client, LongAdder keyUses) {
        return new FixedKeyManager(client, keyUses);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (keyUses != null) {
            keyUses.increment();
        }
        return key;
    }
}
