package org.certmap.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.FixedKeyManager;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.KeyStores;
import org.certmap.pki.KeyType;
import org.certmap.pki.TlsContexts;

/**
 * The end-to-end benchmark's PKI, generated at start (nothing checked in) by certmap-pki's
 * {@link CertificateBuilder}: a root CA (ECDSA P-256) that issues the server certificate (ECDSA
 * P-256, SAN 127.0.0.1) and the load clients' certificates (RSA-2048 subject key shared by all
 * clients, as in {@code BenchPki}; EKU clientAuth, critical keyUsage digitalSignature, SKI, an
 * authority key identifier of the root's key, e-mail SAN; each with its own serial and subject
 * {@code CN=load-i, OU=Staff, O=Bench Org}).
 */
final class HttpPki {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    final IssuedCertificate root;
    final IssuedCertificate server;
    final List<IssuedCertificate> clients;

    HttpPki(int clientCount) {
        Instant now = Instant.now();
        root = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Bench Root CA,O=Bench PKI").serial(serial())
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650))).authorityKeyIdentifier(false)
                .build();
        server = leaf(CertificateProfile.SERVER, "CN=localhost,O=Bench PKI", KeyType.EC_P256.generate())
                .ip("127.0.0.1").dns("localhost").build();
        KeyPair clientKey = KeyType.RSA_2048.generate();
        clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(leaf(CertificateProfile.CLIENT, "CN=load-" + i + ",OU=Staff,O=Bench Org", clientKey)
                    .email("load-" + i + "@bench.example").build());
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    /** A leaf without basicConstraints whose authority key identifier is the root key's (no name and serial). */
    private CertificateBuilder leaf(CertificateProfile profile, String subject, KeyPair key) {
        Instant now = Instant.now();
        try {
            return CertificateBuilder.of(profile).subject(subject).keyPair(key).issuer(root).serial(serial())
                    .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365))).withoutBasicConstraints()
                    .authorityKeyIdentifier(false).extension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root.certificate().getPublicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the benchmark PKI", e);
        }
    }

    /** The server's key store (PKCS12: its key and chain). */
    void writeServerKeyStore(Path file) {
        write(KeyStores.withKey("server", server, PASSWORD), file);
    }

    /** A PKCS12 store of certificate entries (the connector's trust store, or the clients for the realm). */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        Map<String, X509Certificate> byAlias = new LinkedHashMap<>();
        for (int i = 0; i < certificates.size(); i++) {
            byAlias.put("c" + i, certificates.get(i));
        }
        write(KeyStores.withCertificates("PKCS12", byAlias), file);
    }

    static List<X509Certificate> readCertificates(Path file) {
        try {
            KeyStore ks = KeyStores.read(file, "PKCS12", PASSWORD);
            List<X509Certificate> out = new ArrayList<>();
            for (int i = 0; ks.containsAlias("c" + i); i++) {
                out.add((X509Certificate) ks.getCertificate("c" + i));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(KeyStore ks, Path file) {
        try {
            KeyStores.write(ks, file, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client TLS context presenting {@code client} and trusting the root. {@code signatures} counts
     * private-key look-ups: one per full handshake (the CertificateVerify signature), none on a
     * resumed one, so the runner can prove that the full-handshake mode never resumes.
     */
    SSLContext clientContext(IssuedCertificate client, LongAdder signatures) {
        return TlsContexts.client(FixedKeyManager.counting(client, signatures), root.certificate());
    }
}
