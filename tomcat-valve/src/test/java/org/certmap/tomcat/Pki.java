package org.certmap.tomcat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certmap.pki.FixedKeyManager;
import org.certmap.pki.KeyStores;
import org.certmap.pki.TlsContexts;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/** The test PKI, made once per JVM, and TLS contexts for clients that present one certificate each. */
final class Pki {

    static final char[] PASSWORD = "changeit".toCharArray();

    static final Issued ROOT = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
    /** Trusted by the connector, not by the mapping files' trustStore: site-scoped trust. */
    static final Issued OTHER_ROOT = TestPki.rootCa("CN=Fabrikam Root,O=Fabrikam");
    static final Issued SERVER = TestPki.cert().subject("CN=localhost").issuer(ROOT)
            .eku(KeyPurposeId.id_kp_serverAuth).san(new GeneralName(GeneralName.dNSName, "localhost"))
            .san(new GeneralName(GeneralName.iPAddress, "127.0.0.1")).build();

    /** One-to-one: user jdoe, roles staff and admin. */
    static final Issued JDOE = TestPki.client(ROOT, "CN=jdoe,O=Contoso");
    /** Many-to-one "contoso staff": user {Subject.CN} = alice, role staff. */
    static final Issued ALICE = TestPki.client(ROOT, "CN=alice,OU=Sales,O=Contoso Ltd");
    static final Issued CONTRACTOR = TestPki.client(ROOT, "CN=bob,OU=contractors,O=Contoso Ltd");
    static final Issued STRANGER = TestPki.client(ROOT, "CN=eve,O=Elsewhere");
    static final Issued FOREIGN = TestPki.client(OTHER_ROOT, "CN=mallory,O=Contoso Ltd");
    static final Issued EXPIRED = TestPki.cert().subject("CN=old,O=Contoso Ltd").issuer(ROOT)
            .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).build();
    static final Issued SERVER_ONLY = TestPki.cert().subject("CN=srv,O=Contoso Ltd").issuer(ROOT)
            .eku(KeyPurposeId.id_kp_serverAuth).build();
    /** Same name as jdoe, self-signed: what a forger puts in a header. */
    static final Issued FORGED_JDOE = TestPki.cert().subject("CN=jdoe,O=Contoso").build();

    private Pki() {
    }

    static Path writeServerKeyStore(Path file) {
        return SERVER.writePkcs12(file, PASSWORD);
    }

    /** The connector's trust store: both roots. */
    static Path writeConnectorTrustStore(Path file) throws Exception {
        Map<String, X509Certificate> roots = new LinkedHashMap<>();
        roots.put("root", ROOT.certificate());
        roots.put("other", OTHER_ROOT.certificate());
        return KeyStores.write(KeyStores.withCertificates("PKCS12", roots), file, PASSWORD);
    }

    /**
     * A client TLS context presenting {@code client} (or nothing when null) whatever CA names the
     * server lists, so that untrusted certificates reach the server too; trusting the server's root.
     */
    static SSLContext clientContext(Issued client) {
        return TlsContexts.client(client == null ? null : FixedKeyManager.of(client.issued()), ROOT.certificate());
    }
}
