package org.certmap.engine.base;

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
    private final long pendingBytes;

    private CertificateSummary(String sha256, Supplier<String[]> names, String[] rendered, long pendingBytes) {
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
        this.names = names;
        this.rendered = rendered;
        this.pendingBytes = pendingBytes;
    }

    public CertificateSummary(String sha256, String subject, String issuer) {
        this(sha256, null, new String[] {Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(issuer, "issuer")}, 0);
    }

    /**
     * A summary whose subject and issuer ({@code {subject, issuer}}) are computed when first asked for.
     *
     * @param pendingBytes the most heap the supplier's captured state and its rendered names can
     *                     take: the decision cache charges it, so the supplier must not capture
     *                     anything unbounded (such as a parsed certificate)
     */
    public static CertificateSummary lazy(String sha256, Supplier<String[]> subjectAndIssuer, long pendingBytes) {
        return new CertificateSummary(sha256, Objects.requireNonNull(subjectAndIssuer), null, pendingBytes);
    }

    /**
     * A generous estimate of the heap this summary keeps: the fingerprint and the names, rendered
     * or not. What {@link #lazy} is given to render the names from must be charged by the caller
     * through {@code pendingBytes}, since a supplier's captured state cannot be measured here.
     */
    public long retainedBytes() {
        String[] r = rendered;
        if (r != null) {
            return 96 + 2L * sha256.length() + 2L * r[0].length() + 2L * r[1].length();
        }
        return 96 + 2L * sha256.length() + pendingBytes;
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
