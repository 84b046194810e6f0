package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.mapping.MappingResult;

/**
 * Validation and mapping of one certificate chain: what the decision cache keeps. It holds for
 * the interval {@code [validFrom, validUntil)} in which no certificate of the chain crosses a
 * notBefore/notAfter boundary, so a cached "valid" never outlives the certificate.
 *
 * @param failure null when the certificate mapped to a user
 */
record CertificateOutcome(Reason failure, MappingResult mapping, CertificateSummary summary, String detail,
        long validFrom, long validUntil, Decision authenticated) {

    /** The outcome of a mapped certificate; its login decision is made once and reused from the cache. */
    static CertificateOutcome mapped(MappingResult m, CertificateSummary summary, long validFrom, long validUntil) {
        return new CertificateOutcome(null, m, summary, m.detail(), validFrom, validUntil,
                Decision.authenticated(m.user(), m.roles(), m.mapping(), summary));
    }

    static CertificateOutcome failed(Reason failure, MappingResult m, CertificateSummary summary, String detail,
            long validFrom, long validUntil) {
        return new CertificateOutcome(failure, m, summary, detail, validFrom, validUntil, null);
    }

    boolean holdsAt(long now) {
        return now >= validFrom && now < validUntil;
    }

    /** The interval around {@code now} in which no certificate's validity boundary is crossed. */
    static long[] window(List<X509Certificate> chain, long now) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        for (X509Certificate c : chain) {
            long[] boundaries = {c.getNotBefore().getTime(), c.getNotAfter().getTime() + 1};
            for (long b : boundaries) {
                if (b <= now) {
                    lo = Math.max(lo, b);
                } else {
                    hi = Math.min(hi, b);
                }
            }
        }
        return new long[] {lo, hi};
    }
}
