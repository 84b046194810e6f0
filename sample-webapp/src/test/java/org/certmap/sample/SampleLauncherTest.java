package org.certmap.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.certmap.cli.pki.DemoPki;
import org.certmap.cli.pki.DemoPki.Scenario;
import org.certmap.pki.PkiFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample as a user meets it: the launcher's Tomcat, real TLS, the demo PKI's certificates. */
class SampleLauncherTest {

    @TempDir
    static Path dir;

    static SampleLauncher sample;

    @BeforeAll
    static void start() throws Exception {
        sample = SampleLauncher.start(dir, 0, -1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sample != null) {
            sample.stop();
        }
    }

    private static SampleClient as(Scenario s) throws Exception {
        DemoPki pki = sample.pki();
        return new SampleClient(pki.trustStore(), s == null ? null : pki.client(s).files().pkcs12(),
                PkiFiles.DEMO_PASSWORD.toCharArray(), sample.httpsPort());
    }

    @Test
    void startWhenFirstRunThenDemoPkiAndMappingFileAreMade() {
        assertThat(dir.resolve("certmap.xml")).exists();
        assertThat(dir.resolve("ca.pem")).exists();
        for (Scenario s : Scenario.values()) {
            assertThat(dir.resolve("clients/" + s.fileName() + ".p12")).exists();
            assertThat(dir.resolve("clients/" + s.fileName() + ".pem")).exists();
        }
    }

    @Test
    void whoamiWhenOneToOneCertificateThenAliceWithRoles() throws Exception {
        HttpResponse<String> r = as(Scenario.ONE_TO_ONE).get("/secure/whoami");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user: alice").contains("roles: staff admin").contains("mapping: oneToOne")
                .contains("authType: CLIENT_CERT");
        assertThat(as(Scenario.ONE_TO_ONE).get("/secure/admin/whoami").statusCode()).isEqualTo(200);
    }

    @Test
    void whoamiWhenManyToOneCertificateThenSharedUserWithoutAdmin() throws Exception {
        HttpResponse<String> r = as(Scenario.MANY_TO_ONE).get("/secure/whoami");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user: staff").contains("mapping: demo staff");
        HttpResponse<String> admin = as(Scenario.MANY_TO_ONE).get("/secure/admin/whoami");
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("ROLE_REQUIRED");
    }

    @Test
    void whoamiWhenDeniedUnmappedOrNoCertificateThenRefusedWithReasonOnTheAppsErrorPage() throws Exception {
        HttpResponse<String> denied = as(Scenario.DENIED).get("/secure/whoami");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("Access refused (HTTP 403): MAPPING_DENIED");
        assertThat(as(Scenario.UNMAPPED).get("/secure/whoami").body()).contains("NO_MAPPING");
        HttpResponse<String> none = as(null).get("/secure/report.txt");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("CERTIFICATE_REQUIRED").doesNotContain("Quarterly");
        assertThat(as(Scenario.ONE_TO_ONE).get("/secure/report.txt").body()).contains("Quarterly");
    }

    @Test
    void whoamiWhenExpiredThenRefusedWithReasonNotATlsAlert() throws Exception {
        HttpResponse<String> r = as(Scenario.EXPIRED).get("/secure/whoami");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CERTIFICATE_EXPIRED");
    }

    @Test
    void whoamiWhenCertificateFromAnotherCaThenUntrustedEvenThoughTheHandshakeAcceptedIt() throws Exception {
        Path other = dir.resolve("other");
        DemoPki stranger = DemoPki.create(other, PkiFiles.DEMO_PASSWORD.toCharArray(), List.of());
        HttpResponse<String> r = new SampleClient(sample.pki().trustStore(),
                stranger.client(Scenario.ONE_TO_ONE).files().pkcs12(), PkiFiles.DEMO_PASSWORD.toCharArray(),
                sample.httpsPort()).get("/secure/whoami");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CERTIFICATE_UNTRUSTED").doesNotContain("user: alice");
    }

    @Test
    void optionalPageWhenUnmappedCertificateThenAnonymousWithReason() throws Exception {
        HttpResponse<String> r = as(Scenario.UNMAPPED).get("/optional/whoami");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("user: (anonymous)").contains("reason: NO_MAPPING");
        assertThat(as(Scenario.MANY_TO_ONE).get("/optional/whoami").body()).contains("user: staff");
        assertThat(as(null).get("/whoami").body()).contains("user: (anonymous)");
    }

    @Test
    void startWhenDemoPkiExistsThenReusedNotRegenerated() throws Exception {
        byte[] ca = Files.readAllBytes(dir.resolve("ca.pem"));
        SampleLauncher second = SampleLauncher.start(dir, 0, -1);
        try {
            assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(ca);
            assertThat(as(Scenario.ONE_TO_ONE).get("/secure/whoami").statusCode()).isEqualTo(200);
        } finally {
            second.stop();
        }
    }
}
