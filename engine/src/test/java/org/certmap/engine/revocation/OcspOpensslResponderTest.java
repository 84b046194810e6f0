package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real {@code openssl ocsp} responder (VERSIONS.md: openssl 3.0, one request at a time),
 * once with the CA as signer and once with a delegated responder certificate carrying the
 * OCSP-signing EKU. Without openssl this test fails, it is never skipped.
 */
class OcspOpensslResponderTest {

    private static final DateTimeFormatter INDEX_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private static TestPki.Issued ca;
    private static TestPki.Issued good;
    private static TestPki.Issued revoked;
    private static TestPki.Issued notInIndex;
    private static final Instant REVOKED_AT = Instant.parse("2026-11-01T12:00:00Z");
    private static final List<Process> RESPONDERS = new ArrayList<>();
    private static URI caSigned;
    private static URI delegated;

    private HttpFetcher fetcher;

    @BeforeAll
    static void startResponders() throws Exception {
        OpensslOcsp.requireOpenssl();
        ca = TestPki.cert().subject("CN=OpenSSL Test CA,O=certmap").ca(-1).keyPair(TestPki.rsaKey()).build();
        good = TestPki.client(ca, "CN=good,O=certmap");
        revoked = TestPki.client(ca, "CN=revoked,O=certmap");
        notInIndex = TestPki.client(ca, "CN=stranger,O=certmap");
        TestPki.Issued responder = TestPki.cert().subject("CN=OpenSSL Delegated Responder,O=certmap").issuer(ca)
                .eku(KeyPurposeId.id_kp_OCSPSigning).build();

        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        OpensslOcsp.writeKey(dir.resolve("ca.key"), ca.privateKey());
        TestPki.writePem(dir.resolve("responder.pem"), responder.certificate());
        OpensslOcsp.writeKey(dir.resolve("responder.key"), responder.privateKey());
        Files.writeString(dir.resolve("index.txt"), OpensslOcsp.indexLine("V", good.certificate(), "")
                + OpensslOcsp.indexLine("R", revoked.certificate(), INDEX_TIME.format(REVOKED_AT) + ",keyCompromise"),
                StandardCharsets.US_ASCII);

        caSigned = OpensslOcsp.start(dir, "ca", List.of("-rsigner", "ca.pem", "-rkey", "ca.key"), RESPONDERS);
        delegated = OpensslOcsp.start(dir, "delegated", List.of("-rsigner", "responder.pem", "-rkey", "responder.key",
                "-resp_key_id", "-nmin", "60"), RESPONDERS);
    }

    @AfterAll
    static void stopResponders() throws InterruptedException {
        for (Process p : RESPONDERS) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @AfterEach
    void closeFetcher() {
        if (fetcher != null) {
            fetcher.close();
        }
    }

    private OcspClient client(URI responder, boolean nonce) {
        fetcher = HttpFetcher.builder().timeout(Duration.ofSeconds(5)).build();
        return OcspClient.builder(fetcher).responder(responder).nonce(nonce).build();
    }

    @Test
    void caSignedWhenGoodThenGoodSignedByTheCa() {
        OcspAnswer a = client(caSigned, false).check(good.certificate(), ca.certificate());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(a.signer()).isEqualTo("CN=OpenSSL Test CA,O=certmap");
        assertThat(a.nextUpdate()).isNull();
        assertThat(a.thisUpdate()).isNotNull();
        assertThat(a.producedAt()).isNotNull();
    }

    @Test
    void caSignedWhenRevokedThenRevokedWithDateAndReason() {
        OcspAnswer a = client(caSigned, true).check(revoked.certificate(), ca.certificate());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.REVOKED);
        assertThat(a.revocationTime()).isEqualTo(REVOKED_AT);
        assertThat(a.revocationReason()).isEqualTo(1);
    }

    @Test
    void caSignedWhenNotInTheIndexThenUnknown() {
        OcspAnswer a = client(caSigned, false).check(notInIndex.certificate(), ca.certificate());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.UNKNOWN);
        assertThat(a.isAnswer()).isFalse();
    }

    @Test
    void delegatedWhenGoodRevokedUnknownThenEachSignedByTheResponder() {
        OcspClient client = client(delegated, true);
        OcspAnswer g = client.check(good.certificate(), ca.certificate());
        assertThat(g.status()).as(g.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(g.signer()).isEqualTo("CN=OpenSSL Delegated Responder,O=certmap");
        assertThat(g.nextUpdate()).isAfter(g.thisUpdate().plus(Duration.ofMinutes(59)));
        assertThat(client.check(revoked.certificate(), ca.certificate()).status()).isEqualTo(OcspAnswer.Status.REVOKED);
        assertThat(client.check(notInIndex.certificate(), ca.certificate()).status()).isEqualTo(OcspAnswer.Status.UNKNOWN);
    }

    @Test
    void delegatedWhenAskedForACertificateOfAnotherCaThenNotAnAnswer() {
        // the responder knows only its CA: openssl answers with an error status or an unauthorised signer
        TestPki.Issued otherCa = TestPki.rootCa("CN=Somebody Else's CA");
        TestPki.Issued foreign = TestPki.client(otherCa, "CN=foreign");
        OcspAnswer a = client(delegated, false).check(foreign.certificate(), otherCa.certificate());
        assertThat(a.isAnswer()).as(a.toString()).isFalse();
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.FAILED);
    }
}
