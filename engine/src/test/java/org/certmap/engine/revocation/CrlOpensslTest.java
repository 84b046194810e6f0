package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRL from a real CA tool: {@code openssl ca -gencrl} (OpenSSL 3), with a revoked certificate
 * (keyCompromise), one on hold, and a good one. Not skipped when openssl is missing: it fails and
 * says so, because a test that never runs is worse than none.
 */
class CrlOpensslTest {

    @TempDir
    Path dir;

    @Test
    void readWhenOpensslCaGencrlThenVerifiedAndEntriesFound() throws Exception {
        Files.createDirectories(dir.resolve("newcerts"));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");
        Files.writeString(dir.resolve("crlnumber"), "0100\n");
        Files.writeString(dir.resolve("ca.cnf"), String.join("\n",
                "[ca]", "default_ca = CA_default",
                "[CA_default]", "dir = " + dir, "database = $dir/index.txt", "new_certs_dir = $dir/newcerts",
                "serial = $dir/serial", "crlnumber = $dir/crlnumber", "certificate = $dir/ca.pem",
                "private_key = $dir/ca.key", "default_md = sha256", "default_days = 30", "default_crl_days = 7",
                "policy = policy_any", "unique_subject = no", "crl_extensions = crl_ext",
                "[policy_any]", "commonName = supplied",
                "[crl_ext]", "authorityKeyIdentifier = keyid:always",
                "[v3_ca]", "basicConstraints = critical,CA:true", "keyUsage = critical,keyCertSign,cRLSign",
                "subjectKeyIdentifier = hash",
                "[usr]", "basicConstraints = CA:false", "keyUsage = critical,digitalSignature",
                "authorityKeyIdentifier = keyid", "subjectKeyIdentifier = hash", ""));
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/O=certmap/CN=OpenSSL Test CA", "-days", "30", "-config", "ca.cnf",
                "-extensions", "v3_ca");
        for (String user : List.of("revoked", "held", "good")) {
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", user + ".key",
                    "-out", user + ".csr", "-subj", "/CN=" + user);
            openssl("ca", "-batch", "-config", "ca.cnf", "-extensions", "usr", "-in", user + ".csr", "-out", user + ".pem");
        }
        openssl("ca", "-config", "ca.cnf", "-revoke", "revoked.pem", "-crl_reason", "keyCompromise");
        openssl("ca", "-config", "ca.cnf", "-revoke", "held.pem", "-crl_reason", "certificateHold",
                "-crl_hold", "1.2.840.10040.2.2");
        openssl("ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem");
        openssl("crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der");

        X509Certificate ca = cert("ca.pem");
        Crl pem = Crl.read(Files.readAllBytes(dir.resolve("crl.pem")), List.of(ca));
        Crl der = Crl.read(Files.readAllBytes(dir.resolve("crl.der")), List.of(ca));

        assertThat(pem.size()).isEqualTo(2);
        assertThat(der.size()).isEqualTo(2);
        assertThat(pem.crlNumber()).isEqualTo(new BigInteger("0100", 16));
        assertThat(pem.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(pem.thisUpdate(), pem.nextUpdate())).isEqualTo(Duration.ofDays(7));
        assertThat(pem.lookup(cert("revoked.pem").getSerialNumber()).reason()).isEqualTo(CrlReason.KEY_COMPROMISE);
        assertThat(pem.lookup(cert("held.pem").getSerialNumber()).reason()).isEqualTo(CrlReason.CERTIFICATE_HOLD);
        assertThat(pem.lookup(cert("good.pem").getSerialNumber())).isNull();

        CrlSet set = CrlSet.of(pem);
        Instant now = Instant.now();
        assertThat(set.status(cert("revoked.pem"), now, Duration.ofMinutes(5)).kind()).isEqualTo(CrlStatus.Kind.REVOKED);
        assertThat(set.status(cert("good.pem"), now, Duration.ofMinutes(5)).kind()).isEqualTo(CrlStatus.Kind.GOOD);
    }

    private X509Certificate cert(String file) throws Exception {
        try (var in = Files.newInputStream(dir.resolve(file))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs the openssl command (OpenSSL 3) on the PATH: " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
