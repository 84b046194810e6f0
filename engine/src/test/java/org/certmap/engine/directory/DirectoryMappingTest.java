package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Reason;
import org.certmap.testing.Agreement;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <directory>} through the mapping file and the engine, against a real slapd: one-to-one
 * from the file wins, then the directory maps (mapping {@code directory}, roles from memberOf), then
 * many-to-one; a disabled account is MAPPING_DENIED; with every server down the request gets 503
 * DIRECTORY_UNAVAILABLE, a file Deny still refuses with 403, and an accept-only location stays
 * anonymous with the reason; the directory is never asked about a certificate that failed validation.
 */
class DirectoryMappingTest {

    @TempDir
    static Path dir;

    private static Slapd slapd;
    private static Issued ca;
    private static Issued alice;
    private static Issued gina;
    private static Issued pinned;
    private static Issued contractor;
    private static Issued nobody;

    @BeforeAll
    static void start() throws Exception {
        slapd = Slapd.start(dir.resolve("slapd"));
        ca = TestPki.rootCa("CN=Contoso Users CA,DC=contoso,DC=com");
        alice = TestPki.client(ca, "CN=alice,DC=contoso,DC=com");
        gina = TestPki.client(ca, "CN=gina,DC=contoso,DC=com");
        pinned = TestPki.client(ca, "CN=pinned,DC=contoso,DC=com");
        contractor = TestPki.client(ca, "CN=dan,OU=Contractors,DC=contoso,DC=com");
        nobody = TestPki.client(ca, "CN=nobody,OU=Staff,DC=contoso,DC=com");
        StringBuilder ldif = new StringBuilder();
        ldif.append(Slapd.person("alice", attrs("sAMAccountName", "alice", "altSecurityIdentities", strong(alice),
                "userAccountControl", "512", "memberOf", "CN=Admins,OU=Groups,DC=contoso,DC=example")));
        ldif.append(Slapd.person("gina", attrs("sAMAccountName", "gina", "altSecurityIdentities", strong(gina),
                "userAccountControl", "514")));
        ldif.append(Slapd.person("pinned", attrs("sAMAccountName", "fromDirectory", "altSecurityIdentities",
                strong(pinned))));
        slapd.add(ldif.toString());
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        TestPki.writePem(dir.resolve("pinned.pem"), pinned.certificate());
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.stop();
        }
    }

    private static String strong(Issued c) throws Exception {
        return AdMappingStrings.of(c.certificate()).toStore().get(0).value();
    }

    private static Map<String, List<Object>> attrs(Object... kv) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent((String) kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    private static CertmapEngine engine(String url, String validation) throws Exception {
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  %s
                  <directory url="%s" baseDn="%s" bindDn="%s" bindPassword="%s" roles="memberOf" timeout="1s"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <location path="/admin/*" sslFlags="SslRequireCert" roles="Admins"/>
                  <location path="/maybe/*" sslFlags="SslNegotiateCert"/>
                  <oneToOneMappings>
                    <add userName="fromFile" certificateFile="pinned.pem"/>
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="no contractors" permissionMode="Deny">
                      <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Contractors"/></rules>
                    </add>
                    <add name="staff" userName="{Subject.CN}">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso Users CA"/>
                        <add certificateField="Subject" certificateSubField="OU" matchCriteria="Staff"/>
                      </rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted(validation, url, Slapd.SUFFIX, Slapd.SERVICE_DN, Slapd.SERVICE_PW), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/dir", file).polling(false).start();
    }

    private static CertmapEngine engine(String url) throws Exception {
        return engine(url, "<validation trustStore=\"ca.pem\"/>");
    }

    @Test
    void directoryMapsBetweenOneToOneAndManyToOne() throws Exception {
        try (CertmapEngine e = engine(slapd.url())) {
            Decision a = Agreement.decideAndExplain(e, "/admin/x", Instant.now(), alice.certificate());
            assertThat(a.isAuthenticated()).as(a.toString()).isTrue();
            assertThat(a.user()).isEqualTo("alice");
            assertThat(a.roles()).contains("Admins");
            assertThat(a.attributes()).containsEntry(Decision.ATTRIBUTE_MAPPING, "directory");
            assertThat(Agreement.decideAndExplain(e, "/secure/x", Instant.now(), pinned.certificate()).user())
                    .as("one-to-one from the file comes first").isEqualTo("fromFile");
            assertThat(Agreement.decideAndExplain(e, "/secure/x", Instant.now(), nobody.certificate()).user())
                    .as("not in the directory: many-to-one next").isEqualTo("nobody");
            Decision g = Agreement.decideAndExplain(e, "/secure/x", Instant.now(), gina.certificate());
            assertThat(g.reason()).isEqualTo(Reason.MAPPING_DENIED);
            Explanation x = e.explain(List.of(alice.certificate()), true, "/admin/x", Instant.now());
            assertThat(x.checks()).anySatisfy(c -> assertThat(c.detail()).contains("altSecurityIdentities=")
                    .contains("cn=alice,ou=people").contains(slapd.url()));
        }
    }

    @Test
    void outageGives503ButAFileDenyStillRefusesAndAcceptOnlyStaysAnonymous() throws Exception {
        try (CertmapEngine e = engine("ldap://127.0.0.1:" + Slapd.freePort())) {
            Decision d = e.decide(FakeRequest.tls("/secure/x", alice.certificate()), false);
            assertThat(d.reason()).isEqualTo(Reason.DIRECTORY_UNAVAILABLE);
            assertThat(d.httpStatus()).isEqualTo(503);
            assertThat(e.decide(FakeRequest.tls("/secure/x", contractor.certificate()), false).reason())
                    .isEqualTo(Reason.MAPPING_DENIED);
            Decision maybe = e.decide(FakeRequest.tls("/maybe/x", nobody.certificate()), false);
            assertThat(maybe.status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(maybe.reason()).isEqualTo(Reason.DIRECTORY_UNAVAILABLE);
            assertThat(e.decide(FakeRequest.tls("/secure/x", pinned.certificate()), false).user())
                    .as("a file one-to-one needs no directory").isEqualTo("fromFile");
        }
    }

    @Test
    void directoryIsNotAskedForACertificateThatFailedValidation() throws Exception {
        Issued stranger = TestPki.client(TestPki.rootCa("CN=Contoso Users CA,DC=contoso,DC=com"), "CN=alice,DC=contoso,DC=com");
        try (CertmapEngine e = engine(slapd.url())) {
            Explanation x = e.explain(List.of(stranger.certificate()), true, "/secure/x", Instant.now());
            assertThat(x.decision().reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(x.checks()).filteredOn(c -> c.subject().equals("directory")).singleElement()
                    .satisfies(c -> assertThat(c.detail()).isEqualTo("not asked: the certificate did not pass validation"));
        }
    }

    @Test
    void directoryWithoutTrustStoreIsALoadError() {
        assertThatThrownBy(() -> engine(slapd.url(), "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("<directory> needs <validation trustStore>").hasMessageContaining("certmap.xml:3:");
    }
}
