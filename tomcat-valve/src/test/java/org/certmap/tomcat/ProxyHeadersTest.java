package org.certmap.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Certificates forwarded by a TLS-terminating proxy, in each of the five header formats. The test
 * client is the proxy: its TCP peer address is 127.0.0.1, which the {@code /px-*} contexts trust
 * and {@code /untrusted} does not.
 */
class ProxyHeadersTest {

    /** Each format: its context, its default header and how the proxy writes a certificate. */
    enum Format {
        PEM("pem", "SSL_CLIENT_CERT"),
        NGINX("nginx", "ssl-client-cert"),
        XFCC("xfcc", "x-forwarded-client-cert"),
        RFC9440("rfc9440", "Client-Cert"),
        ALB("alb", "X-Amzn-Mtls-Clientcert");

        final String name;
        final String header;

        Format(String name, String header) {
            this.name = name;
            this.header = header;
        }

        String context() {
            return "/px-" + name;
        }

        String encode(X509Certificate c) {
            String pem = TestPki.pem(c);
            return switch (this) {
                case PEM -> pem.replace('\n', ' ').strip(); // httpd mod_headers
                case NGINX -> escape(pem, "-._~"); // $ssl_client_escaped_cert
                case XFCC -> "By=spiffe://edge;Hash=00ff;Cert=\"" + escape(pem, "-._~") + "\";Subject=\"CN=x\"";
                case RFC9440 -> ":" + TestPki.base64OneLine(c) + ":";
                case ALB -> escape(pem, "-._~+=/");
            };
        }
    }

    @TempDir
    static Path dir;
    static TestServer server;

    static String config(String proxy) {
        return """
                <certificateMapping reloadInterval="0" showReason="true">
                  <validation trustStore="ca.pem"/>
                  %s
                  <location path="/secure/*" sslFlags="Ssl, SslRequireCert"/>
                %s
                </certificateMapping>
                """.formatted(proxy, Configs.MAPPINGS);
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "optional", false);
        for (Format f : Format.values()) {
            server.addApp(f.context(), config("<proxy trustedProxies=\"127.0.0.1 ::1\" format=\"" + f.name + "\"/>"), null);
        }
        server.addApp("/untrusted", config("<proxy trustedProxies=\"192.0.2.1 10.0.0.0/8\" format=\"pem\"/>"), null);
        server.addApp("/default-reason", config("<proxy trustedProxies=\"127.0.0.1 ::1\" format=\"pem\"/>")
                .replace(" showReason=\"true\"", ""), null);
        server.addApp("/default-direct", config("<proxy trustedProxies=\"192.0.2.1\" format=\"pem\"/>")
                .replace(" showReason=\"true\"", ""), null);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenHeaderCarriesMappedCertificateThenLoggedIn(Format f) {
        TestServer.Reply r = server.plain(f.context() + "/secure/page", f.header, f.encode(Pki.JDOE.certificate()));
        assertThat(r.served()).as(r.body()).isTrue();
        assertThat(r.user()).isEqualTo("jdoe");
        r = server.plain(f.context() + "/secure/page", f.header, f.encode(Pki.ALICE.certificate()));
        assertThat(r.user()).isEqualTo("alice");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenNoHeaderThenCertificateRequired(Format f) {
        assertRefused(server.plain(f.context() + "/secure/page"), 403, "CERTIFICATE_REQUIRED");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenForgedCertificateThenUntrusted(Format f) {
        assertRefused(server.plain(f.context() + "/secure/page", f.header, f.encode(Pki.FORGED_JDOE.certificate())),
                403, "CERTIFICATE_UNTRUSTED");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenHeaderDuplicatedThenMalformed(Format f) {
        String v = f.encode(Pki.JDOE.certificate());
        assertRefused(server.plain(f.context() + "/secure/page", f.header, v, f.header, v), 400, "MALFORMED_HEADER");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenHeaderOversizedThenMalformed(Format f) {
        String v = f.encode(Pki.JDOE.certificate());
        String big = v + " ".repeat(17_000 - v.length()) + "x";
        assertThat(big.getBytes(StandardCharsets.US_ASCII).length).isGreaterThan(16_384);
        assertRefused(server.plain(f.context() + "/secure/page", f.header, big), 400, "MALFORMED_HEADER");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenHeaderUnparseableThenMalformedOnCoveredPathsOnly(Format f) {
        assertRefused(server.plain(f.context() + "/secure/page", f.header, "not-a-certificate"), 400, "MALFORMED_HEADER");
        assertThat(server.plain(f.context() + "/open/page", f.header, "not-a-certificate").served()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void trustedProxyWhenItsOwnTlsCertificateOnlyThenNotTakenForTheUsers(Format f) {
        // The peer's TLS certificate is the proxy's: from a trusted peer only the header counts.
        assertRefused(server.get(Pki.JDOE, f.context() + "/secure/page"), 403, "CERTIFICATE_REQUIRED");
    }

    /** showReason's default, local: a client behind a proxy on this host is not a local client. */
    @Test
    void defaultShowReasonWhenThroughTrustedProxyThenStatusOnlyAndDirectLoopbackClientSeesTheReason() {
        TestServer.Reply proxied = server.plain("/default-reason/secure/page", "SSL_CLIENT_CERT",
                Format.PEM.encode(Pki.FORGED_JDOE.certificate()));
        assertThat(proxied.status()).isEqualTo(403);
        assertThat(proxied.body()).doesNotContain("CERTIFICATE_UNTRUSTED").doesNotContain(TestServer.CONTENT);
        TestServer.Reply direct = server.get(Pki.STRANGER, "/default-direct/secure/page");
        assertThat(direct.status()).isEqualTo(403);
        assertThat(direct.body()).contains("NO_MAPPING");
        TestServer.Reply forwardedFor = server.get(Pki.STRANGER, "/default-direct/secure/page", "X-Forwarded-For",
                "203.0.113.7");
        assertThat(forwardedFor.body()).doesNotContain("NO_MAPPING");
    }

    @Test
    void untrustedPeerWhenItSendsHeaderThenHeaderIgnored() {
        String forged = Format.PEM.encode(Pki.JDOE.certificate());
        assertRefused(server.plain("/untrusted/secure/page", "SSL_CLIENT_CERT", forged), 403, "SSL_REQUIRED");
        assertRefused(server.get(null, "/untrusted/secure/page", "SSL_CLIENT_CERT", forged), 403,
                "CERTIFICATE_REQUIRED");
        assertRefused(server.get(Pki.STRANGER, "/untrusted/secure/page", "SSL_CLIENT_CERT", forged), 403,
                "NO_MAPPING");
        TestServer.Reply r = server.get(Pki.ALICE, "/untrusted/secure/page", "SSL_CLIENT_CERT", forged);
        assertThat(r.user()).isEqualTo("alice");
    }

    @Test
    void untrustedPeerWhenHeaderMalformedThenIgnoredNot400() {
        TestServer.Reply r = server.get(Pki.ALICE, "/untrusted/secure/page", "SSL_CLIENT_CERT", "garbage",
                "SSL_CLIENT_CERT", "more garbage");
        assertThat(r.user()).isEqualTo("alice");
    }

    static void assertRefused(TestServer.Reply r, int status, String reason) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).doesNotContain(TestServer.CONTENT).contains(reason);
    }

    static String escape(String text, String safe) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
