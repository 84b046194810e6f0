package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;
import org.certmap.engine.base.Reason;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocsp="true"} through the engine against a real {@code openssl ocsp} responder (a
 * responder certmap did not write): good logs in, revoked refuses with the responder's date and
 * reason, the responder's "unknown" counts as no answer so the CRL file is asked next, and a
 * responder that is down gives REVOCATION_UNKNOWN, never a pass.
 */
class RevocationOcspTest {

    @TempDir
    static Path dir;

    private static final List<Process> RESPONDERS = new ArrayList<>();
    private static final Instant REVOKED_AT = Instant.parse("2026-10-01T08:00:00Z");
    private static Issued ca;
    private static Issued good;
    private static Issued revoked;
    private static Issued unknownToResponder;
    private static Issued viaAia;
    private static URI responder;

    @BeforeAll
    static void responder() throws Exception {
        OpensslOcsp.requireOpenssl();
        ca = TestPki.cert().subject("CN=OCSP Clients CA,O=certmap").ca(-1).keyPair(TestPki.rsaKey()).build();
        good = TestPki.client(ca, "CN=good,OU=Staff,O=certmap");
        revoked = TestPki.client(ca, "CN=revoked,OU=Staff,O=certmap");
        unknownToResponder = TestPki.client(ca, "CN=unlisted,OU=Staff,O=certmap");
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        OpensslOcsp.writeKey(dir.resolve("ca.key"), ca.privateKey());
        Files.writeString(dir.resolve("index.txt"), OpensslOcsp.indexLine("V", good.certificate(), "")
                + OpensslOcsp.indexLine("R", revoked.certificate(),
                        OpensslOcsp.INDEX_TIME.format(REVOKED_AT) + ",superseded"), StandardCharsets.US_ASCII);
        responder = OpensslOcsp.start(dir, "ca", List.of("-rsigner", "ca.pem", "-rkey", "ca.key"), RESPONDERS);
        // Issued once the responder's port is known; not in its index, so it answers "unknown".
        viaAia = TestPki.cert().subject("CN=aia,OU=Staff,O=certmap").issuer(ca)
                .extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                        AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                                responder.toString())))).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        OpensslOcsp.stop(RESPONDERS);
    }

    private static CertmapEngine engine(String revocation) throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem">
                    <revocation %s/>
                  </validation>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <manyToOneMappings>
                    <add name="staff" userName="{Subject.CN}">
                      <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="OCSP Clients CA"/></rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(revocation), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/ocsp", file).polling(false).start();
    }

    private static Decision decide(CertmapEngine e, Issued leaf) {
        return e.decide(FakeRequest.tls("/secure/x", leaf.certificate()), false);
    }

    @Test
    void goodLogsInAndRevokedIsRefusedWithTheRespondersDateAndReason() throws Exception {
        try (CertmapEngine e = engine("ocsp=\"true\" ocspResponder=\"" + responder + "\"")) {
            Decision d = decide(e, good);
            assertThat(d.isAuthenticated()).as(d.toString()).isTrue();
            assertThat(d.attributes()).containsEntry(Decision.ATTRIBUTE_REVOCATION, "good");
            assertThat(decide(e, revoked).reason()).isEqualTo(Reason.CERTIFICATE_REVOKED);
            Explanation x = e.explain(List.of(revoked.certificate()), true, "/secure/x", Instant.now());
            assertThat(x.because().detail()).contains("superseded").contains("2026-10-01T08:00:00Z")
                    .contains("OCSP responder " + responder);
        }
    }

    @Test
    void responderInTheCertificatesAiaIsAsked() throws Exception {
        try (CertmapEngine e = engine("ocsp=\"true\"")) {
            assertThat(decide(e, viaAia).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
            assertThat(e.explain(List.of(viaAia.certificate()), true, "/secure/x", Instant.now()).because().detail())
                    .as("the AIA responder was asked and does not know it")
                    .contains(responder.toString()).contains("does not know the certificate");
            assertThat(decide(e, good).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
            assertThat(e.explain(List.of(good.certificate()), true, "/secure/x", Instant.now()).because().detail())
                    .contains("names no http or https OCSP responder");
        }
    }

    @Test
    void respondersUnknownIsNoAnswerSoTheCrlIsAskedNext() throws Exception {
        Files.write(dir.resolve("ca.crl"), CrlTestPki.crl(ca).build());
        try (CertmapEngine e = engine("ocsp=\"true\" ocspResponder=\"" + responder + "\"")) {
            assertThat(decide(e, unknownToResponder).reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
        }
        try (CertmapEngine e = engine("ocsp=\"true\" ocspResponder=\"" + responder + "\" crlFiles=\"ca.crl\"")) {
            Decision d = decide(e, unknownToResponder);
            assertThat(d.isAuthenticated()).as(d.toString()).isTrue();
            Explanation x = e.explain(List.of(unknownToResponder.certificate()), true, "/secure/x", Instant.now());
            assertThat(x.checks()).anySatisfy(c -> assertThat(c.detail()).contains("OCSP responder")
                    .contains("gave no answer"));
            assertThat(x.checks()).anySatisfy(c -> assertThat(c.detail()).contains("CRL file").contains("says good"));
        }
    }

    @Test
    void responderDownGivesRevocationUnknownNeverAPass() throws Exception {
        try (CertmapEngine e = engine("ocsp=\"true\" ocspResponder=\"http://127.0.0.1:1/\" timeout=\"1s\"")) {
            Decision d = decide(e, good);
            assertThat(d.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
            assertThat(e.explain(List.of(good.certificate()), true, "/secure/x", Instant.now()).because().detail())
                    .contains("127.0.0.1:1");
        }
    }
}
