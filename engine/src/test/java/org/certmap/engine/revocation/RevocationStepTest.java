package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;
import org.certmap.engine.base.Check;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Reason;
import org.certmap.testing.Agreement;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.MovableClock;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revocation step with {@code crlFiles}, through the engine as a front door sees it: a revoked
 * certificate (or a revoked CA above it) is refused with CERTIFICATE_REVOKED and the serial, date
 * and reason in the log detail; a stale CRL gives REVOCATION_UNKNOWN unless {@code onUnknown="allow"};
 * a newer CRL applies from the next request after its reload; an older one is refused and the one in
 * force stays; a CRL not signed by a trust-store CA stops the start with file and line.
 */
class RevocationStepTest {

    private static final Instant NOW = CrlTestPki.NOW;

    @TempDir
    Path dir;

    private Issued root;
    private Issued issuing;
    private Issued alice;
    private Issued bob;

    @BeforeEach
    void pki() throws Exception {
        root = TestPki.rootCa("CN=Revocation Root,O=certmap");
        issuing = TestPki.intermediateCa(root, "CN=Revocation Issuing,O=certmap");
        alice = TestPki.client(issuing, "CN=alice,OU=Staff,O=certmap");
        bob = TestPki.client(issuing, "CN=bob,OU=Staff,O=certmap");
        TestPki.writePem(dir.resolve("ca.pem"), root.certificate(), issuing.certificate());
        writeCrls(1, CrlTestPki.crl(issuing).number(1), CrlTestPki.crl(root).number(1));
    }

    private void writeCrls(long unused, CrlTestPki.Builder issuingCrl, CrlTestPki.Builder rootCrl) throws Exception {
        Files.write(dir.resolve("issuing.crl"), issuingCrl.build());
        Files.writeString(dir.resolve("root.crl"), CrlTestPki.pem(rootCrl.build()), StandardCharsets.US_ASCII);
    }

