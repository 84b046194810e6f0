package org.certmap.cli.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.config.CertificateReader;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.Pem;

/** Reads an issuing CA from its files, as {@code --issuer} names them. */
final class IssuerFiles {

    private IssuerFiles() {
    }

    /**
     * Reads an issuing CA: its certificate file (the CA first, then its own issuers, if any; any form
     * the engine reads) and its private key (PEM: PKCS#8 {@code PRIVATE KEY}, {@code EC PRIVATE KEY}
     * or {@code RSA PRIVATE KEY}).
     */
    static IssuedCertificate read(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> certs = CertificateReader.fromFile(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        return new IssuedCertificate(certs.get(0), key, certs.subList(1, certs.size()));
    }
}
