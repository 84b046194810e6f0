package org.certmap.engine;

import java.util.Objects;

/**
 * How logs, request attributes and explanations name a certificate: its SHA-256 fingerprint
 * (lower-case hex, no colons), and its subject and issuer for display (RFC 4514 with control
 * characters escaped, so a hostile name cannot forge a log line). Never the certificate itself.
 */
public record CertificateSummary(String sha256, String subject, String issuer) {

    public CertificateSummary {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
    }
}
