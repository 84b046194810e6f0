package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * certmap's Jakarta Security mechanism on Tomcat 10.1 + Weld 5 + Soteria 3, all inside the WAR
 * (VERSIONS.md's pitfalls, handled by the test WAR only: the initializer order file, the
 * BeanManager in JNDI, Soteria's runtime dependencies). The auth-module JAR itself carries no
 * Tomcat workaround.
 */
class TomcatSoteriaMechanismIT {

    @TempDir
    static Path tmp;

    static EePki pki;
    static EmbeddedTomcat tomcat;
    static FrontDoorChecks mechanism;

    @BeforeAll
    static void start() throws Exception {
        pki = new EePki();
        TestWebapp app = TestWebapp.at(tmp.resolve("mechanism")).layer("common").layer("mechanism")
                .layer("mechanism-tomcat")
                .withLib(TestWebapp.lib("certmap-auth-module.jar"))
                .withLib(TestWebapp.lib("weld-servlet-shaded.jar"))
                .withLib(TestWebapp.lib("soteria.jar"))
                .withLib(TestWebapp.lib("jakarta.security.enterprise-api.jar"))
                .withLib(TestWebapp.lib("jakarta.authorization-api.jar"))
                .withLib(TestWebapp.lib("jakarta.ws.rs-api.jar"))
                .withLib(TestWebapp.lib("jakarta.json-api.jar"))
                .withLib(TestWebapp.lib("nimbus-jose-jwt.jar"));
        Path dir = app.build();
        pki.writeMappingFile(dir.resolve("WEB-INF/certmap.xml"));
        tomcat = new EmbeddedTomcat(tmp.resolve("tomcat"), pki, Map.of("/mechanism", dir));
        mechanism = new FrontDoorChecks(pki, p -> tomcat.url("/mechanism" + p), pki.root.certificate());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void proxyHeaderWhenPeerNotTrustedThenIgnored() {
        mechanism.proxyHeaderFromUntrustedPeerIgnored("/loc/page");
    }

    @Test
    void whenOneToOneThenLoggedInWithRolesAndClientCertAuthType() {
        mechanism.oneToOneMappedUserWithRoles("/secure/page");
        assertThat(mechanism.get(pki.jdoe, "/secure/page").value("authType")).isEqualTo("CLIENT_CERT");
    }

    @Test
    void whenManyToOneThenSharedUserAndOtherStoreAddsGroups() {
        mechanism.manyToOneMappedToSharedUser("/secure/page");
        assertThat(mechanism.get(pki.alice, "/secure/page").value("role.auditor")).isEqualTo("true");
        assertThat(mechanism.get(pki.jdoe, "/secure/page").value("role.auditor")).isEqualTo("false");
    }

    @Test
    void whenDeniedUnmappedOrNoCertificateThen403WithReason() {
        mechanism.deniedByDenyMapping("/secure/page");
        mechanism.unmappedRefused("/secure/page");
        mechanism.noCertificateRefused("/secure/page");
    }

    @Test
    void dispatchWhenIntoLocationThenNeedsCertmapsLoginForThisRequest() {
        mechanism.dispatchesIntoLocationsNeedCertmapsLogin(true);
    }

    @Test
    void whenExpiredThenNeverServed() {
        mechanism.expiredNeverServed("/secure/page");
    }

    @Test
    void whenRoleMissingThenContainerRefuses() {
        mechanism.containerRoleCheck("/secure/admin/page");
        mechanism.containerRoleCheck("/annotated-admin/page");
    }

    @Test
    void locationsWithoutConstraint() {
        mechanism.oneToOneMappedUserWithRoles("/loc/page");
        mechanism.noCertificateRefused("/loc/page");
        mechanism.refused(pki.alice, "/loc/admin/page", 403, "ROLE_REQUIRED");
        mechanism.uncoveredPathIsAnonymous("/public/page");
    }

    @Test
    void sessionIdStableOnTomcatsJakartaAuthenticationPath() {
        mechanism.sessionIdStable("/secure/page");
    }
}
