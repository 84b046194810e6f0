package org.certmap.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.Check.Outcome;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateValidatorTest {

    private static final String ROOT_DN = "CN=Test Root CA,O=certmap";
    private static final String ISSUING_DN = "CN=Test Issuing CA,O=certmap";

    private static final Issued ROOT = TestPki.rootCa(ROOT_DN);
    private static final Issued ISSUING = TestPki.intermediateCa(ROOT, ISSUING_DN);
    private static final Issued ALICE = TestPki.client(ISSUING, "CN=alice,O=Contoso");
    private static final Instant NOW = Instant.now();

    private static CertificateValidator anchoredAt(Issued... anchors) {
        return validator(settings(anchors));
    }

    private static CertificateValidator.Settings settings(Issued... anchors) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Issued a : anchors) {
            certs.add(a.certificate());
        }
        return new CertificateValidator.Settings(certs, true, true, true, 10);
    }

    private static CertificateValidator validator(CertificateValidator.Settings settings) {
        return new CertificateValidator(settings, RevocationChecker.NONE);
    }

    private static List<X509Certificate> chain(Issued... certs) {
        List<X509Certificate> out = new ArrayList<>();
        for (Issued c : certs) {
            out.add(c.certificate());
        }
        return out;
    }

    private static Check check(Validation v, String subject) {
        return v.checks().stream().filter(c -> c.subject().equals(subject)).findFirst().orElseThrow();
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- trust ----

    @Test
    void validateWhenIntermediateSentAndRootOmittedThenTrusted() {
        Validation v = anchoredAt(ROOT).validate(chain(ALICE, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(v.failure()).isNull();
        assertThat(check(v, "trust").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(v, "trust").detail()).contains("chains to " + ROOT_DN).contains("1 intermediate");
    }

    @Test
    void validateWhenRootAlsoSentThenTrusted() {
        Validation v = anchoredAt(ROOT).validate(chain(ALICE, ISSUING, ROOT), false, NOW);

        assertThat(v.passed()).isTrue();
    }

    @Test
    void validateWhenChainSentOutOfOrderWithJunkThenTrusted() {
        Issued junkRoot = TestPki.rootCa("CN=Unrelated Root");
        Issued junk = TestPki.client(junkRoot, "CN=someone else");

        Validation v = anchoredAt(ROOT).validate(chain(ALICE, junk, ROOT, junkRoot, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
    }

    @Test
    void validateWhenIntermediateIsTheAnchorThenTrusted() {
        Validation v = anchoredAt(ISSUING).validate(chain(ALICE), true, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "trust").detail()).isEqualTo("chains to " + ISSUING_DN);
    }

    @Test
    void validateWhenIntermediateMissingThenUntrusted() {
        Validation v = anchoredAt(ROOT).validate(chain(ALICE), true, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail())
                .contains("issuer " + ISSUING_DN)
                .contains("neither in the trust store nor among the certificates sent");
    }

    @Test
    void validateWhenSelfSignedLeafNotInTrustStoreThenUntrusted() {
        Issued self = TestPki.cert().subject("CN=self made").build();

        Validation v = anchoredAt(ROOT).validate(chain(self), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).contains("self-issued");
    }

    @Test
    void validateWhenWholeChainForgedWithTheRealNamesThenUntrusted() {
        Issued forgedRoot = TestPki.rootCa(ROOT_DN);
        Issued forgedIssuing = TestPki.intermediateCa(forgedRoot, ISSUING_DN);
        Issued mallory = TestPki.client(forgedIssuing, "CN=alice,O=Contoso");

        Validation v = anchoredAt(ROOT).validate(chain(mallory, forgedIssuing, forgedRoot), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).contains(ISSUING_DN).contains("not signed by the key");
    }

    @Test
    void validateWhenLeafSignedByForgedIssuerButRealIntermediateSentThenUntrusted() {
        Issued forgedIssuing = TestPki.intermediateCa(TestPki.rootCa(ROOT_DN), ISSUING_DN);
        Issued mallory = TestPki.client(forgedIssuing, "CN=alice,O=Contoso");

        Validation v = anchoredAt(ROOT).validate(chain(mallory, ISSUING, ROOT), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).startsWith("no valid chain to the trust store: the certificate is not signed");
    }

    @Test
    void validateWhenLeafSignedByForgedCaNamedLikeTheAnchorThenUntrusted() {
        Issued forged = TestPki.rootCa(ISSUING_DN);
        Issued mallory = TestPki.client(forged, "CN=alice,O=Contoso");

        Validation v = anchoredAt(ISSUING).validate(chain(mallory, forged), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void validateWhenLeafIsPinnedAsAnchorThenTrusted() {
        Validation v = anchoredAt(ALICE).validate(chain(ALICE), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "trust").detail()).contains("pinned");
    }

    @Test
    void validateWhenSelfSignedClientIsPinnedThenTrusted() {
        Issued bot = TestPki.cert().subject("CN=build-bot").build();

        Validation v = anchoredAt(bot, ROOT).validate(chain(bot), false, NOW);

        assertThat(v.passed()).isTrue();
    }

    @Test
    void validateWhenPinnedLeafKeySignsAnotherCertificateThenUntrusted() {
        Issued bot = TestPki.cert().subject("CN=build-bot").build();
        Issued forgedByBot = TestPki.client(bot, "CN=admin,O=Contoso");
        Issued forgedByAlice = TestPki.client(ALICE, "CN=admin,O=Contoso");

        assertThat(anchoredAt(bot, ROOT).validate(chain(forgedByBot), false, NOW).failure())
                .as("a pinned self-signed end-entity certificate is no CA").isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(anchoredAt(ALICE).validate(chain(forgedByAlice), false, NOW).failure())
                .as("a pinned CA-issued leaf is no CA").isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(anchoredAt(ALICE).validate(chain(forgedByAlice, ALICE), false, NOW).failure())
                .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(anchoredAt(bot).validate(chain(bot), false, NOW).passed()).as("the pin itself still works").isTrue();
    }

    @Test
    void checkWhenDecidingThenSameReasonAsExplaining() {
        java.util.List<Issued> cases = java.util.List.of(ALICE,
                TestPki.cert().subject("CN=x").issuer(ROOT).validity(NOW.minusSeconds(100), NOW.minusSeconds(1)).build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).validity(NOW.plusSeconds(1), NOW.plusSeconds(100)).build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).eku(KeyPurposeId.id_kp_serverAuth).build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).eku(KeyPurposeId.anyExtendedKeyUsage).build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).eku().build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).keyUsage(KeyUsage.keyEncipherment, false).build(),
                TestPki.cert().subject("CN=x").issuer(ROOT).keyUsage(null, false).build());
        for (CertificateValidator.Settings settings : java.util.List.of(CertificateValidator.Settings.defaults(),
                new CertificateValidator.Settings(null, false, false, false, 10))) {
            CertificateValidator v = new CertificateValidator(settings, RevocationChecker.NONE);
            for (Issued c : cases) {
                for (boolean fromTls : new boolean[] {true, false}) {
                    Findings deciding = Findings.forDecision();
                    v.check(chain(c), fromTls, NOW, deciding);
                    assertThat(deciding.reason()).as(c.certificate().getSubjectX500Principal() + " "
                            + c.certificate().getNotAfter() + " fromTls=" + fromTls)
                            .isEqualTo(v.validate(chain(c), fromTls, NOW).failure());
                    assertThat(deciding.checks()).as("deciding keeps no passed checks").isEmpty();
                }
            }
        }
    }

    @Test
    void validateWhenIntermediateIsNotCaThenUntrusted() {
        Issued notCa = TestPki.cert().subject("CN=Not A CA").issuer(ROOT)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign, true).eku().build();
        Issued leaf = TestPki.client(notCa, "CN=bob");

        Validation v = anchoredAt(ROOT).validate(chain(leaf, notCa), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).contains("CN=Not A CA").contains("not a CA certificate");
    }

    @Test
    void validateWhenChainLongerThanMaxChainLengthThenUntrusted() {
        CertificateValidator v2 = validator(new CertificateValidator.Settings(
                List.of(ROOT.certificate()), true, true, true, 2));
        CertificateValidator v3 = validator(new CertificateValidator.Settings(
                List.of(ROOT.certificate()), true, true, true, 3));

        Validation refused = v2.validate(chain(ALICE, ISSUING), false, NOW);
        Validation accepted = v3.validate(chain(ALICE, ISSUING), false, NOW);

        assertThat(refused.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(refused, "trust").detail()).contains("3 certificates, more than maxChainLength 2");
        assertThat(accepted.passed()).isTrue();
    }

    @Test
    void validateWhenDeepChainExceedsMaxChainLengthThenUntrusted() {
        Issued ca1 = TestPki.cert().subject("CN=CA 1").issuer(ROOT).ca(-1).build();
        Issued ca2 = TestPki.cert().subject("CN=CA 2").issuer(ca1).ca(-1).build();
        Issued ca3 = TestPki.cert().subject("CN=CA 3").issuer(ca2).ca(-1).build();
        Issued leaf = TestPki.client(ca3, "CN=deep");
        List<X509Certificate> sent = chain(leaf, ca3, ca2, ca1);

        Validation at5 = validator(new CertificateValidator.Settings(List.of(ROOT.certificate()), true, true, true, 5))
                .validate(sent, false, NOW);
        Validation at4 = validator(new CertificateValidator.Settings(List.of(ROOT.certificate()), true, true, true, 4))
                .validate(sent, false, NOW);

        assertThat(at5.passed()).isTrue();
        assertThat(check(at5, "trust").detail()).contains("3 intermediate certificates");
        assertThat(at4.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(at4, "trust").detail()).contains("5 certificates, more than maxChainLength 4");
    }

    @Test
    void validateWhenClientSendsMoreCertificatesThanMaxChainLengthThenRefusedBeforeBuilding() {
        RecordingRevocation revocation = new RecordingRevocation(Check.of("revocation", Outcome.PASSED, "check.revocation.notConfigured"));
        CertificateValidator validator = new CertificateValidator(
                new CertificateValidator.Settings(List.of(ROOT.certificate()), true, true, true, 3), revocation);
        Issued junk = TestPki.rootCa("CN=junk");

        Validation v = validator.validate(chain(ALICE, ISSUING, ROOT, junk), true, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).isEqualTo("the client sent 4 certificates, more than maxChainLength 3");
        assertThat(check(v, "dates").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(v, "usage").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(v, "revocation").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(revocation.calls).isNull();
    }

    // ---- trust without a trustStore ----

    @Test
    void validateWhenNoTrustStoreAndFromTlsThenTrustedAsTheConnectorValidated() {
        Validation v = validator(CertificateValidator.Settings.defaults()).validate(chain(ALICE, ISSUING), true, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "trust").detail()).isEqualTo("validated by the TLS connector; no site trustStore configured");
    }

    @Test
    void validateWhenNoTrustStoreAndForwardedThenUntrusted() {
        Validation v = validator(CertificateValidator.Settings.defaults()).validate(chain(ALICE, ISSUING, ROOT), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail())
                .isEqualTo("a forwarded certificate needs <validation trustStore>: a header alone never establishes trust");
        assertThat(check(v, "revocation").outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void validateWhenTrustAnchorsEmptyThenSameAsNoTrustStore() {
        Validation v = validator(new CertificateValidator.Settings(List.of(), true, true, true, 10))
                .validate(chain(ALICE), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
    }

    // ---- dates ----

    @Test
    void validateWhenLeafExpiredOneSecondAgoThenExpired() {
        Instant notAfter = seconds(NOW.plus(Duration.ofHours(10)));
        Issued leaf = TestPki.cert().subject("CN=carol").issuer(ISSUING)
                .validity(seconds(NOW.minus(Duration.ofHours(10))), notAfter).build();

        Validation expired = anchoredAt(ROOT).validate(chain(leaf, ISSUING), false, notAfter.plusSeconds(1));
        Validation lastSecond = anchoredAt(ROOT).validate(chain(leaf, ISSUING), false, notAfter);

        assertThat(expired.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(expired, "trust").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(expired, "trust").detail()).contains("chains to " + ROOT_DN).endsWith("validity is checked separately");
        assertThat(check(expired, "dates").detail())
                .isEqualTo("the certificate expired " + notAfter + ", 1 second before " + notAfter.plusSeconds(1));
        assertThat(lastSecond.passed()).isTrue();
    }

    @Test
    void validateWhenLeafNotYetValidByOneSecondThenExpired() {
        Instant notBefore = seconds(NOW.plus(Duration.ofHours(1)));
        Issued leaf = TestPki.cert().subject("CN=dave").issuer(ISSUING)
                .validity(notBefore, notBefore.plus(Duration.ofDays(30))).build();

        Validation early = anchoredAt(ROOT).validate(chain(leaf, ISSUING), false, notBefore.minusSeconds(1));
        Validation onTime = anchoredAt(ROOT).validate(chain(leaf, ISSUING), false, notBefore);

        assertThat(early.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(early, "trust").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(early, "dates").detail())
                .isEqualTo("the certificate is not yet valid: valid from " + notBefore + ", 1 second after "
                        + notBefore.minusSeconds(1));
        assertThat(onTime.passed()).isTrue();
    }

    @Test
    void validateWhenLeafExpiredYearsAgoThenExpiredWithYears() {
        Instant from = Instant.parse("2019-01-01T00:00:00Z");
        Issued root = TestPki.cert().subject("CN=Old Root").ca(-1).validity(from, Instant.parse("2040-01-01T00:00:00Z")).build();
        Issued leaf = TestPki.cert().subject("CN=erin").issuer(root)
                .validity(Instant.parse("2020-03-22T15:02:32Z"), Instant.parse("2023-03-22T15:02:32Z")).build();

        Validation v = anchoredAt(root).validate(chain(leaf), false, Instant.parse("2026-04-01T00:00:00Z"));

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(v, "dates").detail())
                .isEqualTo("the certificate expired 2023-03-22T15:02:32Z, 3 years before 2026-04-01T00:00:00Z");
    }

    @Test
    void validateWhenIntermediateExpiredThenExpiredNotUntrusted() {
        Issued oldIssuing = TestPki.cert().subject("CN=Old Issuing CA").issuer(ROOT).ca(0)
                .validity(seconds(NOW.minus(Duration.ofDays(20))), seconds(NOW.minus(Duration.ofDays(1)))).build();
        Issued leaf = TestPki.cert().subject("CN=frank").issuer(oldIssuing)
                .validity(seconds(NOW.minus(Duration.ofDays(10))), seconds(NOW.plus(Duration.ofDays(300)))).build();

        Validation v = anchoredAt(ROOT).validate(chain(leaf, oldIssuing), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(v, "trust").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(check(v, "dates").detail()).startsWith("intermediate certificate CN=Old Issuing CA expired ");
    }

    @Test
    void validateWhenLeafExpiredBeforeItsIssuerBecameValidThenUntrusted() {
        Issued late = TestPki.cert().subject("CN=Late CA").issuer(ROOT).ca(0)
                .validity(seconds(NOW.minus(Duration.ofDays(1))), seconds(NOW.plus(Duration.ofDays(300)))).build();
        Instant notAfter = seconds(NOW.minus(Duration.ofDays(3)));
        Issued leaf = TestPki.cert().subject("CN=ivan").issuer(late)
                .validity(notAfter.minus(Duration.ofDays(30)), notAfter).build();

        Validation v = anchoredAt(ROOT).validate(chain(leaf, late), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "trust").detail()).contains("no time exists at which the whole chain is valid");
        assertThat(check(v, "dates").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void validateWhenExpiredLeafIsAlsoForgedThenUntrusted() {
        Issued forged = TestPki.intermediateCa(TestPki.rootCa(ROOT_DN), ISSUING_DN);
        Instant notAfter = seconds(NOW.minus(Duration.ofHours(1)));
        Issued mallory = TestPki.cert().subject("CN=alice").issuer(forged)
                .validity(notAfter.minus(Duration.ofDays(1)), notAfter).build();

        Validation v = anchoredAt(ROOT).validate(chain(mallory, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(check(v, "dates").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void validateWhenCheckValidityOffThenExpiredChainAccepted() {
        Instant notAfter = seconds(NOW.minus(Duration.ofHours(1)));
        Issued leaf = TestPki.cert().subject("CN=grace").issuer(ISSUING)
                .validity(notAfter.minus(Duration.ofDays(1)), notAfter).build();
        CertificateValidator validator = validator(
                new CertificateValidator.Settings(List.of(ROOT.certificate()), false, true, true, 10));

        Validation v = validator.validate(chain(leaf, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "dates").outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void validateWhenNoTrustStoreAndLeafExpiredThenExpired() {
        Instant notAfter = seconds(NOW.minus(Duration.ofMinutes(5)));
        Issued leaf = TestPki.cert().subject("CN=heidi").issuer(ISSUING)
                .validity(notAfter.minus(Duration.ofDays(1)), notAfter).build();

        Validation v = validator(CertificateValidator.Settings.defaults()).validate(chain(leaf), true, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(v, "dates").detail()).contains("5 minutes before");
    }

    // ---- usage ----

    @Test
    void validateWhenEkuIsServerAuthOnlyThenUsage() {
        Issued server = TestPki.cert().subject("CN=www").issuer(ISSUING).eku(KeyPurposeId.id_kp_serverAuth).build();

        Validation v = anchoredAt(ROOT).validate(chain(server, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_USAGE);
        assertThat(check(v, "usage").detail()).contains("serverAuth").contains("does not include clientAuth");
    }

    @Test
    void validateWhenEkuIsAnyExtendedKeyUsageThenPasses() {
        Issued any = TestPki.cert().subject("CN=any").issuer(ISSUING).eku(KeyPurposeId.anyExtendedKeyUsage).build();

        Validation v = anchoredAt(ROOT).validate(chain(any, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "usage").detail()).contains("anyExtendedKeyUsage");
    }

    @Test
    void validateWhenEkuHasServerAndClientAuthThenPasses() {
        Issued both = TestPki.cert().subject("CN=both").issuer(ISSUING)
                .eku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth).build();

        assertThat(anchoredAt(ROOT).validate(chain(both, ISSUING), false, NOW).passed()).isTrue();
    }

    @Test
    void validateWhenNoEkuExtensionThenNoRestriction() {
        Issued none = TestPki.cert().subject("CN=no eku").issuer(ISSUING).eku().build();

        Validation v = anchoredAt(ROOT).validate(chain(none, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "usage").detail()).contains("no extended key usage extension");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void validateWhenKeyUsageIsKeyEnciphermentOnlyThenUsage(boolean critical) {
        Issued enc = TestPki.cert().subject("CN=enc").issuer(ISSUING).keyUsage(KeyUsage.keyEncipherment, critical).build();

        Validation v = anchoredAt(ROOT).validate(chain(enc, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_USAGE);
        assertThat(check(v, "usage").detail()).contains("keyEncipherment").contains("does not include digitalSignature");
    }

    @Test
    void validateWhenNoKeyUsageExtensionThenNoRestriction() {
        Issued none = TestPki.cert().subject("CN=no ku").issuer(ISSUING).keyUsage(null, false).build();

        Validation v = anchoredAt(ROOT).validate(chain(none, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "usage").detail()).contains("no key usage extension");
    }

    @Test
    void validateWhenEkuExtensionUnparseableThenUsage() {
        Issued odd = TestPki.cert().subject("CN=odd").issuer(ISSUING).eku()
                .extension(Extension.extendedKeyUsage, false, new DERUTF8String("not a sequence")).build();

        Validation v = validator(CertificateValidator.Settings.defaults()).validate(chain(odd), true, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_USAGE);
        assertThat(check(v, "usage").detail()).contains("cannot be parsed");
    }

    @Test
    void validateWhenKeyUsageExtensionUnparseableThenUsage() {
        Issued odd = TestPki.cert().subject("CN=odd").issuer(ISSUING).keyUsage(null, false)
                .extension(Extension.keyUsage, false, new DERUTF8String("not a bit string")).build();

        Validation v = validator(CertificateValidator.Settings.defaults()).validate(chain(odd), true, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_USAGE);
        assertThat(check(v, "usage").detail()).isEqualTo("the key usage extension cannot be parsed");
    }

    @Test
    void validateWhenRequireClientAuthEkuOffThenServerAuthAccepted() {
        Issued server = TestPki.cert().subject("CN=www").issuer(ISSUING).eku(KeyPurposeId.id_kp_serverAuth).build();
        CertificateValidator validator = validator(
                new CertificateValidator.Settings(List.of(ROOT.certificate()), true, false, true, 10));

        assertThat(validator.validate(chain(server, ISSUING), false, NOW).passed()).isTrue();
    }

    @Test
    void validateWhenRequireDigitalSignatureOffThenKeyEnciphermentAccepted() {
        Issued enc = TestPki.cert().subject("CN=enc").issuer(ISSUING).keyUsage(KeyUsage.keyEncipherment, true).build();
        CertificateValidator validator = validator(
                new CertificateValidator.Settings(List.of(ROOT.certificate()), true, true, false, 10));

        assertThat(validator.validate(chain(enc, ISSUING), false, NOW).passed()).isTrue();
    }

    @Test
    void validateWhenBothUsageSwitchesOffThenUsageSkipped() {
        Issued enc = TestPki.cert().subject("CN=enc").issuer(ISSUING).keyUsage(KeyUsage.keyEncipherment, true)
                .eku(KeyPurposeId.id_kp_serverAuth).build();
        CertificateValidator validator = validator(
                new CertificateValidator.Settings(List.of(ROOT.certificate()), true, false, false, 10));

        Validation v = validator.validate(chain(enc, ISSUING), false, NOW);

        assertThat(v.passed()).isTrue();
        assertThat(check(v, "usage").outcome()).isEqualTo(Outcome.SKIPPED);
    }

    // ---- order, reporting, revocation ----

    @Test
    void validateWhenTrustFailsThenEveryCheckIsStillReported() {
        Issued forged = TestPki.intermediateCa(TestPki.rootCa(ROOT_DN), ISSUING_DN);
        Instant notAfter = seconds(NOW.minus(Duration.ofDays(3)));
        Issued bad = TestPki.cert().subject("CN=bad").issuer(forged).eku(KeyPurposeId.id_kp_serverAuth)
                .validity(notAfter.minus(Duration.ofDays(30)), notAfter).build();

        Validation v = anchoredAt(ROOT).validate(chain(bad, forged), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(v.checks()).extracting(Check::subject).containsExactly("trust", "dates", "usage", "revocation");
        assertThat(v.checks()).extracting(Check::outcome)
                .containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.SKIPPED);
    }

    @Test
    void validateWhenExpiredAndWrongUsageThenExpiredComesFirst() {
        Instant notAfter = seconds(NOW.minus(Duration.ofHours(3)));
        Issued bad = TestPki.cert().subject("CN=bad").issuer(ISSUING).eku(KeyPurposeId.id_kp_serverAuth)
                .validity(notAfter.minus(Duration.ofDays(30)), notAfter).build();

        Validation v = anchoredAt(ROOT).validate(chain(bad, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
        assertThat(check(v, "usage").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void validateWhenRevocationCheckerFailsThenRevokedAndItGotThePathWithAnchor() {
        RecordingRevocation revocation = new RecordingRevocation(
                Check.failed("revocation", Reason.CERTIFICATE_REVOKED, "check.revocation.checkerFailed", "serial 42"));
        CertificateValidator validator = new CertificateValidator(settings(ROOT), revocation);

        Validation v = validator.validate(chain(ALICE, ROOT, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.CERTIFICATE_REVOKED);
        assertThat(check(v, "revocation").args()).containsExactly("serial 42");
        assertThat(revocation.calls).containsExactly(ALICE.certificate(), ISSUING.certificate(), ROOT.certificate());
    }

    @Test
    void validateWhenRevocationCheckerThrowsThenStatusUnknown() {
        CertificateValidator validator = new CertificateValidator(settings(ROOT), (path, at, f) -> {
            throw new IllegalStateException("responder down");
        });

        Validation v = validator.validate(chain(ALICE, ISSUING), false, NOW);

        assertThat(v.failure()).isEqualTo(Reason.REVOCATION_UNKNOWN);
        assertThat(check(v, "revocation").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void validateWhenUntrustedThenRevocationCheckerNotCalled() {
        RecordingRevocation revocation = new RecordingRevocation(Check.of("revocation", Outcome.PASSED, "check.revocation.notConfigured"));
        CertificateValidator validator = new CertificateValidator(settings(ROOT), revocation);

        Validation v = validator.validate(chain(ALICE), false, NOW);

        assertThat(check(v, "revocation").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(revocation.calls).isNull();
    }

    @Test
    void validateWhenRevocationNotConfiguredThenSkippedAndPassed() {
        Validation v = anchoredAt(ROOT).validate(chain(ALICE, ISSUING), false, NOW);

        assertThat(check(v, "revocation").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(check(v, "revocation").detail()).isEqualTo("revocation checking is not configured");
        assertThat(v.passed()).isTrue();
    }

    // ---- settings and arguments ----

    @Test
    void settingsDefaultsAreTheDocumentedOnes() {
        assertThat(CertificateValidator.Settings.defaults())
                .isEqualTo(new CertificateValidator.Settings(null, true, true, true, 10));
    }

    @Test
    void settingsWhenMaxChainLengthBelowOneThenRejected() {
        assertThatThrownBy(() -> new CertificateValidator.Settings(null, true, true, true, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validateWhenChainEmptyThenRejected() {
        assertThatThrownBy(() -> anchoredAt(ROOT).validate(List.of(), true, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validateWhenCalledFromManyThreadsThenEachGetsItsOwnAnswer() throws Exception {
        CertificateValidator validator = anchoredAt(ROOT);
        Issued forged = TestPki.client(TestPki.intermediateCa(TestPki.rootCa(ROOT_DN), ISSUING_DN), "CN=alice");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean good = i % 2 == 0;
                results.add(pool.submit(() -> {
                    Validation v = validator.validate(good ? chain(ALICE, ISSUING) : chain(forged, ISSUING), false, NOW);
                    return v.passed() == good;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static final class RecordingRevocation implements RevocationChecker {
        private final Check answer;
        private volatile List<X509Certificate> calls;

        RecordingRevocation(Check answer) {
            this.answer = answer;
        }

        @Override
        public void check(List<X509Certificate> path, Instant at, Findings f) {
            calls = path;
            f.add(answer);
        }
    }
}
