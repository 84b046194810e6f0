package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Reason;
import org.certmap.testing.DesignExample;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.MovableClock;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision matrix of DESIGN.md at the engine level (front-door tests repeat it over real TLS). */
class CertmapEngineTest {

    static Issued ca;
    static Issued otherCa;
    static Issued jdoe;
    static Issued staff;
    static Issued contractor;
    static Issued stranger;
    static Issued expired;
    static Issued serverOnly;
    static Issued foreign;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
        otherCa = TestPki.rootCa("CN=Fabrikam CA,O=Fabrikam");
        jdoe = TestPki.client(ca, "CN=jdoe,O=Contoso");
        staff = TestPki.client(ca, "CN=alice,OU=Sales,O=Contoso Ltd");
        contractor = TestPki.client(ca, "CN=bob,OU=contractors,O=Contoso Ltd");
        stranger = TestPki.client(ca, "CN=eve,O=Elsewhere");
        expired = TestPki.cert().subject("CN=old,O=Contoso Ltd").issuer(ca)
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).build();
        serverOnly = TestPki.cert().subject("CN=srv,O=Contoso Ltd").issuer(ca)
                .eku(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth).build();
        foreign = TestPki.client(otherCa, "CN=mallory,O=Contoso Ltd");
    }

    private CertmapEngine engine(String extra) throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path file = dir.resolve("certmap.xml");
        // DESIGN.md's example with this test's trust store, proxy, locations and a {Subject.CN} template.
        Files.writeString(file, DesignExample.edit()
                .rootAttributes("reloadInterval=\"0\"")
                .replace("trustStore=\"" + DesignExample.TRUST_STORE + "\"", "trustStore=\"ca.pem\"")
                .replace("trustedProxies=\"10.0.0.5 10.0.1.0/24\" format=\"nginx\"", "trustedProxies=\"127.0.0.1 ::1\" format=\"pem\"")
                .replace("  <location path=\"/secure/*\"", "  <location path=\"/public/*\" sslFlags=\"Ssl\"/>\n"
                        + "  <location path=\"/maybe/*\" sslFlags=\"SslNegotiateCert\"/>\n  <location path=\"/secure/*\"")
                .replace("<location path=\"/secure/admin/*\" sslFlags=\"Ssl, SslRequireCert\" roles=\"admin\"/>\n",
                        "<location path=\"/secure/admin/*\" roles=\"admin\"/>\n  " + extra + "\n")
                .certificate(jdoe.pem())
                .removeLine("certificateFile=")
                .removeLine("sha256=")
                .replace("userName=\"staff\" roles=\"staff\"", "userName=\"{Subject.CN}\" roles=\"staff\"")
                .text(), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/app", file).polling(false).start();
    }

    @Test
    void decideWhenPathNotCoveredThenCertmapNotConsulted() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/index.html", stranger.chain()), false).status())
                    .isEqualTo(Decision.Status.NOT_COVERED);
            assertThat(e.decide(FakeRequest.plain("/index.html"), false).status()).isEqualTo(Decision.Status.NOT_COVERED);
        }
    }

    @Test
    void decideWhenRequireCertThenEachColumnOfTheMatrix() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/secure/x"), false).reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.decide(FakeRequest.tls("/secure/x", expired.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_EXPIRED);
            assertThat(e.decide(FakeRequest.tls("/secure/x", serverOnly.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_USAGE);
            Decision denied = e.decide(FakeRequest.tls("/secure/x", contractor.chain()), false);
            assertThat(denied.reason()).isEqualTo(Reason.MAPPING_DENIED);
            assertThat(denied.mapping()).isEqualTo("no contractors");
            assertThat(denied.httpStatus()).isEqualTo(403);
            assertThat(e.decide(FakeRequest.tls("/secure/x", stranger.chain()), false).reason())
                    .isEqualTo(Reason.NO_MAPPING);
            Decision alice = e.decide(FakeRequest.tls("/secure/x", staff.chain()), false);
            assertThat(alice.status()).isEqualTo(Decision.Status.AUTHENTICATED);
            assertThat(alice.user()).isEqualTo("alice");
            assertThat(alice.roles()).containsExactly("staff");
            assertThat(alice.mapping()).isEqualTo("contoso staff");
            assertThat(alice.certificate().subject()).isEqualTo("CN=alice,OU=Sales,O=Contoso Ltd");
            Decision j = e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false);
            assertThat(j.user()).isEqualTo("jdoe");
            assertThat(j.mapping()).isEqualTo(Decision.ONE_TO_ONE);
        }
    }

    @Test
    void decideWhenLocationNeedsRoleThenRoleRequiredOrLoggedIn() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/secure/admin/users", staff.chain()), false).reason())
                    .isEqualTo(Reason.ROLE_REQUIRED);
            assertThat(e.decide(FakeRequest.tls("/secure/admin/users", jdoe.chain()), false).user()).isEqualTo("jdoe");
            assertThat(e.decide(FakeRequest.tls("/secure/admin"), false).reason())
                    .as("roles imply SslRequireCert").isEqualTo(Reason.CERTIFICATE_REQUIRED);
        }
    }

    @Test
    void decideWhenNegotiateOnlyThenAnonymousWithReasonOrLoggedIn() throws Exception {
        try (CertmapEngine e = engine("")) {
            Decision none = e.decide(FakeRequest.tls("/maybe/page"), false);
            assertThat(none.status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(none.reason()).isNull();
            Decision bad = e.decide(FakeRequest.tls("/maybe/page", expired.chain()), false);
            assertThat(bad.status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(bad.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
            Decision unmapped = e.decide(FakeRequest.tls("/maybe/page", stranger.chain()), false);
            assertThat(unmapped.status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(unmapped.reason()).isEqualTo(Reason.NO_MAPPING);
            assertThat(e.decide(FakeRequest.tls("/maybe/page", staff.chain()), false).user()).isEqualTo("alice");
        }
    }

    @Test
    void decideWhenConstraintMandatoryThenRequiredEvenWithoutLocation() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/legacy/report.jsp"), true).reason())
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(e.decide(FakeRequest.tls("/legacy/report.jsp", contractor.chain()), true).reason())
                    .isEqualTo(Reason.MAPPING_DENIED);
            assertThat(e.decide(FakeRequest.tls("/maybe/x", stranger.chain()), true).reason())
                    .as("constraint and location both apply").isEqualTo(Reason.NO_MAPPING);
            assertThat(e.decide(FakeRequest.tls("/legacy/report.jsp", staff.chain()), true).user()).isEqualTo("alice");
        }
    }

    @Test
    void decideWhenSslFlagAndPlainHttpThenSslRequired() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.plain("/public/a"), false).reason()).isEqualTo(Reason.SSL_REQUIRED);
            assertThat(e.decide(FakeRequest.tls("/public/a"), false).status()).isEqualTo(Decision.Status.ANONYMOUS);
            assertThat(e.decide(FakeRequest.plain("/public/a").from("127.0.0.1"), false).status())
                    .as("a trusted proxy terminated TLS").isEqualTo(Decision.Status.ANONYMOUS);
        }
    }

    @Test
    void decideWhenPathSpelledDifferentlyThenStillProtected() throws Exception {
        try (CertmapEngine e = engine("")) {
            for (String p : List.of("/secure", "/secure/", "/SECURE/x", "/Secure/Admin/x", "//secure//x", "/a/../secure/x",
                    "/secure;jsessionid=1/x", "/public/..;/secure/x", "/./secure/x", "/secure/admin/../x")) {
                assertThat(e.decide(FakeRequest.tls(p), false).reason()).as(p).isEqualTo(Reason.CERTIFICATE_REQUIRED);
            }
            assertThat(e.decide(FakeRequest.tls("/securex"), false).status()).isEqualTo(Decision.Status.NOT_COVERED);
        }
    }

    @Test
    void decideWhenTrustedProxyThenHeaderIsTheOnlySource() throws Exception {
        try (CertmapEngine e = engine("")) {
            FakeRequest viaProxy = FakeRequest.plain("/secure/x").from("127.0.0.1")
                    .header("SSL_CLIENT_CERT", staff.pem().replace('\n', ' '));
            assertThat(e.decide(viaProxy, false).user()).isEqualTo("alice");
            FakeRequest proxyOwnCert = new FakeRequest("/secure/x", true, "127.0.0.1", List.of(jdoe.chain()),
                    java.util.Map.of());
            assertThat(e.decide(proxyOwnCert, false).reason()).as("the proxy's own TLS certificate is not the user's")
                    .isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(e.decide(FakeRequest.plain("/secure/x").from("127.0.0.1").header("SSL_CLIENT_CERT", "(null)"),
                    false).reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
            assertThat(e.decide(FakeRequest.plain("/secure/x").from("127.0.0.1").header("SSL_CLIENT_CERT", "garbage"),
                    false).reason()).isEqualTo(Reason.MALFORMED_HEADER);
            assertThat(e.decide(FakeRequest.plain("/secure/x").from("127.0.0.1")
                    .header("SSL_CLIENT_CERT", staff.pem(), staff.pem()), false).httpStatus()).isEqualTo(400);
            assertThat(e.decide(FakeRequest.plain("/index").from("127.0.0.1").header("SSL_CLIENT_CERT", "garbage"),
                    false).status()).as("uncovered paths ignore headers").isEqualTo(Decision.Status.NOT_COVERED);
        }
    }

    @Test
    void decideWhenUntrustedPeerSendsHeaderThenIgnored() throws Exception {
        try (CertmapEngine e = engine("")) {
            FakeRequest forged = FakeRequest.tls("/secure/x").from("203.0.113.9").header("SSL_CLIENT_CERT", jdoe.pem());
            assertThat(e.decide(forged, false).reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
            FakeRequest forgedWithOwn = FakeRequest.tls("/secure/x", stranger.chain()).from("203.0.113.9")
                    .header("SSL_CLIENT_CERT", jdoe.pem());
            assertThat(e.decide(forgedWithOwn, false).reason()).isEqualTo(Reason.NO_MAPPING);
        }
    }

    @Test
    void decideWhenForwardedWithoutTrustStoreThenUntrusted() throws Exception {
        Path file = dir.resolve("nots.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <proxy trustedProxies="127.0.0.1" format="pem"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings><add userName="jdoe" certificate="%s"/></oneToOneMappings>
                </certificateMapping>
                """.formatted(jdoe.pem()));
        try (CertmapEngine e = CertmapEngine.builder("/x", file).polling(false).start()) {
            assertThat(e.decide(FakeRequest.plain("/secure/x").from("127.0.0.1").header("SSL_CLIENT_CERT", jdoe.pem()),
                    false).reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user())
                    .as("TLS certificates are trusted as far as the connector validated them").isEqualTo("jdoe");
        }
    }

    @Test
    void decideWhenConnectorDidNotValidateAndNoTrustStoreThenUntrusted() throws Exception {
        Path file = dir.resolve("ajp.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings><add userName="jdoe" certificate="%s"/></oneToOneMappings>
                </certificateMapping>
                """.formatted(jdoe.pem()));
        FakeRequest validated = FakeRequest.tls("/secure/x", jdoe.chain());
        CertmapRequest unvalidated = new CertmapRequest() {
            public String path() { return validated.path(); }
            public boolean secure() { return true; }
            public String peerAddress() { return validated.peerAddress(); }
            public List<java.security.cert.X509Certificate> tlsCertificates() { return validated.tlsCertificates(); }
            public List<String> headers(String name) { return List.of(); }
            @Override public boolean tlsCertificatesValidated() { return false; }
        };
        try (CertmapEngine e = CertmapEngine.builder("/ajp", file).polling(false).start()) {
            assertThat(e.decide(validated, false).user()).isEqualTo("jdoe");
            assertThat(e.decide(unvalidated, false).reason())
                    .as("AJP or deferred validation: no trust store means no trust").isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.decide(validated, false).user()).as("cached apart").isEqualTo("jdoe");
        }
    }

    @Test
    void decideWhenCachedAndCertificateExpiresThenExpiredAfterwards() throws Exception {
        Instant notAfter = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Issued shortLived = TestPki.cert().subject("CN=brief,O=Contoso Ltd").issuer(ca)
                .validity(Instant.now().minus(Duration.ofDays(1)), notAfter).build();
        MovableClock clock = new MovableClock(notAfter.minusSeconds(1));
        engine("").close();
        try (CertmapEngine e = CertmapEngine.builder("/c", dir.resolve("certmap.xml")).clock(clock).polling(false).start()) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", shortLived.chain()), false).user()).isEqualTo("brief");
            clock.set(notAfter);
            assertThat(e.decide(FakeRequest.tls("/secure/x", shortLived.chain()), false).user()).isEqualTo("brief");
            clock.set(notAfter.plusSeconds(1));
            assertThat(e.decide(FakeRequest.tls("/secure/x", shortLived.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_EXPIRED);
        }
    }

    @Test
    void startWhenFileBadThenRefusesToStart() throws Exception {
        Path file = dir.resolve("bad.xml");
        Files.writeString(file, "<certificateMapping><bogus/></certificateMapping>");
        assertThatThrownBy(() -> CertmapEngine.builder("/bad", file).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.xml:1:");
        assertThatThrownBy(() -> CertmapEngine.builder("/none", dir.resolve("missing.xml")).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void reloadWhenFileChangesThenNextRequestUsesItAndBadFileKeepsLastGood() throws Exception {
        try (CertmapEngine e = engine("")) {
            Path file = e.file();
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("jdoe");
            String good = Files.readString(file);
            rewrite(file, good.replace("userName=\"jdoe\"", "userName=\"john\""));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.generation()).isEqualTo(2);
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user())
                    .as("cache of the old snapshot is gone").isEqualTo("john");

            rewrite(file, good.replace("<oneToOneMappings>", "<oneToOneMappings><bogus/>"));
            assertThat(e.reloadIfChanged()).isFalse();
            assertThat(e.generation()).isEqualTo(2);
            assertThat(e.lastReloadError()).contains("certmap.xml:").contains("<bogus>");
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("john");
            assertThat(e.reloadIfChanged()).as("a bad file is not re-read until it changes").isFalse();

            rewrite(file, good.replace("<oneToOneMappings>", "<oneToOneMappings><clear/>").replace(jdoe.pem(),
                    TestPki.base64OneLine(staff.certificate())));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.lastReloadError()).isNull();
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).mapping())
                    .as("jdoe now maps by the many-to-one template").isEqualTo("contoso staff");
            assertThat(e.decide(FakeRequest.tls("/secure/admin/x", jdoe.chain()), false).reason())
                    .as("a removed one-to-one mapping does not survive in any cache").isEqualTo(Reason.ROLE_REQUIRED);
        }
    }

    @Test
    void reloadWhenFileFailsTheFrontDoorsRequirementThenLastGoodKept() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        ConfigRequirement needsTrustStore = cfg -> {
            if (!cfg.hasTrustStore()) {
                throw new ConfigException(cfg.file().toString(), 0, 0, "this connector needs <validation trustStore>");
            }
        };
        try (CertmapEngine e = CertmapEngine.builder("/req", file).polling(false).requirement(needsTrustStore).start()) {
            String good = Files.readString(file);
            rewrite(file, good.replace("<validation trustStore=\"ca.pem\"/>", ""));
            assertThat(e.reloadIfChanged()).isFalse();
            assertThat(e.lastReloadError()).contains("needs <validation trustStore>");
            assertThat(e.configuration().hasTrustStore()).isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        }
        Files.writeString(file, Files.readString(file).replace("<validation trustStore=\"ca.pem\"/>", ""));
        assertThatThrownBy(() -> CertmapEngine.builder("/req", file).polling(false).requirement(needsTrustStore).start()).isInstanceOf(ConfigException.class).hasMessageContaining("needs <validation trustStore>");
    }

    @Test
    void reloadWhenTrustStoreFileChangesThenReloaded() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            Path store = dir.resolve("ca.pem");
            TestPki.writePem(store, ca.certificate(), otherCa.certificate());
            Files.setLastModifiedTime(store, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .as("now trusted; no mapping names Fabrikam's CA").isEqualTo(Reason.NO_MAPPING);
        }
    }

    @Test
    void reloadWhenMappingFileRewrittenWithSameSizeAndTimeThenReloaded() throws Exception {
        try (CertmapEngine e = engine("")) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("jdoe");
            String good = Files.readString(e.file());
            rewriteKeepingSizeAndTime(e.file(), good.replace("userName=\"jdoe\"", "userName=\"jdo2\"")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(e.reloadIfChanged()).as("cp -p, rsync -t, tar: same size, same modification time").isTrue();
            assertThat(e.generation()).isEqualTo(2);
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("jdo2");
            assertThat(e.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void reloadWhenTrustStoreRewrittenWithSameSizeAndTimeThenReloaded() throws Exception {
        engine("").close();
        String contoso = TestPki.pem(ca.certificate());
        String fabrikam = TestPki.pem(otherCa.certificate());
        int size = Math.max(contoso.length(), fabrikam.length());
        Path store = dir.resolve("ca.pem");
        Files.writeString(store, padded(contoso, size), StandardCharsets.US_ASCII);
        try (CertmapEngine e = CertmapEngine.builder("/ts", dir.resolve("certmap.xml")).polling(false).start()) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            rewriteKeepingSizeAndTime(store, padded(fabrikam, size).getBytes(StandardCharsets.US_ASCII));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .as("Fabrikam's CA is trusted now").isEqualTo(Reason.NO_MAPPING);
            assertThat(e.decide(FakeRequest.tls("/secure/x", staff.chain()), false).reason())
                    .as("and Contoso's no longer").isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        }
    }

    @Test
    void reloadWhenCertificateFileRewrittenWithSameSizeAndTimeThenReloaded() throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        String first = TestPki.pem(jdoe.certificate());
        String second = TestPki.pem(staff.certificate());
        int size = Math.max(first.length(), second.length());
        Path holder = dir.resolve("holder.pem");
        Files.writeString(holder, padded(first, size), StandardCharsets.US_ASCII);
        Path file = dir.resolve("files.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings><add userName="holder" certificateFile="holder.pem"/></oneToOneMappings>
                </certificateMapping>
                """);
        try (CertmapEngine e = CertmapEngine.builder("/cf", file).polling(false).start()) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("holder");
            rewriteKeepingSizeAndTime(holder, padded(second, size).getBytes(StandardCharsets.US_ASCII));
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", staff.chain()), false).user()).isEqualTo("holder");
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).reason())
                    .isEqualTo(Reason.NO_MAPPING);
        }
    }

    @Test
    void pollWhenLargeFileUnchangedThenNotHashedOnceSettled() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        String xml = Files.readString(file);
        int end = xml.lastIndexOf("</certificateMapping>");
        try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(xml, 0, end);
            w.write("<!-- ");
            char[] filler = "0123456789abcdef".repeat(4096).toCharArray();
            for (int i = 0; i < (32 << 20) / filler.length; i++) {
                w.write(filler);
            }
            w.write(" -->\n");
            w.write(xml, end, xml.length() - end);
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        FileStamp.Stamper stamper = new FileStamp.Stamper(now::get, true);
        try (CertmapEngine e = CertmapEngine.builder("/big", file).polling(false).requirement(ConfigRequirement.NONE).stamper(stamper).start()) {
            now.addAndGet(Duration.ofMinutes(1).toMillis());
            assertThat(e.reloadIfChanged()).isFalse();
            long hashed = stamper.hashes();
            for (int i = 0; i < 5; i++) {
                now.addAndGet(5_000);
                assertThat(e.reloadIfChanged()).isFalse();
            }
            assertThat(stamper.hashes()).as("an unchanged file older than the last poll is not read").isEqualTo(hashed);
            if (file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                FileTime mtime = Files.getLastModifiedTime(file);
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap("X".getBytes(StandardCharsets.US_ASCII)), Files.size(file) / 2);
                }
                Files.setLastModifiedTime(file, mtime);
                assertThat(e.reloadIfChanged()).as("same size and time, but a new change time").isTrue();
                assertThat(e.generation()).isEqualTo(2);
                assertThat(stamper.hashes()).as("told without reading the content").isEqualTo(hashed);
            }
        }
    }

    @Test
    void reloadWhenNamedFileChangesWhileBeingReadThenNextPollReadsAgain() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        Path store = dir.resolve("ca.pem");
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        // Runs after the loader read every file and before the reload is applied.
        ConfigRequirement meanwhile = cfg -> {
            if (loads.incrementAndGet() == 2) {
                TestPki.writePem(store, ca.certificate(), otherCa.certificate());
            }
        };
        try (CertmapEngine e = CertmapEngine.builder("/race", file).polling(false).requirement(meanwhile).start()) {
            rewrite(file, Files.readString(file) + "<!-- touched -->");
            assertThat(e.reloadIfChanged()).isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .as("applied with the trust store as it was read").isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.reloadIfChanged()).as("the trust store changed while it was read").isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.NO_MAPPING);
            assertThat(e.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void startWhenNamedFileChangesWhileBeingReadThenNextPollReadsAgain() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        Path store = dir.resolve("ca.pem");
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        ConfigRequirement meanwhile = cfg -> {
            if (loads.incrementAndGet() == 1) {
                try {
                    Thread.sleep(50); // past the kernel's coarse file clock tick
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                TestPki.writePem(store, ca.certificate(), otherCa.certificate());
            }
        };
        try (CertmapEngine e = CertmapEngine.builder("/race", file).polling(false).requirement(meanwhile).start()) {
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.reloadIfChanged()).as("the trust store changed while the start read it").isTrue();
            assertThat(e.decide(FakeRequest.tls("/secure/x", foreign.chain()), false).reason())
                    .isEqualTo(Reason.NO_MAPPING);
            assertThat(e.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void reloadWhenPolledThenAppliedWithoutCallingReload() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, Files.readString(file).replace("reloadInterval=\"0\"", "reloadInterval=\"100ms\""));
        try (CertmapEngine e = CertmapEngine.builder("/poll", file).start()) {
            rewrite(file, Files.readString(file).replace("userName=\"jdoe\"", "userName=\"polled\""));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (e.generation() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(e.generation()).isEqualTo(2);
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("polled");
        }
    }

    @Test
    void pollWhenReloadThrowsAnErrorThenLoggedAndPollingGoesOn() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, Files.readString(file).replace("reloadInterval=\"0\"", "reloadInterval=\"100ms\""));
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        ConfigRequirement broken = cfg -> {
            if (loads.incrementAndGet() == 2) {
                throw new NoClassDefFoundError("org/example/Gone");
            }
        };
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        DecisionLog.LOG.addHandler(capture);
        try (CertmapEngine e = CertmapEngine.builder("/err", file).polling(true).requirement(broken).start()) {
            rewrite(file, Files.readString(file).replace("userName=\"jdoe\"", "userName=\"first\""));
            awaitTrue(() -> records.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
                    && r.getMessage().contains("/err") && r.getMessage().contains("NoClassDefFoundError")));
            assertThat(e.generation()).isEqualTo(1);
            assertThat(e.lastReloadError()).contains("org/example/Gone");
            rewrite(file, Files.readString(file).replace("userName=\"first\"", "userName=\"second\""));
            awaitTrue(() -> e.generation() >= 2);
            assertThat(e.generation()).as("the poller survived the Error").isEqualTo(2);
            assertThat(e.decide(FakeRequest.tls("/secure/x", jdoe.chain()), false).user()).isEqualTo("second");
        } finally {
            DecisionLog.LOG.removeHandler(capture);
        }
    }

    @Test
    void pollWhenVirtualMachineErrorThenNotSwallowed() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        ConfigRequirement exhausted = cfg -> {
            if (loads.incrementAndGet() == 2) {
                throw new StackOverflowError();
            }
        };
        try (CertmapEngine e = CertmapEngine.builder("/vme", file).polling(false).requirement(exhausted).start()) {
            rewrite(file, Files.readString(file) + "<!-- touched -->");
            assertThatThrownBy(new Reloader(e::reloadIfChanged, t -> { })::poll).isInstanceOf(StackOverflowError.class);
            assertThat(e.generation()).isEqualTo(1);
        }
    }

    @Test
    void closeWhenLastPollingEngineClosesThenReloadThreadEnds() throws Exception {
        engine("").close();
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, Files.readString(file).replace("reloadInterval=\"0\"", "reloadInterval=\"1s\""));
        CertmapEngine a = CertmapEngine.builder("/a", file).start();
        CertmapEngine b = CertmapEngine.builder("/b", file).start();
        assertThat(Reloader.running()).isTrue();
        a.close();
        assertThat(Reloader.running()).as("b still polls").isTrue();
        b.close();
        b.close();
        assertThat(Reloader.running()).as("no thread pins a web application's class loader").isFalse();
    }

    @Test
    void decideWhenManyClientsInterleaveDuringReloadsThenNoOneGetsAnotherIdentity() throws Exception {
        List<Issued> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clients.add(TestPki.client(ca, "CN=user" + i + ",O=Contoso Ltd"));
        }
        try (CertmapEngine e = engine("")) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    int checked = 0;
                    for (int n = 0; n < 20_000; n++) {
                        int i = (n * 7 + seed) % clients.size();
                        Decision d = e.decide(FakeRequest.tls("/secure/x", clients.get(i).chain()), false);
                        assertThat(d.user()).isEqualTo("user" + i);
                        checked++;
                    }
                    return checked;
                }));
            }
            Future<?> reloader = pool.submit(() -> {
                String xml = Files.readString(e.file());
                for (int r = 0; r < 20 && !stop.get(); r++) {
                    rewrite(e.file(), xml + "<!-- " + r + " -->");
                    e.reloadIfChanged();
                }
                return null;
            });
            int total = 0;
            for (Future<Integer> w : workers) {
                total += w.get();
            }
            stop.set(true);
            reloader.get();
            pool.shutdown();
            assertThat(total).isEqualTo(60_000);
            assertThat(e.generation()).isGreaterThan(1);
        }
    }

    @Test
    void explainWhenValidationFailsThenStillShowsEveryMapping() throws Exception {
        try (CertmapEngine e = engine("")) {
            Explanation x = e.explain(List.of(expired.chain()), true, null, Instant.now());
            assertThat(x.decision().reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED);
            assertThat(x.checks()).extracting(Check::subject).contains("trust", "dates", "usage", "revocation",
                    "oneToOne", "mapping \"no contractors\"", "mapping \"contoso staff\"", "decision");
            assertThat(x.checks()).filteredOn(c -> c.subject().equals("mapping \"contoso staff\""))
                    .singleElement().extracting(Check::outcome).isEqualTo(Check.Outcome.MATCHED);
            Explanation at = e.explain(List.of(expired.chain()), true, "/secure/x", Instant.now().minus(Duration.ofDays(10)));
            assertThat(at.decision().user()).isEqualTo("old");
            assertThat(e.explain(List.of(staff.chain()), true, "/index.html", Instant.now()).decision().status())
                    .isEqualTo(Decision.Status.NOT_COVERED);
        }
    }

    /**
     * Found by the hostile-certificate corpus: for a certificate refused by validation, explain's
     * decision named the mapping that would have matched (org.certmap.mapping "contoso staff", or
     * "oneToOne"), while the request's decision names none. The checks still show every mapping.
     */
    @Test
    void explainWhenValidationFailsThenItsDecisionNamesNoMappingLikeDecide() throws Exception {
        try (CertmapEngine e = engine("")) {
            for (Issued c : List.of(expired, foreign, serverOnly)) {
                Decision decided = e.decide(FakeRequest.tls("/secure/x", c.chain()), false);
                Explanation explained = e.explain(List.of(c.chain()), true, "/secure/x", Instant.now());
                assertThat(decided.isRefused()).isTrue();
                assertThat(explained.decision().reason()).isEqualTo(decided.reason());
                assertThat(explained.decision().mapping()).as(c.certificate().getSubjectX500Principal().getName())
                        .isNull();
                assertThat(decided.mapping()).isNull();
                if (c != foreign) {
                    assertThat(explained.checks()).anyMatch(k -> k.subject().equals("mapping \"contoso staff\"")
                            && k.outcome() == Check.Outcome.MATCHED);
                }
            }
            Decision maybe = e.decide(FakeRequest.tls("/maybe/x", expired.chain()), false);
            assertThat(e.explain(List.of(expired.chain()), true, "/maybe/x", Instant.now()).decision().mapping())
                    .isEqualTo(maybe.mapping()).isNull();
        }
    }

    @Test
    void countersWhenRefusedThenCountedPerReason() throws Exception {
        try (CertmapEngine e = engine("")) {
            e.decide(FakeRequest.tls("/secure/x"), false);
            e.decide(FakeRequest.tls("/secure/x"), false);
            e.decide(FakeRequest.tls("/secure/x", staff.chain()), false);
            assertThat(e.refusalCounts().get(Reason.CERTIFICATE_REQUIRED)).isEqualTo(2);
            assertThat(e.authenticatedCount()).isEqualTo(1);
        }
    }

    private static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        // File systems with coarse timestamps: make the change visible to the poller.
        if (!Files.getLastModifiedTime(file).toInstant().isAfter(before.toInstant())) {
            Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusMillis(1000)));
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
    }

    /** Same size, and the modification time put back: what cp -p, rsync -t and tar leave behind. */
    private static void rewriteKeepingSizeAndTime(Path file, byte[] content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        assertThat((long) content.length).as("same size").isEqualTo(Files.size(file));
        Files.write(file, content);
        Files.setLastModifiedTime(file, before);
    }

    /** PEM text with trailing blank lines up to {@code size} characters (readers skip them). */
    private static String padded(String pem, int size) {
        return pem + "\n".repeat(size - pem.length());
    }

}
