package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.certmap.e2e.ee.MtlsClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * certmap's ServerAuthModule on Tomcat 10.1 (Jakarta Authentication built in), one Tomcat for the
 * class, two applications with certmap-auth-module.jar in WEB-INF/lib:
 * <ul>
 * <li>{@code /sam}: web.xml with the {@code org.certmap.configFile} context-param and a CLIENT-CERT
 * security constraint on {@code /secure/*} ({@code /secure/admin/*} needs role admin);</li>
 * <li>{@code /plain}: no web.xml at all, only {@code WEB-INF/certmap.xml}; its {@code <location>}s
 * decide.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatServerAuthModuleIT {

    @TempDir
    static Path tmp;

    static EePki pki;
    static EmbeddedTomcat tomcat;
    static FrontDoorChecks sam;
    static FrontDoorChecks plain;
    static Path plainMappingFile;

    @BeforeAll
    static void start() throws Exception {
        pki = new EePki();
        Path authModule = TestWebapp.lib("certmap-auth-module.jar");
        Path samDir = TestWebapp.at(tmp.resolve("sam")).layer("common").layer("sam").withLib(authModule).build();
        pki.writeMappingFile(samDir.resolve("WEB-INF/certmap.xml"));
        Path plainDir = TestWebapp.at(tmp.resolve("plain")).layer("common").withLib(authModule).build();
        plainMappingFile = plainDir.resolve("WEB-INF/certmap.xml");
        pki.writeMappingFile(plainMappingFile);
        Map<String, Path> apps = new LinkedHashMap<>();
        apps.put("/sam", samDir);
        apps.put("/plain", plainDir);
        tomcat = new EmbeddedTomcat(tmp.resolve("tomcat"), pki, apps);
        sam = new FrontDoorChecks(pki, p -> tomcat.url("/sam" + p), pki.root.certificate());
        plain = new FrontDoorChecks(pki, p -> tomcat.url("/plain" + p), pki.root.certificate());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void constraintWhenOneToOneCertificateThenLoggedInWithRolesAndClientCertAuthType() {
        sam.oneToOneMappedUserWithRoles("/secure/page");
        assertThat(sam.get(pki.jdoe, "/secure/page").value("authType")).isEqualTo("CLIENT_CERT");
    }

    @Test
    void constraintWhenManyToOneCertificateThenSharedUser() {
        sam.manyToOneMappedToSharedUser("/secure/page");
    }

    @Test
    void constraintWhenDenyMappingMatchesThen403MappingDenied() {
        sam.deniedByDenyMapping("/secure/page");
    }

    @Test
    void constraintWhenNoMappingThen403NoMapping() {
        sam.unmappedRefused("/secure/page");
    }

    @Test
    void constraintWhenNoCertificateThen403CertificateRequired() {
        sam.noCertificateRefused("/secure/page");
    }

    @Test
    void constraintWhenExpiredCertificateThenNeverServed() {
        sam.expiredNeverServed("/secure/page");
    }

    @Test
    void constraintWhenRoleMissingThenContainerRefuses() {
        sam.containerRoleCheck("/secure/admin/page");
    }

    @Test
    void uncoveredPathWhenAnyCertificateThenAnonymous() {
        sam.uncoveredPathIsAnonymous("/public/page");
        plain.uncoveredPathIsAnonymous("/public/page");
    }

    @Test
    void locationWhenMappedThenLoggedInWithoutAnyWebXml() {
        plain.oneToOneMappedUserWithRoles("/loc/page");
        plain.manyToOneMappedToSharedUser("/loc/page");
        plain.deniedByDenyMapping("/loc/page");
        plain.unmappedRefused("/loc/page");
        plain.noCertificateRefused("/loc/page");
        plain.expiredNeverServed("/loc/page");
    }

    /** Invariant 2: whatever the spelling, the container's normalized path is what certmap judges. */
    @Test
    void locationWhenPathSpelledOddlyThenStillRequiresCertificate() {
        for (String path : new String[] {"/loc", "/loc/", "/loc/./page", "/public/../loc/page", "/public/..;/loc/page",
                "//loc//page", "/loc/page;jsessionid=abc", "/%6coc/page", "/loc/%2e/page", "/public/%2e%2e/loc/page"}) {
            MtlsClient.Response r = plain.get(null, path);
            assertThat(r.status()).as(path + " -> " + r).isIn(400, 403, 404);
            assertThat(r.body()).as(path).doesNotContain("user=");
        }
    }

    @Test
    void dispatchWhenIntoLocationThenNeedsCertmapsLoginForThisRequest() {
        plain.dispatchesIntoLocationsNeedCertmapsLogin(true);
        sam.dispatchesIntoLocationsNeedCertmapsLogin(true);
    }

    @Test
    void proxyHeaderWhenPeerNotTrustedThenIgnored() {
        plain.proxyHeaderFromUntrustedPeerIgnored("/loc/page");
        sam.proxyHeaderFromUntrustedPeerIgnored("/loc/page");
    }

    @Test
    void locationWhenRoleMissingThen403RoleRequired() {
        assertThat(plain.get(pki.jdoe, "/loc/admin/page").status()).isEqualTo(200);
        plain.refused(pki.alice, "/loc/admin/page", 403, "ROLE_REQUIRED");
    }

    @Test
    void negotiateLocationWhenUnmappedThenAnonymousWithReasonAttribute() {
        Response r = plain.get(pki.eve, "/opt/page");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("user")).isEqualTo("null");
        assertThat(r.value("reason")).isEqualTo("NO_MAPPING");
        assertThat(plain.get(pki.jdoe, "/opt/page").value("user")).isEqualTo("jdoe");
        assertThat(plain.get(null, "/opt/page").value("user")).isEqualTo("null");
    }

    /**
     * DESIGN.md: the session id changes when the principal changes, not on every request. Tomcat
     * changes it once when a login meets an existing session (fixation protection), then keeps it.
     */
    @Test
    void sessionWhenSameCertificateOnEveryRequestThenSessionIdStable() {
        String cookie = sam.sessionIdStable("/secure/page");

        // Another identity in the same session: the principal changed, so the id changes, and none
        // of the first user's session data goes along (the session is invalidated, not migrated).
        sam.client(pki.jdoe).get(sam.url("/secure/page?profile=profile-of-jdoe"), cookie);
        Response other = sam.client(pki.alice).get(sam.url("/secure/page?session=1"), cookie);
        assertThat(other.value("user")).isEqualTo("staff");
        assertThat("JSESSIONID=" + other.value("session")).isNotEqualTo(cookie);
        assertThat(other.value("profile")).isEqualTo("null");

        // And the session never carries an identity past a request without a certificate.
        Response none = sam.client(null).get(sam.url("/public/page"), "JSESSIONID=" + other.value("session"));
        assertThat(none.value("user")).isEqualTo("null");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void reloadWhenMappingFileChangesThenNextRequestUsesIt() throws Exception {
        plain.unmappedRefused("/loc/page");
        String original = Files.readString(plainMappingFile);
        String withEve = original.replace("</oneToOneMappings>", "  <add userName=\"eve\" certificate=\""
                + org.certmap.testing.TestPki.base64OneLine(pki.eve.certificate()) + "\"/>\n  </oneToOneMappings>");
        Files.writeString(plainMappingFile, withEve);
        long deadline = System.nanoTime() + 20_000_000_000L;
        Response r;
        do {
            Thread.sleep(300);
            r = plain.get(pki.eve, "/loc/page");
        } while (r.status() != 200 && System.nanoTime() < deadline);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("user")).isEqualTo("eve");
    }
}
