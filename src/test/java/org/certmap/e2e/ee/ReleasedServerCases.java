package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cases every released EE server runs (WildFlyIT, GlassFishIT, OpenLibertyIT), on four
 * applications that hold certmap-auth-module.jar and nothing server-specific: {@code /sam} and
 * {@code /mechanism} (web.xml CLIENT-CERT constraints) and their legacy twins without web.xml,
 * {@code /plain} and {@code /plain-mechanism}, where only {@code <location>}s decide. A subclass
 * starts the server once in its {@code @BeforeAll} and stops it in its {@code @AfterAll}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ReleasedServerCases {

    /** The four applications' checks and the legacy ones' mapping files, as the subclass started them. */
    record Apps(EePki pki, FrontDoorChecks sam, FrontDoorChecks mechanism, FrontDoorChecks plain,
            FrontDoorChecks plainMechanism, Path plainMappingFile, Path plainMechanismMappingFile) {
    }

    abstract Apps apps();

    /** The server's log as far as it is written now. */
    abstract String serverLog() throws Exception;

    @Test
    void startWhenFourApplicationsThenLogSaysWhichFrontDoorIsActive() throws Exception {
        String[] lines = {"certmap [/sam]: ServerAuthModule CertificateMappingServerAuthModule registered",
            "certmap [/plain]: ServerAuthModule CertificateMappingServerAuthModule registered",
            "certmap [/mechanism]: Jakarta Security mechanism active",
            "certmap [/plain-mechanism]: Jakarta Security mechanism active"};
        String text = serverLog();
        // Some servers write their log asynchronously.
        for (int i = 0; i < 50 && !List.of(lines).stream().allMatch(text::contains); i++) {
            Thread.sleep(100);
            text = serverLog();
        }
        assertThat(text).contains(lines);
    }

    @Test
    void samWhenMappedThen200WithUserAndRoles() {
        Apps a = apps();
        a.sam().oneToOneMappedUserWithRoles("/secure/page");
        a.sam().manyToOneMappedToSharedUser("/secure/page");
        System.out.println(getClass().getSimpleName() + " auth types: ServerAuthModule="
                + a.sam().get(a.pki().jdoe, "/secure/page").value("authType")
                + ", mechanism=" + a.mechanism().get(a.pki().jdoe, "/secure/page").value("authType"));
    }

    @Test
    void samWhenRefusedThen403WithReason() {
        FrontDoorChecks sam = apps().sam();
        sam.deniedByDenyMapping("/secure/page");
        sam.unmappedRefused("/secure/page");
        sam.noCertificateRefused("/secure/page");
        sam.expiredNeverServed("/secure/page");
        sam.containerRoleCheck("/secure/admin/page");
    }

    @Test
    void mechanismWhenMappedThen200WithUserRolesAndOtherStoresGroups() {
        Apps a = apps();
        a.mechanism().oneToOneMappedUserWithRoles("/secure/page");
        a.mechanism().manyToOneMappedToSharedUser("/secure/page");
        assertThat(a.mechanism().get(a.pki().alice, "/secure/page").value("role.auditor")).isEqualTo("true");
    }

    @Test
    void mechanismWhenRefusedThen403WithReason() {
        FrontDoorChecks mechanism = apps().mechanism();
        mechanism.deniedByDenyMapping("/secure/page");
        mechanism.unmappedRefused("/secure/page");
        mechanism.noCertificateRefused("/secure/page");
        mechanism.expiredNeverServed("/secure/page");
        mechanism.containerRoleCheck("/secure/admin/page");
        mechanism.containerRoleCheck("/annotated-admin/page");
    }

    /** The legacy applications: no web.xml, yet isUserInRole sees the mapping file's roles (declared by certmap). */
    @Test
    void legacyAppsWhenMappedThen200WithUserAndRoles() {
        for (FrontDoorChecks app : List.of(apps().plain(), apps().plainMechanism())) {
            app.oneToOneMappedUserWithRoles("/loc/page");
            app.manyToOneMappedToSharedUser("/loc/page");
        }
    }

    /** The servlet certmap adds to name the roles in a constraint (docs/ee-servers.md, "Roles") serves nothing. */
    @Test
    void rolesServletWhenRequestedThenNothingServed() {
        Apps a = apps();
        for (FrontDoorChecks app : List.of(a.plain(), a.plainMechanism())) {
            MtlsClient.Response mapped = app.get(a.pki().jdoe, "/certmap-declared-roles");
            assertThat(mapped.status()).as(mapped.toString()).isEqualTo(404);
            MtlsClient.Response unmapped = app.get(a.pki().eve, "/certmap-declared-roles");
            assertThat(unmapped.status()).as(unmapped.toString()).isEqualTo(403);
            assertThat(app.get(null, "/certmap-declared-roles").status()).isEqualTo(403);
        }
    }

    @Test
    void legacyAppsWhenRefusedThen403WithReason() {
        for (FrontDoorChecks app : List.of(apps().plain(), apps().plainMechanism())) {
            app.deniedByDenyMapping("/loc/page");
            app.unmappedRefused("/loc/page");
            app.noCertificateRefused("/loc/page");
            app.refused(apps().pki().alice, "/loc/admin/page", 403, "ROLE_REQUIRED");
        }
    }

    @Test
    void publicPageWhenAnyCertificateThenAnonymous() {
        Apps a = apps();
        for (FrontDoorChecks app : List.of(a.sam(), a.mechanism(), a.plain(), a.plainMechanism())) {
            app.uncoveredPathIsAnonymous("/public/page");
        }
    }

    @Test
    void proxyHeaderWhenPeerNotTrustedThenIgnored() {
        Apps a = apps();
        for (FrontDoorChecks app : List.of(a.sam(), a.mechanism(), a.plain(), a.plainMechanism())) {
            app.proxyHeaderFromUntrustedPeerIgnored("/loc/page");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void reloadWhenMappingFileChangesThenNextRequestUsesIt() throws Exception {
        Apps a = apps();
        a.plain().reloadApplies(a.plainMappingFile(), "/loc/page");
        a.plainMechanism().reloadApplies(a.plainMechanismMappingFile(), "/loc/page");
    }
}
