package org.certmap.engine;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How logs, request attributes and explanations name a certificate: its SHA-256 fingerprint
 * (lower-case hex, no colons), and its subject and issuer for display (RFC 4514 with control
 * characters escaped, so a hostile name cannot forge a log line). Never the certificate itself.
 *
 * <p>Subject and issuer are rendered on first use: a certificate that maps one-to-one by its
 * fingerprint and is never logged never has its names decoded, which keeps a new certificate's
 * decision within a few microseconds.
 */
public final class CertificateSummary {

    private final String sha256;
    private Supplier<String[]> names;
    private volatile String[] rendered;

    private CertificateSummary(String sha256, Supplier<String[]> names, String[] rendered) {
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.names = names;
        this.rendered = rendered;
    }

    public CertificateSummary(String sha256, String subject, String issuer) {
        this(sha256, null, new String[] {Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(issuer, "issuer")});
    }

    /** A summary whose subject and issuer ({@code {subject, issuer}}) are computed when first asked for. */
    public static CertificateSummary lazy(String sha256, Supplier<String[]> subjectAndIssuer) {
        return new CertificateSummary(sha256, Objects.requireNonNull(subjectAndIssuer), null);
    }

    public String sha256() {
        return sha256;
    }

    public String subject() {
        return rendered()[0];
    }

    public String issuer() {
        return rendered()[1];
    }

    private String[] rendered() {
        String[] r = rendered;
        if (r == null) {
            synchronized (this) {
                r = rendered;
                if (r == null) {
                    r = names.get();
                    rendered = r;
                    names = null;
                }
            }
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateSummary c && c.sha256.equals(sha256) && c.subject().equals(subject())
                && c.issuer().equals(issuer());
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "CertificateSummary[sha256=" + sha256 + ", subject=" + subject() + ", issuer=" + issuer() + "]";
    }
}
