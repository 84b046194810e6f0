package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14.3: per-mapping hits and last hit (cache hits included), mappings never hit, weak logins, expiring certificates. */
class MappingUsageTest {

    private static final Instant NOW = Instant.ofEpochMilli(System.currentTimeMillis());

    @TempDir
    Path dir;

    @Test
    void hitsLastHitNeverHitAndWeakCountsFollowTheRequests() throws Exception {
        Issued ca = TestPki.rootCa("CN=Usage CA");
        Issued jdoe = TestPki.client(ca, "CN=jdoe,OU=Staff");
        Issued alice = TestPki.client(ca, "CN=alice,OU=Staff");
        Issued soon = TestPki.cert().subject("CN=soon,OU=Staff").issuer(ca)
                .validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(10))).build();
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings>
                    <add userName="jdoe" sha256="%s"/>
                    <add userName="unused" sha256="%s"/>
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="staff" userName="{Subject.CN}">
                      <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="Usage CA"/></rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(new CertificateFacts(jdoe.certificate()).sha256Hex(), "ab".repeat(32)),
                StandardCharsets.UTF_8);
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        try (CertmapEngine e = CertmapEngine.builder("/usage", file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.certificate()), false).user()).isEqualTo("jdoe");
            }
            assertThat(e.decide(FakeRequest.tls("/secure/x", alice.certificate()), false).user()).isEqualTo("alice");
            assertThat(e.decide(FakeRequest.tls("/secure/x", soon.certificate()), false).user()).isEqualTo("soon");
            MappingUsage u = e.usage();
            assertThat(u.top(10)).extracting(MappingUsage.Use::user, MappingUsage.Use::hits)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("jdoe", 3L),
                            org.assertj.core.groups.Tuple.tuple("{Subject.CN}", 2L));
            assertThat(u.top(1).get(0).lastHit()).isEqualTo(NOW);
            assertThat(u.neverHit(10)).extracting(MappingUsage.Use::user).containsExactly("unused");
            assertThat(u.neverHitCount()).isEqualTo(1);
            assertThat(u.weakHits()).isEqualTo(2);
            assertThat(u.strongHits()).isEqualTo(3);
            assertThat(e.expiringCertificates()).extracting(ExpiringCertificates.Expiring::user).containsExactly("soon");
        }
    }
}
