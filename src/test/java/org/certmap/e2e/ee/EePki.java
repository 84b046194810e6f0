package org.certmap.e2e.ee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certmap.pki.KeyStores;
import org.certmap.testing.DesignExample;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/**
 * The certificates and files every EE-server test uses: the same clients and the same mapping
 * file on Tomcat and on Payara, so that the expectations are the same.
 */
final class EePki {

    static final char[] PASSWORD = "changeit".toCharArray();
    static final String ISSUING_CA = "certmap EE Issuing CA";

    final Issued root = TestPki.rootCa("CN=certmap EE Test Root,O=certmap");
    final Issued issuing = TestPki.intermediateCa(root, "CN=" + ISSUING_CA + ",O=certmap");
    final Issued server = TestPki.cert().subject("CN=localhost").issuer(root).eku(KeyPurposeId.id_kp_serverAuth)
            .san(new GeneralName(GeneralName.dNSName, "localhost"))
            .san(new GeneralName(GeneralName.iPAddress, "127.0.0.1")).build();
    /** Mapped one-to-one (whole certificate) to jdoe with roles staff and admin. */
    final Issued jdoe = TestPki.client(issuing, "CN=jdoe,O=Fabrikam");
    /** Mapped many-to-one by the "contoso staff" rule to the shared user "staff". */
    final Issued alice = TestPki.client(issuing, "CN=alice,OU=Staff,O=Contoso Ltd");
    /** Refused by the Deny mapping "no contractors" (MAPPING_DENIED). */
    final Issued bob = TestPki.client(issuing, "CN=bob,OU=Contractors,O=Contoso Ltd");
    /** Trusted but matches no mapping (NO_MAPPING). */
    final Issued eve = TestPki.client(issuing, "CN=eve,O=Elsewhere");
    /** Would map as staff, but expired yesterday. */
    final Issued expired = TestPki.cert().subject("CN=old,OU=Staff,O=Contoso Ltd").issuer(issuing)
            .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).build();

    /**
     * The mapping file of every test application: DESIGN.md's example with the test applications'
     * paths, a proxy the servers never see as a peer, jdoe's certificate on one line, the issuing CA
     * of this PKI, and no trust store, file or hash (the servers' connectors validate).
     */
    String mappingFile() {
        return DesignExample.edit()
                .rootAttributes("reloadInterval=\"1s\"")
                .removeLine("<validation trustStore=")
                .replace("trustedProxies=\"10.0.0.5 10.0.1.0/24\" format=\"nginx\"", "trustedProxies=\"192.0.2.10\" format=\"pem\"")
                .replace("<location path=\"/secure/*\"", "<location path=\"/loc/*\"")
                .replace("<location path=\"/secure/admin/*\" sslFlags=\"Ssl, SslRequireCert\" roles=\"admin\"/>\n",
                        "<location path=\"/loc/admin/*\" sslFlags=\"Ssl, SslRequireCert\" roles=\"admin\"/>\n"
                        + "  <location path=\"/opt/*\" sslFlags=\"SslNegotiateCert\"/>\n")
                .certificate(TestPki.base64OneLine(jdoe.certificate()))
                .removeLine("certificateFile=")
                .removeLine("sha256=")
                .replace("matchCriteria=\"" + DesignExample.ISSUING_CA + "\"", "matchCriteria=\"" + ISSUING_CA + "\"")
                .text();
    }

    /** A JKS trust store with the root CA (Payara refuses PKCS12 trust stores). */
    Path writeTrustStoreJks(Path file) {
        return writeTrustStore(file, "JKS");
    }

    /** A trust store of {@code type} (JKS, PKCS12) with the root CA. */
    Path writeTrustStore(Path file, String type) {
        try {
            return KeyStores.write(KeyStores.withCertificates(type, Map.of("certmap-ee-root", root.certificate())), file,
                    PASSWORD);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeMappingFile(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, mappingFile(), StandardCharsets.UTF_8);
    }
}
