package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certmap.engine.revocation.OcspTestResponses.good;
import static org.certmap.engine.revocation.OcspTestResponses.response;
import static org.certmap.engine.revocation.OcspTestResponses.revoked;
import static org.certmap.engine.revocation.OcspTestResponses.unknown;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;

class OcspVerifierTest {

    private static final TestPki.Issued CA = TestPki.rootCa("CN=OCSP Test CA,O=certmap");
    private static final TestPki.Issued OTHER_CA = TestPki.rootCa("CN=Other CA,O=certmap");
    private static final TestPki.Issued ALICE = TestPki.client(CA, "CN=alice,O=certmap");
    private static final TestPki.Issued RESPONDER = TestPki.cert().subject("CN=OCSP Responder,O=certmap").issuer(CA)
            .eku(KeyPurposeId.id_kp_OCSPSigning).build();
    private static final URI URL = URI.create("http://ocsp.test/");
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration CACHE_TIME = Duration.ofMinutes(5);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final OcspVerifier verifier = new OcspVerifier(null, SKEW, CACHE_TIME);

    private OcspAnswer verify(byte[] der) {
        return verifier.verify(der, ALICE.certificate(), CA.certificate(), URL, null, now);
    }

    private OcspTestResponses.Builder fromCa() {
        return response().signer(CA);
    }

    @Test
    void verifyWhenCaSaysGoodThenGoodWithTimesAndSigner() {
        Instant next = now.plus(Duration.ofHours(1));
        OcspAnswer a = verify(fromCa().producedAt(now).single(ALICE.certificate(), CA.certificate(), good(), now, next).build());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(a.isAnswer()).isTrue();
        assertThat(a.detail()).isEqualTo("good");
        assertThat(a.thisUpdate()).isEqualTo(now);
        assertThat(a.nextUpdate()).isEqualTo(next);
        assertThat(a.producedAt()).isEqualTo(now);
        assertThat(a.signer()).isEqualTo("CN=OCSP Test CA,O=certmap");
        assertThat(a.responder()).isEqualTo(URL);
        assertThat(a.cacheUntil()).isEqualTo(next.minus(SKEW));
    }

