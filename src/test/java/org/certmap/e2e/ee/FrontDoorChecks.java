package org.certmap.e2e.ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.function.Function;

import org.certmap.e2e.ee.MtlsClient.Response;
import org.certmap.testing.TestPki.Issued;

/**
 * The expectations every front door meets on every server, with the same certificates
 * ({@link EePki}): only the server and the application's base URL differ. Auth type is left
 * aside, as servers report it differently.
 */
final class FrontDoorChecks {

    private final EePki pki;
    private final Function<String, String> url;
    private final X509Certificate serverRoot;

    /** @param url turns a path inside the application into a full URL; serverRoot null trusts any server */
    FrontDoorChecks(EePki pki, Function<String, String> url, X509Certificate serverRoot) {
        this.pki = pki;
        this.url = url;
        this.serverRoot = serverRoot;
    }

    Response get(Issued client, String path) {
        return MtlsClient.of(client, serverRoot).get(url.apply(path));
    }

    MtlsClient client(Issued client) {
        return MtlsClient.of(client, serverRoot);
    }

    String url(String path) {
        return url.apply(path);
    }

    void oneToOneMappedUserWithRoles(String protectedPath) {
        Response r = get(pki.jdoe, protectedPath);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("user")).isEqualTo("jdoe");
        assertThat(r.value("role.admin")).isEqualTo("true");
        assertThat(r.value("role.staff")).isEqualTo("true");
        assertThat(r.value("mapping")).isEqualTo("oneToOne");
        assertThat(r.value("sha256")).hasSize(64);
    }

    void manyToOneMappedToSharedUser(String protectedPath) {
        Response r = get(pki.alice, protectedPath);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("user")).isEqualTo("staff");
        assertThat(r.value("role.staff")).isEqualTo("true");
        assertThat(r.value("role.admin")).isEqualTo("false");
        assertThat(r.value("mapping")).isEqualTo("contoso staff");
    }

    void refused(Issued client, String path, int status, String reason) {
        Response r = get(client, path);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body()).as("refusal page names the reason (showReason defaults to true)").contains(reason);
        assertThat(r.body()).doesNotContain("user=");
    }

    void deniedByDenyMapping(String protectedPath) {
        refused(pki.bob, protectedPath, 403, "MAPPING_DENIED");
    }

    void unmappedRefused(String protectedPath) {
        refused(pki.eve, protectedPath, 403, "NO_MAPPING");
    }

    void noCertificateRefused(String protectedPath) {
        refused(null, protectedPath, 403, "CERTIFICATE_REQUIRED");
    }

    /** JSSE refuses an expired certificate in the handshake; a 403 would do too; never served. */
    void expiredNeverServed(String protectedPath) {
        Response r = get(pki.expired, protectedPath);
        assertThat(r.status()).as(r.toString()).isIn(-1, 403);
        assertThat(r.body()).doesNotContain("user=");
    }

    /** A path nothing covers: served, anonymous, whatever the certificate. */
    void uncoveredPathIsAnonymous(String publicPath) {
        for (Issued c : new Issued[] {null, pki.eve, pki.jdoe}) {
            Response r = get(c, publicPath);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.value("user")).isEqualTo("null");
        }
    }

    /**
     * protectDispatches: a forward, include or async dispatch into {@code /loc/*} needs the user
     * certmap logged in for the request, with the location's roles; a public page has none.
     *
     * @param asyncPageShowsReason whether the server renders a page for the 403 of a refused async
     *                             dispatch (Payara answers the bare status)
     */
    void dispatchesIntoLocationsNeedCertmapsLogin(boolean asyncPageShowsReason) {
        refused(null, "/go?forward=/loc/page", 403, "CERTIFICATE_REQUIRED");
        refused(pki.jdoe, "/go?forward=/loc/page", 403, "CERTIFICATE_REQUIRED");
        refusedDispatch(null, "/go?async=/loc/page", "CERTIFICATE_REQUIRED", asyncPageShowsReason);
        Response include = get(null, "/go?include=/loc/page");
        assertThat(include.status()).as(include.toString()).isEqualTo(200);
        assertThat(include.body()).isEqualTo("BEFORE||AFTER");
        for (String kind : new String[] {"forward", "async"}) {
            Response r = get(pki.jdoe, "/opt/go?" + kind + "=/loc/admin/page");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.value("user")).isEqualTo("jdoe");
            refusedDispatch(pki.alice, "/opt/go?" + kind + "=/loc/admin/page", "ROLE_REQUIRED",
                    kind.equals("forward") || asyncPageShowsReason);
        }
        // The included servlet reports the including page's path (/opt/go), and the user.
        assertThat(get(pki.alice, "/opt/go?include=/loc/page").body()).startsWith("BEFORE|path=")
                .contains("user=staff", "role.staff=true").endsWith("|AFTER");
        Response accepting = get(null, "/go?forward=/opt/page");
        assertThat(accepting.status()).as(accepting.toString()).isEqualTo(200);
        assertThat(accepting.value("user")).isEqualTo("null");
    }

    private void refusedDispatch(Issued client, String path, String reason, boolean pageShowsReason) {
        if (pageShowsReason) {
            refused(client, path, 403, reason);
            return;
        }
        Response r = get(client, path);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("user=");
    }

    /**
     * The mapping file's {@code <proxy trustedProxies>} does not include the test client, so a
     * certificate header it sends is ignored: the TLS certificate (or none) decides.
     */
    void proxyHeaderFromUntrustedPeerIgnored(String protectedPath) {
        java.util.Map<String, String> forged = java.util.Map.of("SSL_CLIENT_CERT",
                pki.jdoe.pem().replace("\n", " ").strip());
        Response none = client(null).get(url(protectedPath), forged);
        assertThat(none.status()).as(none.toString()).isEqualTo(403);
        assertThat(none.body()).contains("CERTIFICATE_REQUIRED").doesNotContain("user=");
        Response eve = client(pki.eve).get(url(protectedPath), forged);
        assertThat(eve.status()).as(eve.toString()).isEqualTo(403);
        assertThat(eve.body()).contains("NO_MAPPING").doesNotContain("user=");
    }

    /**
     * Invariant 5: the mapping file gets a one-to-one mapping for eve; once the reload is applied
     * (within the file's reloadInterval of 1 s), the next request uses it. Leaves eve mapped.
     */
    void reloadApplies(java.nio.file.Path mappingFile, String protectedPath) throws Exception {
        unmappedRefused(protectedPath);
        String original = java.nio.file.Files.readString(mappingFile);
        java.nio.file.Files.writeString(mappingFile, original.replace("</oneToOneMappings>", "  <add userName=\"eve\" certificate=\""
                + org.certmap.testing.TestPki.base64OneLine(pki.eve.certificate()) + "\"/>\n  </oneToOneMappings>"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        Response r;
        do {
            Thread.sleep(200);
            r = get(pki.eve, protectedPath);
        } while (r.status() != 200 && System.nanoTime() < deadline);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("user")).isEqualTo("eve");
    }

    /** The container's role check (constraint or annotation) after certmap logged the user in. */
    void containerRoleCheck(String adminPath) {
        Response admin = get(pki.jdoe, adminPath);
        assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
        Response staff = get(pki.alice, adminPath);
        assertThat(staff.status()).as(staff.toString()).isEqualTo(403);
    }

    /**
     * The session id does not change on every request with the same certificate: at most once,
     * when the login first meets the session (fixation protection). Returns the last cookie.
     */
    String sessionIdStable(String protectedPath) {
        MtlsClient jdoe = client(pki.jdoe);
        Response first = jdoe.get(url(protectedPath + "?session=1"));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String cookie = "JSESSIONID=" + first.value("session");
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<String> setCookies = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Response r = jdoe.get(url(protectedPath + "?session=1"), cookie);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.value("user")).isEqualTo("jdoe");
            ids.add(r.value("session"));
            setCookies.add(r.setCookie());
            cookie = "JSESSIONID=" + r.value("session");
        }
        assertThat(ids.subList(1, ids.size())).as("session ids %s", ids).containsOnly(ids.get(1));
        assertThat(setCookies.subList(1, setCookies.size())).as("Set-Cookie %s", setCookies).containsOnlyNulls();
        return cookie;
    }
}
