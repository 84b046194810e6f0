package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.Reason;
import org.certmap.engine.mapping.MappingResult;

/**
 * Validation and mapping of one certificate chain: what the decision cache keeps. It holds for
 * the interval {@code [validFrom, validUntil)} in which no certificate of the chain crosses a
 * notBefore/notAfter boundary, so a cached "valid" never outlives the certificate.
 *
 * @param failure null when the certificate mapped to a user
 */
record CertificateOutcome(Reason failure, MappingResult mapping, CertificateSummary summary, String detail,
        long validFrom, long validUntil, Decision authenticated, String revocation) {

    /** The outcome of a mapped certificate; its login decision is made once and reused from the cache. */
    static CertificateOutcome mapped(MappingResult m, CertificateSummary summary, long validFrom, long validUntil) {
        return mapped(m, summary, validFrom, validUntil, null);
    }

    static CertificateOutcome mapped(MappingResult m, CertificateSummary summary, long validFrom, long validUntil,
            String revocation) {
        return new CertificateOutcome(null, m, summary, null, validFrom, validUntil,
                Decision.authenticated(m.user(), m.roles(), m.mapping(), summary, revocation, m.slot()), revocation);
    }

    static CertificateOutcome failed(Reason failure, MappingResult m, CertificateSummary summary, String detail,
            long validFrom, long validUntil) {
        return failed(failure, m, summary, detail, validFrom, validUntil, null);
    }

    static CertificateOutcome failed(Reason failure, MappingResult m, CertificateSummary summary, String detail,
            long validFrom, long validUntil, String revocation) {
        return new CertificateOutcome(failure, m, summary, detail, validFrom, validUntil, null, revocation);
    }

    /**
     * A generous estimate of the heap this outcome keeps once cached, beyond its chain's DER (which
     * the cache's key charges): the summary's names, the detail, the mapped user and roles, and
     * whatever a front door attaches to the login decision (its principal: the user and roles again).
     * Every string that can come from the certificate is charged, so a hostile certificate pays
     * for what it makes certmap keep.
     */
    long retainedBytes() {
        long b = 160 + summary.retainedBytes() + chars(detail);
        if (mapping != null) {
            b += 96 + chars(mapping.user()) + chars(mapping.mapping()) + mapping.check().retainedBytes();
            for (String r : mapping.roles()) {
                b += 48 + chars(r);
            }
        }
        if (authenticated != null) {
            // The decision, and the front door's principal: a name and a role list of its own.
            b += 2 * (128 + chars(mapping.user()) + 16L * mapping.roles().size());
        }
        return b;
    }

    private static long chars(String s) {
        return s == null ? 0 : 40 + 2L * s.length();
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
