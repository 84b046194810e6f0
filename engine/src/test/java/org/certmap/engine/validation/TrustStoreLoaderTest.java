package org.certmap.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreLoaderTest {

    private static final Issued ROOT = TestPki.rootCa("CN=Loader Root,O=certmap");
    private static final Issued ISSUING = TestPki.intermediateCa(ROOT, "CN=Loader Issuing,O=certmap");
    private static final Issued CLIENT = TestPki.client(ISSUING, "CN=client");
    private static final char[] PASSWORD = "s3cret-Pa55".toCharArray();

    @TempDir
    Path dir;

    @Test
    void loadWhenPemBundleWithCrlfAndTextBetweenThenAllCertificatesInOrder() throws IOException {
        String bundle = "Subject: Loader Root\r\n" + TestPki.pem(ROOT.certificate()).replace("\n", "\r\n")
                + "\r\n# the issuing CA\r\nissuer=...\r\n" + TestPki.pem(ISSUING.certificate()).replace("\n", "\r\n")
                + "trailing words\r\n";
        Path file = Files.writeString(dir.resolve("bundle.pem"), bundle, StandardCharsets.US_ASCII);

        List<X509Certificate> certs = TrustStoreLoader.load(file, null, null);

        assertThat(certs).containsExactly(ROOT.certificate(), ISSUING.certificate());
    }

    @Test
    void loadWhenPemHasOtherBlocksAndDuplicatesThenOnlyDistinctCertificates() throws IOException {
        String bundle = TestPki.pem(ROOT.certificate())
                + "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n"
                + TestPki.pem(ROOT.certificate(), ISSUING.certificate());
        Path file = Files.writeString(dir.resolve("ca.crt"), bundle, StandardCharsets.US_ASCII);

        assertThat(TrustStoreLoader.load(file, null, null)).containsExactly(ROOT.certificate(), ISSUING.certificate());
    }

    @Test
    void loadWhenDerCertificateThenThatCertificate() throws IOException {
        Path file = Files.write(dir.resolve("root.cer"), TestPki.encoded(ROOT.certificate()));

        assertThat(TrustStoreLoader.load(file, null, null)).containsExactly(ROOT.certificate());
    }

    @Test
    void loadWhenUnknownExtensionThenReadAsPem() throws IOException {
        Path file = TestPki.writePem(dir.resolve("trust.txt"), ROOT.certificate());

        assertThat(TrustStoreLoader.load(file, null, null)).containsExactly(ROOT.certificate());
    }

    @Test
    void loadWhenNonCaCertificateInBundleThenKeptAsPinnedAnchor() throws IOException {
        Path file = TestPki.writePem(dir.resolve("pins.pem"), CLIENT.certificate());

        assertThat(TrustStoreLoader.load(file, null, null)).containsExactly(CLIENT.certificate());
    }

    @Test
    void loadWhenPkcs12WithTrustedEntriesAndPasswordThenThoseCertificates() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        ks.setCertificateEntry("issuing", ISSUING.certificate());
        Path file = store(ks, dir.resolve("trust.p12"));

        assertThat(TrustStoreLoader.load(file, null, PASSWORD))
                .containsExactlyInAnyOrder(ROOT.certificate(), ISSUING.certificate());
    }

    @Test
    void loadWhenPkcs12KeyEntryThenOnlyItsOwnCertificateNotItsIssuers() throws IOException {
        Path file = CLIENT.writePkcs12(dir.resolve("client.pfx"), PASSWORD);

        assertThat(TrustStoreLoader.load(file, null, PASSWORD)).containsExactly(CLIENT.certificate());
    }

    @Test
    void loadWhenPkcs12PasswordMissingThenHintsAtThePassword() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        Path file = store(ks, dir.resolve("trust.p12"));

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null))
                .isInstanceOf(IOException.class)
                .hasMessage("no certificates found in trust store " + file + " (a password may be needed)");
    }

    @Test
    void loadWhenJksThenTrustedCertificates() throws Exception {
        KeyStore ks = KeyStore.getInstance("JKS");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        Path file = store(ks, dir.resolve("trust.jks"));

        assertThat(TrustStoreLoader.load(file, null, PASSWORD)).containsExactly(ROOT.certificate());
    }

    @Test
    void loadWhenTypeGivenThenExtensionIgnored() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        Path file = store(ks, dir.resolve("trust.bin"));

        assertThat(TrustStoreLoader.load(file, "pkcs12", PASSWORD)).containsExactly(ROOT.certificate());
    }

    @Test
    void loadWhenWrongPasswordThenClearMessageWithoutThePassword() {
        Path file = CLIENT.writePkcs12(dir.resolve("client.p12"), PASSWORD);

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, "wrong-guess".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessage("could not open trust store " + file + ": wrong password or corrupt file")
                .hasMessageNotContaining("wrong-guess")
                .hasMessageNotContaining(new String(PASSWORD));
    }

    @Test
    void loadWhenJksWrongPasswordThenClearMessage() throws Exception {
        KeyStore ks = KeyStore.getInstance("JKS");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        Path file = store(ks, dir.resolve("trust.jks"));

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, "nope".toCharArray()))
                .hasMessage("could not open trust store " + file + ": wrong password or corrupt file");
    }

    @Test
    void loadWhenPkcs12IsCorruptThenClearMessage() throws IOException {
        Path file = Files.write(dir.resolve("broken.p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, PASSWORD))
                .hasMessage("could not open trust store " + file + ": wrong password or corrupt file");
    }

    @Test
    void loadWhenFileMissingThenNoSuchFile() {
        Path file = dir.resolve("absent.pem");

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.pem")
                .hasMessageContaining("trust store not found");
    }

    @Test
    void loadWhenFileEmptyThenNoCertificates() throws IOException {
        Path file = Files.write(dir.resolve("empty.pem"), new byte[0]);

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null))
                .isInstanceOf(IOException.class)
                .hasMessage("no certificates found in trust store " + file + " (the file is empty)");
    }

    @Test
    void loadWhenPemHasNoCertificateBlockThenNoCertificates() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.pem"), "just some notes\r\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null))
                .hasMessage("no certificates found in trust store " + file);
    }

    @Test
    void loadWhenPemBlockIsDamagedThenSaysWhichBlock() throws IOException {
        String damaged = TestPki.pem(ROOT.certificate()) + "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n";
        Path file = Files.writeString(dir.resolve("damaged.pem"), damaged, StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("certificate block 2");
    }

    @Test
    void loadWhenPemBlockHasNoEndThenError() throws IOException {
        String cut = TestPki.pem(ROOT.certificate()).replace("-----END CERTIFICATE-----", "");
        Path file = Files.writeString(dir.resolve("cut.pem"), cut, StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> TrustStoreLoader.load(file, null, null)).hasMessageContaining("no END line");
    }

    @Test
    void loadWhenTypeUnknownThenSaysSo() throws IOException {
        Path file = TestPki.writePem(dir.resolve("root.pem"), ROOT.certificate());

        assertThatThrownBy(() -> TrustStoreLoader.load(file, "NOPE", null))
                .hasMessageContaining("unknown trust store type NOPE");
    }

    @Test
    void loadedAnchorsValidateAChain() throws IOException {
        Path file = TestPki.writePem(dir.resolve("root.pem"), ROOT.certificate());
        CertificateValidator validator = new CertificateValidator(
                new CertificateValidator.Settings(TrustStoreLoader.load(file, null, null), true, true, true, 10),
                RevocationChecker.NONE);

        assertThat(validator.validate(List.of(CLIENT.certificate(), ISSUING.certificate()), false,
                java.time.Instant.now()).passed()).isTrue();
    }

    private static Path store(KeyStore ks, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }
}