    private Path mappingFile(String revocationAttributes) throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem">
                    <revocation crlFiles="issuing.crl root.crl" %s/>
                  </validation>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
                  <manyToOneMappings>
                    <add name="staff" userName="{Subject.CN}">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Revocation Issuing"/>
                        <add certificateField="Subject" certificateSubField="OU" matchCriteria="Staff"/>
                      </rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(revocationAttributes), StandardCharsets.UTF_8);
        return file;
    }

    private CertmapEngine engine(String revocationAttributes, Clock clock) throws Exception {
        return CertmapEngine.builder("/rev", mappingFile(revocationAttributes)).clock(clock).polling(false).start();
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private Decision decide(CertmapEngine e, String path, Issued leaf) {
        return Agreement.decideAndExplain(e, path, NOW, leaf.certificate(), issuing.certificate());
    }

    @Test
    void revokedLeafIsRefusedAndAGoodOneLogsInWithTheAttribute() throws Exception {
        writeCrls(0, CrlTestPki.crl(issuing).revoke(alice.certificate().getSerialNumber(), 1), CrlTestPki.crl(root));
        try (CertmapEngine e = engine("", at(NOW))) {
            Decision refused = decide(e, "/secure/x", alice);
            assertThat(refused.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
            assertThat(refused.httpStatus()).isEqualTo(403);
            assertThat(refused.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "revoked");
            Decision good = decide(e, "/secure/x", bob);
            assertThat(good.isAuthenticated()).isTrue();
            assertThat(good.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "good");

            Explanation x = e.explain(List.of(alice.certificate(), issuing.certificate()), true, "/secure/x", NOW);
            Check failed = x.because();
            assertThat(failed.subject()).isEqualTo("revocation");
            String serial = alice.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
            assertThat(failed.detail()).contains("serial " + serial).contains("keyCompromise")
                    .contains(Check.instant(NOW.minus(Duration.ofHours(2)))).contains("issuing.crl");
            assertThat(x.checks()).anySatisfy(c -> assertThat(c.detail()).contains("issuing.crl")
                    .contains("thisUpdate " + Check.instant(NOW.minus(Duration.ofHours(1)))).contains("nextUpdate"));
            // On an accept-only path the revoked certificate stays anonymous, with the reason set.
            Decision maybe = decide(e, "/maybe/x", alice);
            assertThat(maybe.status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(maybe.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
        }
    }

    @Test
    void revokedIntermediateRefusesItsCertificatesUnlessScopeIsLeaf() throws Exception {
        writeCrls(0, CrlTestPki.crl(issuing), CrlTestPki.crl(root).revoke(issuing.certificate().getSerialNumber(), 2));
        try (CertmapEngine e = engine("", at(NOW))) {
            assertThat(decide(e, "/secure/x", bob).reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
            assertThat(e.explain(List.of(bob.certificate(), issuing.certificate()), true, "/secure/x", NOW).because()
                    .detail()).contains("the CA certificate CN=Revocation Issuing").contains("cACompromise");
        }
        try (CertmapEngine e = engine("scope=\"leaf\"", at(NOW))) {
            assertThat(decide(e, "/secure/x", bob).isAuthenticated()).isTrue();
        }
    }

    @Test
    void staleCrlGivesRevocationUnknownUnlessOnUnknownAllows() throws Exception {
        Instant later = NOW.plus(Duration.ofDays(3));
        try (CertmapEngine e = engine("", at(later))) {
            Decision d = e.decide(FakeRequest.tls("/secure/x", bob.certificate(), issuing.certificate()), false);
            assertThat(d.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
            assertThat(d.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "unknown");
            assertThat(e.explain(List.of(bob.certificate(), issuing.certificate()), true, "/secure/x", later).because()
                    .detail()).contains("past its nextUpdate");
        }
        try (CertmapEngine e = engine("onUnknown=\"allow\"", at(later))) {
            Decision d = e.decide(FakeRequest.tls("/secure/x", bob.certificate(), issuing.certificate()), false);
            assertThat(d.isAuthenticated()).isTrue();
            assertThat(d.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "unknown");
        }
        // A stale CRL that lists the certificate still refuses it: nothing turns "revoked" into a pass.
        writeCrls(0, CrlTestPki.crl(issuing).revoke(bob.certificate().getSerialNumber(), 1), CrlTestPki.crl(root));
        try (CertmapEngine e = engine("onUnknown=\"allow\"", at(later))) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", bob.certificate(), issuing.certificate()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_REVOKED);
        }
    }

    @Test
    void newerCrlAppliesFromTheNextRequestAndAnOlderOneIsRefused() throws Exception {
        writeCrls(0, CrlTestPki.crl(issuing).number(5), CrlTestPki.crl(root).number(5));
        try (CertmapEngine e = engine("", at(NOW))) {
            assertThat(decide(e, "/secure/x", bob).isAuthenticated()).isTrue();
            Files.write(dir.resolve("issuing.crl"), CrlTestPki.crl(issuing).number(6)
                    .revoke(bob.certificate().getSerialNumber(), 4).build());
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(decide(e, "/secure/x", bob).reason()).as("the cached good is gone")
                    .isEqualTo(Reason.CERTIFICATE_REVOKED);
            // A restored backup (number 4) must not bring bob back: the reload fails, number 6 stays.
            Files.write(dir.resolve("issuing.crl"), CrlTestPki.crl(issuing).number(4).build());
            assertThat(e.reloadIfChanged()).isFalse();
            assertThat(decide(e, "/secure/x", bob).reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
        }
    }

    @Test
    void crlNotSignedByATrustStoreCaStopsTheStartWithFileAndLine() throws Exception {
        Issued stranger = TestPki.rootCa("CN=Revocation Issuing,O=certmap");
        Files.write(dir.resolve("issuing.crl"), CrlTestPki.crl(stranger).build());
        assertThatThrownBy(() -> engine("", at(NOW))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("certmap.xml:3:")
                .hasMessageContaining("issuing.crl")
                .hasMessageContaining("not signed by any CA it names");
        Files.writeString(dir.resolve("issuing.crl"), "not a CRL");
        assertThatThrownBy(() -> engine("", at(NOW))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("issuing.crl: does not parse");
    }

    @Test
    void staleCrlAtStartDoesNotStopTheStart() throws Exception {
        writeCrls(0, CrlTestPki.crl(issuing).times(NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(2))),
                CrlTestPki.crl(root));
        try (CertmapEngine e = engine("", at(NOW))) {
            assertThat(decide(e, "/secure/x", bob).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
        }
    }

    @Test
    void cachedOutcomeLastsUntilTheCrlsNextUpdateOnly() throws Exception {
        // The CRL says good until its nextUpdate; past it (beyond the clock skew) the same
        // certificate is asked again and the stale CRL now gives REVOCATION_UNKNOWN.
        writeCrls(0, CrlTestPki.crl(issuing).times(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofMinutes(10))),
                CrlTestPki.crl(root));
        MovableClock clock = new MovableClock(NOW);
        try (CertmapEngine e = engine("clockSkew=\"1m\"", clock)) {
            FakeRequest r = FakeRequest.tls("/secure/x", bob.certificate(), issuing.certificate());
            assertThat(e.decide(r, false).isAuthenticated()).isTrue();
            clock.set(NOW.plus(Duration.ofMinutes(12)));
            assertThat(e.decide(r, false).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
        }
    }

    @Test
    void nothingIsAskedForACertificateThatFailedValidation() throws Exception {
        Issued expired = TestPki.cert().subject("CN=old,OU=Staff,O=certmap").issuer(issuing)
                .validity(NOW.minus(Duration.ofHours(20)), NOW.minus(Duration.ofHours(1))).build();
        try (CertmapEngine e = engine("", at(NOW))) {
            Explanation x = e.explain(List.of(expired.certificate(), issuing.certificate()), true, "/secure/x", NOW);
            assertThat(x.decision().reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
            assertThat(x.checks()).filteredOn(c -> c.subject().equals("revocation")).singleElement()
                    .satisfies(c -> assertThat(c.detail()).isEqualTo("not asked: the certificate did not pass validation"));
        }
    }

}
