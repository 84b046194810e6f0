package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

class CrlSetTest {

    private static final Issued CA = TestPki.rootCa("CN=CRL Set CA,O=certmap");
    private static final List<X509Certificate> CAS = List.of(CA.certificate());
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Instant NOW = CrlTestPki.NOW;

    private static X509Certificate leaf(long serial) {
        return TestPki.cert().subject("CN=leaf " + serial).issuer(CA).serial(BigInteger.valueOf(serial)).build()
                .certificate();
    }

    private static Crl crl(CrlTestPki.Builder b) throws CrlException {
        return Crl.read(b.build(), CAS);
    }

    @Test
    void statusWhenListedThenRevokedWithDateReasonAndSource() throws Exception {
        Crl base = crl(CrlTestPki.crl(CA).number(3).revoke(10, CRLReason.keyCompromise));
        CrlSet set = CrlSet.of(base);

        CrlStatus revoked = set.status(leaf(10), NOW, SKEW);
        CrlStatus good = set.status(leaf(11), NOW, SKEW);

        assertThat(revoked.kind()).isEqualTo(CrlStatus.Kind.REVOKED);
        assertThat(revoked.isAnswer()).isTrue();
        assertThat(revoked.reason()).isEqualTo(CrlReason.KEY_COMPROMISE);
        assertThat(revoked.revocationDate()).isEqualTo(NOW.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(revoked.source()).isSameAs(base);
        assertThat(revoked.source().crlNumber()).isEqualTo(3);
        assertThat(good.kind()).isEqualTo(CrlStatus.Kind.GOOD);
        assertThat(set.earliestNextUpdate()).isEqualTo(base.nextUpdate());
    }

    @Test
    void statusWhenDeltaRemovesFromCrlThenHoldIsLifted() throws Exception {
        Crl base = crl(CrlTestPki.crl(CA).number(5).revoke(20, CRLReason.certificateHold)
                .revoke(21, CRLReason.certificateHold).revoke(22, CRLReason.keyCompromise));
        Crl delta = crl(CrlTestPki.crl(CA).number(6).delta(5).revoke(20, CRLReason.removeFromCRL)
                .revoke(22, CRLReason.removeFromCRL).revoke(23, CRLReason.superseded)
                .times(NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofHours(2))));
        CrlSet set = CrlSet.of(base, delta);

        assertThat(set.status(leaf(20), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.GOOD);
        assertThat(set.status(leaf(21), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.REVOKED);
        assertThat(set.status(leaf(21), NOW, SKEW).reason()).isEqualTo(CrlReason.CERTIFICATE_HOLD);
        assertThat(set.status(leaf(22), NOW, SKEW).kind()).as("a permanent revocation is not lifted")
                .isEqualTo(CrlStatus.Kind.REVOKED);
        CrlStatus fromDelta = set.status(leaf(23), NOW, SKEW);
        assertThat(fromDelta.kind()).isEqualTo(CrlStatus.Kind.REVOKED);
        assertThat(fromDelta.source()).isSameAs(delta);
        assertThat(fromDelta.source().crlNumber()).isEqualTo(6);
        assertThat(set.earliestNextUpdate()).isEqualTo(delta.nextUpdate());
        assertThat(CrlSet.of(base).status(leaf(20), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.REVOKED);
    }

    @Test
    void ofWhenDeltaNeedsANewerBaseThenNotApplicable() throws Exception {
        Crl base = crl(CrlTestPki.crl(CA).number(5));
        Crl delta = crl(CrlTestPki.crl(CA).number(9).delta(8));
        Crl older = crl(CrlTestPki.crl(CA).number(4).delta(3));

        assertThatThrownBy(() -> CrlSet.of(base, delta))
                .hasMessage("the delta CRL needs base CRL number 8 or later; the base CRL is number 5");
        assertThatThrownBy(() -> CrlSet.of(base, older))
                .hasMessage("the delta CRL (number 4) is not newer than its base (number 5)");
        assertThatThrownBy(() -> CrlSet.of(delta)).hasMessageStartingWith("a delta CRL (base number 8) cannot stand alone");
        assertThatThrownBy(() -> CrlSet.of(base, base)).hasMessage("not a delta CRL (no deltaCRLIndicator)");
    }

    @Test
    void ofWhenDeltaFromAnotherKeyThenNotApplicable() throws Exception {
        Issued renewed = TestPki.rootCa("CN=CRL Set CA,O=certmap");
        Crl base = crl(CrlTestPki.crl(CA).number(5));
        Crl delta = Crl.read(CrlTestPki.crl(renewed).number(6).delta(5).build(), List.of(renewed.certificate()));

        assertThatThrownBy(() -> CrlSet.of(base, delta)).hasMessageStartingWith("the delta CRL is from another issuer or key");
    }

    @Test
    void statusWhenPastNextUpdateBeyondSkewThenStale() throws Exception {
        Instant next = NOW.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        Crl base = crl(CrlTestPki.crl(CA).times(NOW.minus(Duration.ofDays(2)), next)
                .revoke(30, CRLReason.certificateHold).revoke(31, CRLReason.keyCompromise));
        CrlSet set = CrlSet.of(base);

        CrlStatus stale = set.status(leaf(32), NOW, SKEW);
        assertThat(stale.kind()).isEqualTo(CrlStatus.Kind.STALE);
        assertThat(stale.isAnswer()).isFalse();
        assertThat(stale.source().nextUpdate()).isEqualTo(next);
        assertThat(stale.detail()).contains("past its nextUpdate");
        assertThat(set.status(leaf(32), NOW, Duration.ofMinutes(15)).kind()).as("within skew").isEqualTo(CrlStatus.Kind.GOOD);
        assertThat(set.status(leaf(30), NOW, SKEW).kind()).as("a hold may have been lifted since")
                .isEqualTo(CrlStatus.Kind.STALE);
        assertThat(set.status(leaf(31), NOW, SKEW).kind()).as("a permanent revocation stays")
                .isEqualTo(CrlStatus.Kind.REVOKED);
    }

    @Test
    void statusWhenDeltaIsStaleThenStaleAlthoughBaseIsCurrent() throws Exception {
        Crl base = crl(CrlTestPki.crl(CA).number(5));
        Crl delta = crl(CrlTestPki.crl(CA).number(6).delta(5)
                .times(NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(1))));

        CrlStatus s = CrlSet.of(base, delta).status(leaf(40), NOW, SKEW);

        assertThat(s.kind()).isEqualTo(CrlStatus.Kind.STALE);
        assertThat(s.source()).isSameAs(delta);
    }

    @Test
    void statusWhenThisUpdateInTheFutureBeyondSkewThenNotYetValid() throws Exception {
        Crl base = crl(CrlTestPki.crl(CA).times(NOW.plus(Duration.ofMinutes(10)), NOW.plus(Duration.ofDays(1))));

        assertThat(CrlSet.of(base).status(leaf(41), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.NOT_YET_VALID);
        assertThat(CrlSet.of(base).status(leaf(41), NOW, Duration.ofMinutes(11)).kind()).isEqualTo(CrlStatus.Kind.GOOD);
    }

    @Test
    void statusWhenIdpOnlyContainsCaCertsThenLeafNotCovered() throws Exception {
        Crl arl = crl(CrlTestPki.crl(CA).idp(new IssuingDistributionPoint(null, false, true, null, false, false)));
        Crl users = crl(CrlTestPki.crl(CA).idp(new IssuingDistributionPoint(null, true, false, null, false, false)));
        Issued sub = TestPki.intermediateCa(CA, "CN=Sub CA");

        CrlStatus s = CrlSet.of(arl).status(leaf(50), NOW, SKEW);
        assertThat(s.kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
        assertThat(s.detail()).contains("onlyContainsCACerts");
        assertThat(CrlSet.of(arl).status(sub.certificate(), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.GOOD);
        assertThat(CrlSet.of(users).status(sub.certificate(), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
        assertThat(CrlSet.of(users).status(leaf(50), NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.GOOD);
    }

    @Test
    void statusWhenIdpOnlySomeReasonsThenNotCovered() throws Exception {
        Crl partial = crl(CrlTestPki.crl(CA).idp(new IssuingDistributionPoint(null, false, false,
                new ReasonFlags(ReasonFlags.keyCompromise), false, false)));

        CrlStatus s = CrlSet.of(partial).status(leaf(51), NOW, SKEW);

        assertThat(s.kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
        assertThat(partial.scope().notCovering(leaf(51))).contains("only some reasons");
    }

    @Test
    void statusWhenIdpNamesAnotherPartitionThenNotCovered() throws Exception {
        GeneralNames p1 = uri("http://pki.example/part1.crl");
        GeneralNames p2 = uri("http://pki.example/part2.crl");
        Crl part1 = crl(CrlTestPki.crl(CA).idp(new IssuingDistributionPoint(new DistributionPointName(p1), false, false,
                null, false, false)));
        X509Certificate inPart1 = withCdp(60, p1);
        X509Certificate inPart2 = withCdp(61, p2);

        assertThat(CrlSet.of(part1).status(inPart1, NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.GOOD);
        assertThat(CrlSet.of(part1).status(inPart2, NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
        assertThat(CrlSet.of(part1).status(leaf(62), NOW, SKEW).kind()).as("no CDP: the IDP must name the issuer")
                .isEqualTo(CrlStatus.Kind.NOT_COVERED);
    }

    @Test
    void statusWhenCertificateFromAnotherIssuerThenNotCovered() throws Exception {
        Issued other = TestPki.rootCa("CN=Other CA");
        X509Certificate foreign = TestPki.client(other, "CN=foreign").certificate();

        CrlStatus s = CrlSet.of(crl(CrlTestPki.crl(CA))).status(foreign, NOW, SKEW);

        assertThat(s.kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
        assertThat(s.detail()).isEqualTo("the certificate's issuer is not the CRL's issuer");
    }

    @Test
    void statusWhenCertificateFromAnotherKeyOfTheSameCaThenNotCovered() throws Exception {
        Issued renewed = TestPki.rootCa("CN=CRL Set CA,O=certmap");
        X509Certificate oldKeyLeaf = leaf(70);
        Crl newKeyCrl = Crl.read(CrlTestPki.crl(renewed).build(), List.of(renewed.certificate()));

        assertThat(CrlSet.of(newKeyCrl).status(oldKeyLeaf, NOW, SKEW).kind()).isEqualTo(CrlStatus.Kind.NOT_COVERED);
    }

    private static GeneralNames uri(String u) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, u));
    }

    private static X509Certificate withCdp(long serial, GeneralNames names) {
        return TestPki.cert().subject("CN=leaf " + serial).issuer(CA).serial(BigInteger.valueOf(serial))
                .extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(names), null, null)}))
                .build().certificate();
    }
}
