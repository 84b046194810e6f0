package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14.2: a shadow file decides every request too, never changes the answer, and reports what would change. */
class ShadowTest {

    @TempDir
    Path dir;

    private static final String MAPPINGS = """
              <location path="/secure/*" sslFlags="SslRequireCert"/>
              <manyToOneMappings>
                %s
                <add name="staff" userName="{Subject.CN}">
                  <rules><add certificateField="Issuer" certificateSubField="CN" matchCriteria="Shadow CA"/></rules>
                </add>
              </manyToOneMappings>
            </certificateMapping>
            """;

    @Test
    void shadowDifferencesAreCountedAndLoggedOncePerCertificateWithoutChangingTheAnswer() throws Exception {
        Issued ca = TestPki.rootCa("CN=Shadow CA");
        Issued alice = TestPki.client(ca, "CN=alice,OU=Sales");
        Issued bob = TestPki.client(ca, "CN=bob,OU=Staff");
        Path live = dir.resolve("certmap.xml");
        Files.writeString(live, "<certificateMapping reloadInterval=\"0\" shadowFile=\"certmap.next.xml\">\n"
                + MAPPINGS.formatted(""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("certmap.next.xml"), "<certificateMapping reloadInterval=\"0\">\n"
                + MAPPINGS.formatted("""
                        <add name="no sales" permissionMode="Deny">
                          <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Sales"/></rules>
                        </add>"""), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        DecisionLog.LOG.addHandler(h);
        java.util.logging.Level previous = DecisionLog.LOG.getLevel();
        DecisionLog.LOG.setLevel(java.util.logging.Level.INFO);
        try (CertmapEngine e = CertmapEngine.builder("/shadow", live).polling(false).start()) {
            for (int i = 0; i < 3; i++) {
                Decision d = e.decide(FakeRequest.tls("/secure/x", alice.certificate()), false);
                assertThat(d.user()).as("the live file still decides").isEqualTo("alice");
            }
            assertThat(e.decide(FakeRequest.tls("/secure/x", bob.certificate()), false).user()).isEqualTo("bob");
            assertThat(e.shadowDifferences()).containsExactly(
                    java.util.Map.entry("AUTHENTICATED -> REFUSED MAPPING_DENIED", 3L));
            assertThat(e.shadowDifferencesByMapping()).containsEntry("staff -> no sales", 3L);
            assertThat(lines).filteredOn(l -> l.contains("shadow:")).singleElement()
                    .satisfies(l -> assertThat(l).contains("subject=[CN=alice,OU=Sales]")
                            .contains("live: AUTHENTICATED as alice").contains("shadow: REFUSED MAPPING_DENIED"));
            assertThat(e.shadowError()).isNull();
        } finally {
            DecisionLog.LOG.removeHandler(h);
            DecisionLog.LOG.setLevel(previous);
        }
        // A shadow file that does not load is reported; the live file works as before.
        Files.writeString(dir.resolve("certmap.next.xml"), "<certificateMapping><bogus/></certificateMapping>");
        try (CertmapEngine e = CertmapEngine.builder("/shadow", live).polling(false).start()) {
            assertThat(e.shadowError()).contains("certmap.next.xml").contains("bogus");
            assertThat(e.decide(FakeRequest.tls("/secure/x", alice.certificate()), false).user()).isEqualTo("alice");
            assertThat(e.shadowDifferences()).isEmpty();
        }
    }
}
