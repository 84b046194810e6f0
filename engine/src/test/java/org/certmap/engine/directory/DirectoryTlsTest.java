package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LDAPS and StartTLS against slapd with a test CA. slapd requires TLS for a simple bind
 * ({@code security simple_bind=64}) and only bound users read, so a StartTLS lookup that finds the
 * entry proves certmap bound after TLS, on the protected connection.
 */
class DirectoryTlsTest {

    @TempDir
    static Path dir;
    static Slapd slapd;
    static Issued directoryCa;
    static Issued userCa;
    static Issued alice;

    @BeforeAll
    static void start() throws Exception {
        directoryCa = TestPki.rootCa("CN=Directory TLS CA,O=certmap test");
        Issued server = TestPki.cert().subject("CN=localhost").issuer(directoryCa).keyPair(TestPki.rsaKey())
                .san(new GeneralName(GeneralName.dNSName, "localhost")).eku(KeyPurposeId.id_kp_serverAuth)
                .keyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, true).build();
        slapd = Slapd.start(dir, "security simple_bind=64", server);
        userCa = FixedCertificates.contosoCa();
        alice = FixedCertificates.alice(userCa);
        slapd.add(Slapd.person("alice", Map.of("sAMAccountName", List.of("alice"), "altSecurityIdentities",
                List.of(AdMappingStrings.of(alice.certificate()).toStore().get(0).value()), "objectSid",
                List.of(WindowsSid.toBinary(FixedCertificates.SID)))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.stop();
        }
    }

    private static DirectorySettings settings(String url, boolean startTls, Issued trusted) {
        return DirectorySettings.of(List.of(URI.create(url)), Slapd.SUFFIX)
                .withBind(Slapd.SERVICE_DN, Slapd.SERVICE_PW.toCharArray())
                .withTls(startTls, List.of(trusted.certificate()));
    }

    private static LookupResult lookup(DirectorySettings s) {
        try (DirectoryClient c = new DirectoryClient(s)) {
            return new DirectoryLookup(s, c).lookup(alice.certificate(), true);
        }
    }

    @Test
    void ldapsWhenHostNameMatchesThenFound() {
        assertThat(lookup(settings("ldaps://localhost:" + slapd.tlsPort(), false, directoryCa)))
                .isInstanceOf(LookupResult.Found.class);
    }

    @Test
    void startTlsWhenHostNameMatchesThenBindsOverTlsAndFinds() {
        assertThat(lookup(settings("ldap://localhost:" + slapd.port(), true, directoryCa)))
                .isInstanceOf(LookupResult.Found.class);
    }

    @Test
    void plainBindWhenServerRequiresTlsThenRefusedNotPassed() {
        LookupResult r = lookup(settings("ldap://127.0.0.1:" + slapd.port(), false, directoryCa));
        assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
        assertThat(r.describe()).contains("bind refused").doesNotContain(Slapd.SERVICE_PW);
    }

    @Test
    void ldapsWhenHostNameMismatchThenUnavailable() {
        // the certificate names "localhost" only; 127.0.0.1 is not in it
        LookupResult r = lookup(settings("ldaps://127.0.0.1:" + slapd.tlsPort(), false, directoryCa));
        assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
        assertThat(r.describe()).containsIgnoringCase("subject alternative");
    }

    @Test
    void startTlsWhenHostNameMismatchThenUnavailable() {
        LookupResult r = lookup(settings("ldap://127.0.0.1:" + slapd.port(), true, directoryCa));
        assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
        assertThat(r.describe()).containsIgnoringCase("hostname");
    }

    @Test
    void ldapsWhenCaNotInDirectoryTrustStoreThenUnavailable() {
        Issued otherCa = TestPki.rootCa("CN=Some Other CA");
        LookupResult r = lookup(settings("ldaps://localhost:" + slapd.tlsPort(), false, otherCa));
        assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
    }
}
