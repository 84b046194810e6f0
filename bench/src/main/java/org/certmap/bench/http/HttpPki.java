package org.certmap.bench.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The end-to-end benchmark's PKI, generated at start (nothing checked in): a root CA (ECDSA P-256)
 * that issues the server certificate (ECDSA P-256, SAN 127.0.0.1) and the load clients' certificates
 * (RSA-2048 subject key shared by all clients, as in {@code BenchPki}; EKU clientAuth, critical
 * keyUsage digitalSignature, SKI, e-mail SAN; each with its own serial and subject
 * {@code CN=load-i, OU=Staff, O=Bench Org}).
 */
final class HttpPki {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    record Issued(X509Certificate certificate, PrivateKey key, X509Certificate[] chain) {
    }

    final Issued root;
    final Issued server;
    final List<Issued> clients;

    HttpPki(int clientCount) {
        try {
            KeyPair rootKey = ec();
            X500Name rootName = new X500Name("CN=Bench Root CA,O=Bench PKI");
            Instant now = Instant.now();
            X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootName, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), rootName,
                    rootKey.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            rb.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(rootKey.getPublic()));
            X509Certificate rootCert = sign(rb, rootKey);
            root = new Issued(rootCert, rootKey.getPrivate(), new X509Certificate[] {rootCert});

            KeyPair serverKey = ec();
            X509v3CertificateBuilder sb = leaf(rootCert, rootKey, "CN=localhost,O=Bench PKI", serverKey, utils);
            sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate serverCert = sign(sb, rootKey);
            server = new Issued(serverCert, serverKey.getPrivate(), new X509Certificate[] {serverCert, rootCert});

            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            KeyPair clientKey = rsa.generateKeyPair();
            clients = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                X509v3CertificateBuilder cb = leaf(rootCert, rootKey, "CN=load-" + i + ",OU=Staff,O=Bench Org",
                        clientKey, utils);
                cb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                cb.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "load-" + i + "@bench.example")));
                X509Certificate c = sign(cb, rootKey);
                clients.add(new Issued(c, clientKey.getPrivate(), new X509Certificate[] {c, rootCert}));
            }
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the benchmark PKI", e);
        }
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return ec.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    private static X509v3CertificateBuilder leaf(X509Certificate issuer, KeyPair issuerKey, String subject,
            KeyPair subjectKey, JcaX509ExtensionUtils utils) throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                new javax.security.auth.x500.X500Principal(subject), subjectKey.getPublic());
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        return b;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKey)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    /** The server's key store (PKCS12: its key and chain). */
    void writeServerKeyStore(Path file) {
        KeyStore ks = empty();
        try {
            ks.setKeyEntry("server", server.key(), PASSWORD, server.chain());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        store(ks, file);
    }

    /** A PKCS12 store of certificate entries (the connector's trust store, or the clients for the realm). */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        KeyStore ks = empty();
        try {
            for (int i = 0; i < certificates.size(); i++) {
                ks.setCertificateEntry("c" + i, certificates.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        store(ks, file);
    }

    static List<X509Certificate> readCertificates(Path file) {
        try (var in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
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

    private static KeyStore empty() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void store(KeyStore ks, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the DER as openssl prints it: upper-case hex pairs separated by colons. */
    static String sha256Colons(byte[] digest) {
        String hex = HexFormat.of().withUpperCase().formatHex(digest);
        StringBuilder sb = new StringBuilder(95);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    static String sha256Colons(X509Certificate c) {
        try {
            return sha256Colons(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client TLS context presenting {@code client} and trusting the root. {@code signatures} counts
     * private-key look-ups: one per full handshake (the CertificateVerify signature), none on a
     * resumed one, so the runner can prove that the full-handshake mode never resumes.
     */
    SSLContext clientContext(Issued client, LongAdder signatures) {
        try {
            KeyStore trust = empty();
            trust.setCertificateEntry("root", root.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {new FixedKeyManager(client, signatures)}, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents its one certificate whatever the server asks. */
    static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final Issued client;
        private final LongAdder signatures;

        FixedKeyManager(Issued client, LongAdder signatures) {
            this.client = client;
            this.signatures = signatures;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"key"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "key";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "key";
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
            return client.chain();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            signatures.increment();
            return client.key();
        }
    }
}
