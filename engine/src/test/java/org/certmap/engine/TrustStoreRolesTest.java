package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Reason;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust store's roles (self-signed CAs are anchors, other CAs known intermediates),
 * issuer+serialNumber keys bound to a CA of that store, and minRsaKeySize: the hardening issue's
 * items 2 and 7, each through the engine's decision and its explanation.
 */
class TrustStoreRolesTest {

    static final String ISSUING = "CN=Contoso Issuing CA 1,O=Contoso";

    static Issued root;
    static Issued issuing;
    static Issued jdoe;
    static Issued otherRoot;
    static Issued lookalike;
    static Issued forgedJdoe;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        root = TestPki.rootCa("CN=Contoso Root,O=Contoso");
        issuing = TestPki.intermediateCa(root, ISSUING);
        jdoe = TestPki.cert().subject("CN=jdoe,O=Contoso").issuer(issuing).serial(BigInteger.valueOf(0x1234)).build();
        // The attack: a second CA, also trusted by the site, names its issuing CA like ours and
        // reuses jdoe's serial.
        otherRoot = TestPki.rootCa("CN=Partner Root,O=Partner");
        lookalike = TestPki.intermediateCa(otherRoot, ISSUING);
        forgedJdoe = TestPki.cert().subject("CN=mallory,O=Partner").issuer(lookalike)
                .serial(BigInteger.valueOf(0x1234)).build();
    }

    private CertmapEngine engine(String validation, String mappings, X509Certificate... store) throws Exception {
        if (store.length > 0) {
            TestPki.writePem(dir.resolve("store.pem"), store);
        }
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  %s
                  <proxy trustedProxies="127.0.0.1" format="pem"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  %s
                </certificateMapping>
                """.formatted(validation, mappings), StandardCharsets.UTF_8);
        return CertmapEngine.builder("/roles", file).polling(false).start();
    }

    private static String issuerSerial(String user) {
        return "<oneToOneMappings><add userName=\"" + user + "\" issuer=\"" + ISSUING
                + "\" serialNumber=\"1234\"/></oneToOneMappings>";
    }

    private static FakeRequest forwarded(X509Certificate... chain) {
        return FakeRequest.plain("/secure/x").from("127.0.0.1").header("SSL_CLIENT_CERT",
                TestPki.pem(chain).replace('\n', ' ').strip());
    }

    /** Decide and explain must agree; returns the decision. */
    private static Decision decide(CertmapEngine e, FakeRequest r, X509Certificate... chain) {
        Decision d = e.decide(r, false);
        Explanation x = e.explain(java.util.List.of(chain), false, "/secure/x", Instant.now());
        assertThat(x.decision().status()).as("explain agrees with decide: %s", x.checks()).isEqualTo(d.status());
        assertThat(x.decision().reason()).isEqualTo(d.reason());
        assertThat(x.decision().user()).isEqualTo(d.user());
        return d;
    }

    @Test
    void issuerSerialFromALookalikeCaInTheSameStoreIsALoadError() {
        assertThatThrownBy(() -> engine("<validation trustStore=\"store.pem\"/>", issuerSerial("jdoe"),
                root.certificate(), issuing.certificate(), otherRoot.certificate(), lookalike.certificate()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":5:")
                .hasMessageContaining("cannot tell these CAs apart")
                .hasMessageContaining("new in this release");
    }

    @Test
    void issuerSerialMatchesOnlyWhenTheSigningCaIsInTheStore() throws Exception {
        // The partner's root is trusted, but its look-alike issuing CA is not in the store: the
        // forged certificate chains (the client sends the intermediate) yet must not become jdoe.
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", issuerSerial("jdoe"),
                root.certificate(), issuing.certificate(), otherRoot.certificate())) {
            Decision forged = decide(e, forwarded(forgedJdoe.certificate(), lookalike.certificate()),
                    forgedJdoe.certificate(), lookalike.certificate());
            assertThat(forged.reason()).isEqualTo(Reason.NO_MAPPING);
            assertThat(e.explain(java.util.List.of(forgedJdoe.certificate(), lookalike.certificate()), false,
                    "/secure/x", Instant.now()).checks()).anySatisfy(c -> assertThat(c.detail())
                    .contains("not used, because the CA that signed the certificate is not in <validation trustStore>"));

            Decision real = decide(e, forwarded(jdoe.certificate()), jdoe.certificate());
            assertThat(real.isAuthenticated()).isTrue();
            assertThat(real.user()).isEqualTo("jdoe");
        }
    }

    @Test
    void issuerSerialWithoutATrustStoreIsALoadError() {
        assertThatThrownBy(() -> engine("", issuerSerial("jdoe")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs <validation trustStore>");
    }

    @Test
    void sameNameUnderOneRootIsAKeyRolloverAndLoads() throws Exception {
        Issued rekeyed = TestPki.intermediateCa(root, ISSUING);
        Issued renewedJdoe = TestPki.cert().subject("CN=jdoe,O=Contoso").issuer(rekeyed)
                .serial(BigInteger.valueOf(0x1234)).build();
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", issuerSerial("jdoe"),
                root.certificate(), issuing.certificate(), rekeyed.certificate())) {
            assertThat(decide(e, forwarded(jdoe.certificate()), jdoe.certificate()).user()).isEqualTo("jdoe");
            assertThat(decide(e, forwarded(renewedJdoe.certificate()), renewedJdoe.certificate()).user())
                    .isEqualTo("jdoe");
        }
    }

    @Test
    void theStoresIntermediateCompletesALeafForwardedAlone() throws Exception {
        String staff = "<manyToOneMappings><add name=\"staff\" userName=\"{Subject.CN}\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Issuing CA 1\"/>"
                + "</rules></add></manyToOneMappings>";
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", staff, root.certificate(),
                issuing.certificate())) {
            // nginx and ALB forward the leaf alone.
            assertThat(decide(e, forwarded(jdoe.certificate()), jdoe.certificate()).user()).isEqualTo("jdoe");
            Explanation x = e.explain(java.util.List.of(jdoe.certificate()), false, "/secure/x", Instant.now());
            assertThat(x.checks()).anySatisfy(c -> assertThat(c.detail())
                    .contains("chains to CN=Contoso Root,O=Contoso through 1 intermediate"));
        }
    }

    @Test
    void aCaThatChainsToNoRootOfTheStoreIsIgnoredWithAWarning() throws Exception {
        String staff = "<manyToOneMappings><add name=\"staff\" userName=\"{Subject.CN}\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Issuing CA 1\"/>"
                + "</rules></add></manyToOneMappings>";
        // The look-alike's root is not in the store: it used to be an anchor of its own.
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", staff, root.certificate(),
                issuing.certificate(), lookalike.certificate())) {
            assertThat(e.configuration().warnings()).anySatisfy(w -> assertThat(w)
                    .contains("chains to none of its self-signed roots: it is ignored"));
            assertThat(decide(e, forwarded(forgedJdoe.certificate(), lookalike.certificate()),
                    forgedJdoe.certificate(), lookalike.certificate()).reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        }
    }

    @Test
    void aStoreWithoutARootTrustsItsIntermediateAlone() throws Exception {
        String staff = "<manyToOneMappings><add name=\"staff\" userName=\"{Subject.CN}\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Issuing CA 1\"/>"
                + "</rules></add></manyToOneMappings>";
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", staff, issuing.certificate())) {
            assertThat(decide(e, forwarded(jdoe.certificate()), jdoe.certificate()).user()).isEqualTo("jdoe");
        }
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    @Test
    void anRsaKeyBelowMinRsaKeySizeIsUntrustedWithItsSize() throws Exception {
        Issued weak = TestPki.cert().subject("CN=weak,O=Contoso").issuer(issuing).keyPair(rsa(1024)).build();
        String map = "<oneToOneMappings><add userName=\"weak\" certificate=\"" + TestPki.base64OneLine(weak.certificate())
                + "\"/></oneToOneMappings>";
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", map, root.certificate(),
                issuing.certificate())) {
            Decision forwardedDecision = decide(e, forwarded(weak.certificate()), weak.certificate());
            assertThat(forwardedDecision.reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.explain(java.util.List.of(weak.certificate()), false, "/secure/x", Instant.now()).checks())
                    .anySatisfy(c -> assertThat(c.detail()).contains("RSA key has 1024 bits, fewer than minRsaKeySize 2048"));
            // Over TLS, validated by the connector, with the site's trust store too.
            assertThat(e.decide(FakeRequest.tls("/secure/x", weak.chain()), false).reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        }
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\" minRsaKeySize=\"1024\"/>", map,
                root.certificate(), issuing.certificate())) {
            assertThat(decide(e, forwarded(weak.certificate()), weak.certificate()).user()).isEqualTo("weak");
        }
    }

    @Test
    void anRsaKeyBelowMinRsaKeySizeIsRefusedOverTlsWithoutATrustStore() throws Exception {
        Issued weak = TestPki.cert().subject("CN=weak,O=Contoso").issuer(issuing).keyPair(rsa(1024)).build();
        String map = "<oneToOneMappings><add userName=\"weak\" certificate=\"" + TestPki.base64OneLine(weak.certificate())
                + "\"/></oneToOneMappings>";
        try (CertmapEngine e = engine("", map)) {
            Decision d = e.decide(FakeRequest.tls("/secure/x", weak.chain()), false);
            assertThat(d.reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.explain(java.util.List.of(weak.chain()), true, "/secure/x", Instant.now()).decision().reason())
                    .isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        }
    }

    @Test
    void aWeakRsaCaIsRefusedToo() throws Exception {
        Issued weakCa = TestPki.cert().subject("CN=Weak Issuing CA,O=Contoso").issuer(root).keyPair(rsa(1024)).ca(0)
                .build();
        Issued client = TestPki.client(weakCa, "CN=alice,O=Contoso");
        String staff = "<manyToOneMappings><add name=\"staff\" userName=\"{Subject.CN}\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Weak Issuing CA\"/>"
                + "</rules></add></manyToOneMappings>";
        try (CertmapEngine e = engine("<validation trustStore=\"store.pem\"/>", staff, root.certificate())) {
            assertThat(decide(e, forwarded(client.certificate(), weakCa.certificate()), client.certificate(),
                    weakCa.certificate()).reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
            assertThat(e.explain(java.util.List.of(client.certificate(), weakCa.certificate()), false, "/secure/x",
                    Instant.now()).checks()).anySatisfy(c -> assertThat(c.detail())
                    .contains("the CA certificate CN=Weak Issuing CA,O=Contoso's RSA key has 1024 bits"));
        }
    }
}
