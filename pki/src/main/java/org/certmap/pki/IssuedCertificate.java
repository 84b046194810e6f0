package org.certmap.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A certificate, its private key, and the certificates above it (its issuer first, the root last;
 * empty for a self-signed root).
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        issuers = List.copyOf(issuers);
    }

    /** This certificate, then its issuers up to the root. */
    public List<X509Certificate> chain() {
        List<X509Certificate> all = new ArrayList<>(issuers.size() + 1);
        all.add(certificate);
        all.addAll(issuers);
        return all;
    }

    /** The certificate's public key with the private key. */
    public KeyPair keyPair() {
        return new KeyPair(certificate.getPublicKey(), privateKey);
    }
}
