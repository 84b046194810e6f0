package org.certmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate arguments in the forms Windows and openssl write: PKCS#7 bundles, and CSRs named as such. */
class CertificateInputTest {

    static TestPki.Issued root;
    static TestPki.Issued issuing;
    static TestPki.Issued alice;
    static TestPki.Issued bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        root = TestPki.rootCa("CN=Contoso Root CA,O=Contoso");
        issuing = TestPki.intermediateCa(root, "CN=Contoso Issuing CA,O=Contoso");
        alice = TestPki.client(issuing, "CN=alice,OU=Staff,O=Contoso");
        bob = TestPki.client(issuing, "CN=bob,OU=Staff,O=Contoso");
    }

    /** The chain root first, as openssl crl2pkcs7 and Windows often write it: the leaf is not first. */
    private Path rootFirstPem() {
        return TestPki.writePem(dir.resolve("chain.pem"), root.certificate(), issuing.certificate(), alice.certificate());
    }

    private static String sha256(TestPki.Issued c) {
        return new CertificateFacts(c.certificate()).sha256Hex();
    }

    private Cli.Result dryRunMap(Path certificate) {
        return Cli.exec("map", "--dry-run", "-c", dir.resolve("certmap.xml").toString(), "-u", "alice", "-k", "sha256",
                certificate.toString());
    }

    @Test
    void derP7bFromOpensslWhenMappedThenTheLeafIsTakenAndNoPasswordIsAsked() throws Exception {
        rootFirstPem();
        Openssl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "chain.p7b");
        Cli.Result r = dryRunMap(dir.resolve("chain.p7b"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("subject     CN=alice,OU=Staff,O=Contoso", "sha256      " + sha256(alice));
        assertThat(r.all()).doesNotContain("PKCS12", "password", "holds");

        // The same bytes under another name (.cer, as people rename them): found by their shape.
        Path renamed = Files.copy(dir.resolve("chain.p7b"), dir.resolve("chain.cer"));
        assertThat(dryRunMap(renamed).out()).contains("sha256      " + sha256(alice));
    }

    @Test
    void pemP7bFromOpensslWhenMappedThenTheLeafIsTaken() throws Exception {
        rootFirstPem();
        Openssl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-out", "chain-pem.p7b");
        assertThat(Files.readString(dir.resolve("chain-pem.p7b"))).startsWith("-----BEGIN PKCS7-----");
        Cli.Result r = dryRunMap(dir.resolve("chain-pem.p7b"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("subject     CN=alice,OU=Staff,O=Contoso");
    }

    @Test
    void jdkMadeP7cInEveryShapeWhenReadThenLeafFirstThenItsIssuers() throws Exception {
        byte[] p7 = CertificateFactory.getInstance("X.509").generateCertPath(
                List.of(root.certificate(), alice.certificate(), issuing.certificate())).getEncoded("PKCS7");
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(p7);
        Path der = Files.write(dir.resolve("alice.p7c"), p7);
        Path pem = Files.writeString(dir.resolve("alice-pem.p7b"), "-----BEGIN PKCS7-----\n" + b64 + "\n-----END PKCS7-----\n");
        // certutil -encode labels a bundle CERTIFICATE; some tools write PKCS #7 SIGNED DATA
        Path certutil = Files.writeString(dir.resolve("certutil.p7b"), "-----BEGIN CERTIFICATE-----\r\n"
                + b64.replace("\n", "\r\n") + "\r\n-----END CERTIFICATE-----\r\n");
        Path signedData = Files.writeString(dir.resolve("signed.p7b"), "-----BEGIN PKCS #7 SIGNED DATA-----\n" + b64
                + "\n-----END PKCS #7 SIGNED DATA-----\n");
        Terminal t = new Terminal(new java.io.ByteArrayInputStream(new byte[0]), n -> null, false);
        for (Path p : List.of(der, pem, certutil, signedData)) {
            List<X509Certificate> read = CertificateInput.read(p.toString(), null, t);
            assertThat(read).as(p.getFileName().toString())
                    .containsExactly(alice.certificate(), issuing.certificate(), root.certificate());
        }
        Terminal pasted = new Terminal(new java.io.ByteArrayInputStream(("\u200e" + b64.replace('\n', ' '))
                .getBytes(StandardCharsets.UTF_8)), n -> null, false);
        assertThat(CertificateInput.read("-", null, pasted)).first().isEqualTo(alice.certificate());
    }

    @Test
    void p7bWithTheIntermediateWhenExplainedThenTheChainReachesTheTrustStore() throws Exception {
        rootFirstPem();
        Openssl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "chain.p7b");
        TestPki.writePem(dir.resolve("root.pem"), root.certificate());
        Path config = Files.writeString(dir.resolve("certmap.xml"), "<certificateMapping>\n"
                + "  <validation trustStore=\"root.pem\"/>\n  <oneToOneMappings>\n"
                + "    <add userName=\"alice\" sha256=\"" + sha256(alice) + "\"/>\n"
                + "  </oneToOneMappings>\n</certificateMapping>\n");
        Cli.Result r = Cli.exec("explain", "-c", config.toString(), dir.resolve("chain.p7b").toString());
        assertThat(r.out()).as(r.toString()).contains("chain       2 more certificate(s)", "MAPS to user alice");
    }

    @Test
    void bundleWithTwoLeavesWhenReadThenSaysWhichItTook() throws Exception {
        byte[] p7 = CertificateFactory.getInstance("X.509").generateCertPath(
                List.of(issuing.certificate(), bob.certificate(), alice.certificate())).getEncoded("PKCS7");
        Path file = Files.write(dir.resolve("two.p7b"), p7);
        Cli.Result r = dryRunMap(file);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("note: " + file + " holds 3 certificates, 2 of which issued none of the others",
                "CN=bob,OU=Staff,O=Contoso", "CN=alice,OU=Staff,O=Contoso", "using CN=bob,OU=Staff,O=Contoso");
        assertThat(r.out()).contains("sha256      " + sha256(bob));

        // Only CAs in the bundle: the lowest CA is the leaf, with no note
        byte[] cas = CertificateFactory.getInstance("X.509").generateCertPath(
                List.of(root.certificate(), issuing.certificate())).getEncoded("PKCS7");
        Terminal t = new Terminal(new java.io.ByteArrayInputStream(new byte[0]), n -> null, false);
        assertThat(CertificateInput.read(Files.write(dir.resolve("cas.p7b"), cas).toString(), null, t))
                .containsExactly(issuing.certificate(), root.certificate());
    }

    @Test
    void csrInEveryShapeWhenGivenThenSaysItIsASigningRequest() throws Exception {
        Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "csr.key", "-subj", "/O=Contoso/CN=csr-user", "-out", "req.csr");
        Openssl.run(dir, "req", "-in", "req.csr", "-outform", "DER", "-out", "req.der");
        String pem = Files.readString(dir.resolve("req.csr"));
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        // certreq (Windows) writes NEW CERTIFICATE REQUEST
        Path windows = Files.writeString(dir.resolve("certreq.req"), pem.replace("CERTIFICATE REQUEST",
                "NEW CERTIFICATE REQUEST").replace("\n", "\r\n"));
        for (Path p : List.of(dir.resolve("req.csr"), dir.resolve("req.der"), windows)) {
            Cli.Result r = dryRunMap(p);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(p.getFileName().toString()).contains(p + ": this is a certificate signing request",
                    "not a certificate", "CN=csr-user,O=Contoso").doesNotContain("PKCS12", "password", "base64");
        }
        Cli.Result pasted = Cli.cli().stdin(Files.readAllBytes(dir.resolve("req.der"))).run("explain", "-c",
                dir.resolve("none.xml").toString(), "-");
        assertThat(pasted.err()).contains("standard input: this is a certificate signing request");
    }

    @Test
    void derThatIsNothingKnownWhenGivenThenSaysWhatItIsNot() throws Exception {
        Path odd = Files.write(dir.resolve("odd.cer"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
        Cli.Result r = dryRunMap(odd);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not a certificate, a PKCS#7 bundle (.p7b, .p7c)").doesNotContain("password");
    }
}
