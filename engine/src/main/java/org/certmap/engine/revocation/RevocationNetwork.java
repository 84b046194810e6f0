package org.certmap.engine.revocation;

import java.security.cert.X509Certificate;
import java.time.Instant;

import org.certmap.engine.Check;

/** PLACEHOLDER until the OCSP client lands (replaced before this branch is done). */
public final class RevocationNetwork implements AutoCloseable {

    RevocationNetwork(Runnable onNewData) {
    }

    RevocationAnswer ocsp(X509Certificate certificate, X509Certificate issuer, RevocationSettings settings, Instant at) {
        return RevocationAnswer.none(new Check.Phrase("phrase.revocation.ocspNone"), "not built yet");
    }

    RevocationAnswer distributionPoints(X509Certificate certificate, X509Certificate issuer, RevocationSettings settings,
            Instant at) {
        return RevocationAnswer.none(new Check.Phrase("phrase.revocation.crlUrls", "-"), "not built yet");
    }

    @Override
    public void close() {
    }
}
