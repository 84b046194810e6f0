package org.certmap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiFilesTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final IssuedCertificate CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Files CA").issue(null);
    private static final IssuedCertificate ALICE = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=alice")
            .issue(CA);

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> readPem(Path file) throws Exception {
        return (List<X509Certificate>) CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    @Test
    void writeWhenIssuedThenPemChainOwnerOnlyKeyAndPkcs12() throws Exception {
        PkiFiles.Written w = PkiFiles.write(dir, "alice", ALICE, PASSWORD, false);

        assertThat(w.all()).containsExactly(dir.resolve("alice.pem"), dir.resolve("alice-chain.pem"), dir.resolve("alice.key"),
                dir.resolve("alice.p12"));
        assertThat(readPem(w.certificate())).containsExactly(ALICE.certificate());
        assertThat(readPem(w.chain())).containsExactly(ALICE.certificate(), CA.certificate());
        assertThat(Files.readString(w.key(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Pem.readPrivateKey(w.key())).isEqualTo(ALICE.privateKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.key()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.pkcs12()))).isEqualTo("rw-------");
        KeyStore p12 = KeyStores.read(w.pkcs12(), "PKCS12", PASSWORD);
        assertThat(Collections.list(p12.aliases())).containsExactly("alice");
        assertThat(p12.getKey("alice", PASSWORD)).isEqualTo(ALICE.privateKey());
        assertThat(List.<java.security.cert.Certificate>of(p12.getCertificateChain("alice")))
                .containsExactly(ALICE.certificate(), CA.certificate());
    }

    @Test
    void writeWhenSelfSignedThenNoChainFile() throws Exception {
        PkiFiles.Written w = PkiFiles.write(dir, "ca", CA, PASSWORD, false);

        assertThat(w.chain()).isNull();
        assertThat(w.all()).containsExactly(dir.resolve("ca.pem"), dir.resolve("ca.key"), dir.resolve("ca.p12"));
        assertThat(dir.resolve("ca-chain.pem")).doesNotExist();
    }

    @Test
    void writeWhenAFileExistsThenRefusedUnlessOverwrite() throws Exception {
        Files.writeString(dir.resolve("alice.key"), "mine");

        assertThatThrownBy(() -> PkiFiles.write(dir, "alice", ALICE, PASSWORD, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage(dir.resolve("alice.key") + " exists (use --force to replace it)");
        assertThat(dir.resolve("alice.pem")).doesNotExist();
        PkiFiles.write(dir, "alice", ALICE, PASSWORD, true);
        assertThat(Pem.readPrivateKey(dir.resolve("alice.key"))).isEqualTo(ALICE.privateKey());
    }

    @Test
    void writeTrustStoreWhenCasThenTrustedEntriesCaCa2() throws Exception {
        IssuedCertificate other = CertificateBuilder.of(CertificateProfile.CA).subject("CN=Other CA").issue(null);
        Path file = dir.resolve("truststore.p12");

        PkiFiles.writeTrustStore(file, List.of(CA.certificate(), other.certificate()), PASSWORD);

        KeyStore ks = KeyStores.read(file, "PKCS12", PASSWORD);
        assertThat(ks.getCertificate("ca")).isEqualTo(CA.certificate());
        assertThat(ks.getCertificate("ca2")).isEqualTo(other.certificate());
        assertThat(ks.isCertificateEntry("ca")).isTrue();
    }

    @Test
    void readPrivateKeyWhenTraditionalRsaOrEncryptedOrNoKeyThenKeyOrTheReason() throws Exception {
        IssuedCertificate rsa = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=rsa").keyType(KeyType.RSA_2048)
                .issue(CA);
        Path pkcs1 = dir.resolve("rsa.key");
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(pkcs1))) {
            w.writeObject(rsa.keyPair());
        }
        Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n");
        Path cert = Files.writeString(dir.resolve("cert.key"), Pem.certificates(CA.certificate()));

        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(pkcs1)).isEqualTo(rsa.privateKey());
        assertThatThrownBy(() -> Pem.readPrivateKey(encrypted))
                .hasMessage(encrypted + ": the key is encrypted; decrypt it first (openssl pkey -in KEY -out plain.key)");
        assertThatThrownBy(() -> Pem.readPrivateKey(cert))
                .hasMessage(cert + ": no private key (expected -----BEGIN PRIVATE KEY-----)");
    }

    @Test
    void pemWhenCertificatesThenOpensslLayout() throws Exception {
        String pem = Pem.certificates(ALICE.certificate(), CA.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")).mapToInt(String::length).max().orElseThrow()).isEqualTo(64);
        Path file = Files.writeString(dir.resolve("two.pem"), pem);
        assertThat(readPem(file)).containsExactly(ALICE.certificate(), CA.certificate());
    }
}