    @Test
    void verifyWhenRevokedWithReasonThenRevokedWithDateAndReason() {
        Instant at = now.minus(Duration.ofDays(2));
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(),
                revoked(at, CRLReason.keyCompromise), now, now.plusSeconds(3600)).build());
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.REVOKED);
        assertThat(a.revocationTime()).isEqualTo(at);
        assertThat(a.revocationReason()).isEqualTo(1);
        assertThat(a.detail()).isEqualTo("revoked at " + at + " (keyCompromise)");
    }

    @Test
    void verifyWhenRevokedWithoutReasonThenReasonMinusOne() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(),
                revoked(now.minusSeconds(60), -1), now, null).build());
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.REVOKED);
        assertThat(a.revocationReason()).isEqualTo(-1);
        assertThat(OcspAnswer.reasonName(-1)).isEqualTo("none given");
    }

    @Test
    void verifyWhenUnknownThenUnknownWhichIsNoAnswer() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(), unknown(), now, null).build());
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.UNKNOWN);
        assertThat(a.isAnswer()).isFalse();
        assertThat(a.failure()).isNull();
    }

    @Test
    void verifyWhenSignatureForgedThenBadSignature() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(), now, null)
                .corruptSignature().build());
        assertThat(a.failure()).as(a.toString()).isEqualTo(OcspFailure.BAD_SIGNATURE);
        assertThat(a.detail()).isEqualTo("SHA256withECDSA signature does not verify");
    }

    @Test
    void verifyWhenSignedByAnotherKeyInTheCasNameThenBadSignature() {
        OcspAnswer a = verify(fromCa().signedWith(TestPki.ecKey())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.BAD_SIGNATURE);
        assertThat(a.isAnswer()).isFalse();
    }

    @Test
    void verifyWhenDelegatedResponderWithEkuThenGoodSignedByIt() {
        OcspAnswer a = verify(response().signer(RESPONDER).byKey().include(RESPONDER.certificate())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(a.signer()).isEqualTo("CN=OCSP Responder,O=certmap");
        assertThat(a.cacheUntil()).isEqualTo(now.plus(CACHE_TIME));
    }

    @Test
    void verifyWhenDelegatedResponderWithoutOcspSigningEkuThenUnauthorised() {
        TestPki.Issued plain = TestPki.cert().subject("CN=Not a responder").issuer(CA).build();
        OcspAnswer a = verify(response().signer(plain).include(plain.certificate())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        assertThat(a.detail()).isEqualTo("delegated responder CN=Not a responder has no OCSP-signing EKU (1.3.6.1.5.5.7.3.9)");
    }

    @Test
    void verifyWhenDelegatedResponderIssuedByAnotherCaThenUnauthorised() {
        TestPki.Issued foreign = TestPki.cert().subject("CN=Foreign Responder").issuer(OTHER_CA)
                .eku(KeyPurposeId.id_kp_OCSPSigning).build();
        OcspAnswer a = verify(response().signer(foreign).include(foreign.certificate())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        assertThat(a.detail()).isEqualTo("delegated responder CN=Foreign Responder was not issued by the issuing CA "
                + "CN=OCSP Test CA,O=certmap");
    }

    @Test
    void verifyWhenDelegatedResponderFromACaWithTheSameNameButAnotherKeyThenUnauthorised() {
        TestPki.Issued impostorCa = TestPki.rootCa("CN=OCSP Test CA,O=certmap");
        TestPki.Issued forged = TestPki.cert().subject("CN=Forged Responder").issuer(impostorCa)
                .eku(KeyPurposeId.id_kp_OCSPSigning).build();
        OcspAnswer a = verify(response().signer(forged).include(forged.certificate())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        assertThat(a.detail()).isEqualTo("delegated responder CN=Forged Responder is not signed by the issuing CA's key");
    }

    @Test
    void verifyWhenDelegatedResponderExpiredThenUnauthorised() {
        TestPki.Issued expired = TestPki.cert().subject("CN=Old Responder").issuer(CA)
                .eku(KeyPurposeId.id_kp_OCSPSigning)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).build();
        OcspAnswer a = verify(response().signer(expired).include(expired.certificate())
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        assertThat(a.detail()).startsWith("delegated responder CN=Old Responder is not valid now");
    }

    @Test
    void verifyWhenResponderIdNamesNoKnownCertificateThenUnauthorised() {
        OcspAnswer a = verify(response().signer(RESPONDER).single(ALICE.certificate(), CA.certificate(), good(), now, null)
                .build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        assertThat(a.detail()).isEqualTo("the responderID (byName CN=OCSP Responder,O=certmap) is neither the issuing CA,"
                + " nor a certificate in the response");
    }

    @Test
    void verifyWhenResponderIdNamesAnotherThanTheSignerThenRefused() {
        // signed by the CA's key, but the responderID says someone else: the ID must name the signer
        OcspAnswer a = verify(response().signer(CA).responderName("CN=Someone Else")
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
    }

    @Test
    void verifyWhenConfiguredResponderCertificateThenTrustedDirectlyAndOnlyThen() {
        TestPki.Issued standalone = TestPki.rootCa("CN=Standalone Responder");
        byte[] der = response().signer(standalone).single(ALICE.certificate(), CA.certificate(), good(), now, null).build();
        assertThat(verify(der).failure()).isEqualTo(OcspFailure.UNAUTHORISED_SIGNER);
        OcspAnswer a = new OcspVerifier(standalone.certificate(), SKEW, CACHE_TIME)
                .verify(der, ALICE.certificate(), CA.certificate(), URL, null, now);
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(a.signer()).isEqualTo("CN=Standalone Responder");
    }

    @Test
    void verifyWhenResponseIsForAnotherSerialThenNoMatchingCertId() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate().getSerialNumber().add(BigInteger.ONE), CA.certificate(),
                good(), now, null, OcspTestResponses.sha1(), null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.NO_MATCHING_CERTID);
        assertThat(a.detail()).isEqualTo("none of the 1 SingleResponses names serial "
                + ALICE.certificate().getSerialNumber().toString(16) + " of this issuer");
    }

    @Test
    void verifyWhenSameSerialFromAnotherIssuerThenNoMatchingCertId() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate().getSerialNumber(), OTHER_CA.certificate(),
                good(), now, null, OcspTestResponses.sha1(), null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.NO_MATCHING_CERTID);
    }

    @Test
    void verifyWhenSeveralSingleResponsesThenTheMatchingOneAndOthersIgnored() {
        OcspAnswer a = verify(fromCa()
                .single(BigInteger.valueOf(7), CA.certificate(), revoked(now, 1), now, null, OcspTestResponses.sha1(), null)
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.status()).isEqualTo(OcspAnswer.Status.GOOD);
    }

    @Test
    void verifyWhenSha256CertIdThenMatched() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate().getSerialNumber(), CA.certificate(), good(), now, null,
                OcspTestResponses.sha256(), null).build());
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
    }

    @Test
    void verifyWhenNextUpdatePassedBeyondSkewThenStaleAndWithinSkewGood() {
        OcspAnswer stale = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(),
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(6))).build());
        assertThat(stale.failure()).isEqualTo(OcspFailure.STALE);
        assertThat(stale.detail()).isEqualTo("nextUpdate " + now.minus(Duration.ofMinutes(6))
                + " has passed (beyond clockSkew 5m)");
        assertThat(stale.nextUpdate()).isEqualTo(now.minus(Duration.ofMinutes(6)));
        OcspAnswer within = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(),
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(4))).build());
        assertThat(within.status()).isEqualTo(OcspAnswer.Status.GOOD);
        assertThat(within.cacheUntil()).isBefore(now);
    }

    @Test
    void verifyWhenThisUpdateInTheFutureBeyondSkewThenNotYetValid() {
        Instant later = now.plus(Duration.ofMinutes(10));
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(), later, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.NOT_YET_VALID);
        assertThat(a.detail()).isEqualTo("thisUpdate " + later + " is in the future (beyond clockSkew 5m)");
        OcspAnswer within = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(),
                now.plus(Duration.ofMinutes(4)), null).build());
        assertThat(within.status()).isEqualTo(OcspAnswer.Status.GOOD);
    }

    @Test
    void verifyWhenProducedAtInTheFutureThenNotYetValid() {
        OcspAnswer a = verify(fromCa().producedAt(now.plus(Duration.ofHours(1)))
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.NOT_YET_VALID);
    }

    @Test
    void verifyWhenNoNextUpdateAndThisUpdateOlderThanCacheTimeThenStale() {
        OcspAnswer a = verify(fromCa().single(ALICE.certificate(), CA.certificate(), good(),
                now.minus(Duration.ofMinutes(11)), null).build());
        assertThat(a.failure()).isEqualTo(OcspFailure.STALE);
        assertThat(a.detail()).endsWith("is older than cacheTime 5m and there is no nextUpdate");
    }

    @Test
    void verifyWhenResponderStatusTryLaterOrUnauthorizedThenResponderStatus() {
        OcspAnswer tryLater = verify(OcspTestResponses.status(3));
        assertThat(tryLater.failure()).isEqualTo(OcspFailure.RESPONDER_STATUS);
        assertThat(tryLater.detail()).isEqualTo("the responder answered tryLater (3)");
        assertThat(verify(OcspTestResponses.status(6)).detail()).isEqualTo("the responder answered unauthorized (6)");
        assertThat(verify(OcspTestResponses.status(1)).detail()).isEqualTo("the responder answered malformedRequest (1)");
    }

    @Test
    void verifyWhenTruncatedOrGarbageThenMalformed() {
        byte[] der = fromCa().single(ALICE.certificate(), CA.certificate(), good(), now, null).build();
        for (int cut : new int[] {0, 1, 5, der.length / 2, der.length - 1}) {
            OcspAnswer a = verify(Arrays.copyOf(der, cut));
            assertThat(a.failure()).as("cut at " + cut).isEqualTo(OcspFailure.MALFORMED);
            assertThat(a.detail()).startsWith("not a DER OCSPResponse: ");
        }
        assertThat(verify("<html>Service Unavailable</html>".getBytes()).failure()).isEqualTo(OcspFailure.MALFORMED);
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        assertThat(verify(trailing).detail()).isEqualTo("not a DER OCSPResponse: OCSPResponse: 1 unexpected trailing bytes");
    }

    @Test
    void verifyWhenUnknownCriticalExtensionThenRefusedAndNonCriticalIgnored() {
        OcspAnswer critical = verify(fromCa().extension("1.2.3.4.5", true, new byte[] {5, 0})
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(critical.failure()).isEqualTo(OcspFailure.UNKNOWN_CRITICAL_EXTENSION);
        assertThat(critical.detail()).isEqualTo("the response has the critical extension 1.2.3.4.5, which certmap does not process");
        OcspAnswer plain = verify(fromCa().extension("1.2.3.4.5", false, new byte[] {5, 0})
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build());
        assertThat(plain.status()).isEqualTo(OcspAnswer.Status.GOOD);
        OcspAnswer single = verify(fromCa().single(ALICE.certificate().getSerialNumber(), CA.certificate(), good(), now,
                null, OcspTestResponses.sha1(), new org.bouncycastle.asn1.x509.Extension(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.9"), true, new byte[] {5, 0})).build());
        assertThat(single.failure()).isEqualTo(OcspFailure.UNKNOWN_CRITICAL_EXTENSION);
    }

    @Test
    void verifyWhenNonceEchoedThenCheckedAndAMismatchRefused() {
        byte[] ours = OcspRequest.nonceValue(new byte[] {1, 2, 3, 4});
        byte[] der = fromCa().extension(OcspRequest.NONCE_OID, false, ours)
                .single(ALICE.certificate(), CA.certificate(), good(), now, null).build();
        assertThat(verifier.verify(der, ALICE.certificate(), CA.certificate(), URL, ours, now).status())
                .isEqualTo(OcspAnswer.Status.GOOD);
        OcspAnswer other = verifier.verify(der, ALICE.certificate(), CA.certificate(), URL,
                OcspRequest.nonceValue(new byte[] {9}), now);
        assertThat(other.failure()).isEqualTo(OcspFailure.NONCE_MISMATCH);
    }

    @Test
    void verifyWhenRsaPkcs1PssOrEd25519SignedThenVerified() throws Exception {
        TestPki.Issued rsaCa = TestPki.cert().subject("CN=RSA CA").ca(-1).keyPair(TestPki.rsaKey()).build();
        TestPki.Issued bob = TestPki.client(rsaCa, "CN=bob");
        for (String alg : new String[] {"SHA256withRSA", "SHA1withRSA", "SHA512withRSA", "SHA256withRSAandMGF1"}) {
            byte[] der = response().signer(rsaCa).algorithm(alg)
                    .single(bob.certificate(), rsaCa.certificate(), good(), now, null).build();
            OcspAnswer a = verifier.verify(der, bob.certificate(), rsaCa.certificate(), URL, null, now);
            assertThat(a.status()).as(alg + ": " + a).isEqualTo(OcspAnswer.Status.GOOD);
        }
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TestPki.Issued edCa = TestPki.cert().subject("CN=Ed CA").ca(-1).keyPair(ed).signatureAlgorithm("Ed25519").build();
        TestPki.Issued carol = TestPki.cert().subject("CN=carol").issuer(edCa).signatureAlgorithm("Ed25519").build();
        byte[] der = response().signer(edCa).single(carol.certificate(), edCa.certificate(), good(), now, null).build();
        OcspAnswer a = verifier.verify(der, carol.certificate(), edCa.certificate(), URL, null, now);
        assertThat(a.status()).as(a.toString()).isEqualTo(OcspAnswer.Status.GOOD);
    }

    @Test
    void requestWhenEncodedThenBouncyCastleReadsTheSameCertIdAndNonce() throws Exception {
        OcspCertId id = OcspCertId.of(ALICE.certificate(), CA.certificate(), "SHA-1");
        byte[] nonce = new byte[32];
        nonce[0] = 42;
        OCSPReq req = new OCSPReq(OcspRequest.encode(id, nonce));
        assertThat(req.getRequestList()).hasSize(1);
        assertThat(req.getRequestList()[0].getCertID())
                .isEqualTo(new JcaCertificateID(OcspTestResponses.sha1(), CA.certificate(), ALICE.certificate().getSerialNumber()));
        assertThat(req.getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                .getExtnValue().getOctets()).isEqualTo(OcspRequest.nonceValue(nonce));
        assertThat(new OCSPReq(OcspRequest.encode(id, null)).hasExtensions()).isFalse();
        X509Certificate c = ALICE.certificate();
        assertThat(OcspCertId.of(c, CA.certificate(), "SHA-1")).isEqualTo(id).hasSameHashCodeAs(id);
    }
}
