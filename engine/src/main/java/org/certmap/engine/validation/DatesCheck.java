package org.certmap.engine.validation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.Check;

/**
 * The {@code dates} check: notBefore &lt;= at &lt;= notAfter, compared to the millisecond exactly as
 * {@link X509Certificate#checkValidity(java.util.Date)} does (certificates carry whole seconds).
 *
 * <p>It looks at the leaf and, when a trust path was built, at the intermediates of that path: an
 * expired intermediate is reported as {@code CERTIFICATE_EXPIRED} like an expired leaf (as Windows
 * does, 403.17), and it must be checked here because the trust check deliberately tolerates
 * validity failures so that they get this reason instead of {@code CERTIFICATE_UNTRUSTED}. The trust
 * anchor itself is not checked: PKIX (RFC 5280 §6.1) and JSSE treat an anchor as a name and a key,
 * not as a certificate with dates.
 */
final class DatesCheck {

    static final String SUBJECT = "dates";

    private DatesCheck() {
    }

    /**
     * @param certificates the leaf first, then the path's intermediates (never the anchor)
     */
    static Check check(List<X509Certificate> certificates, Instant at) {
        long now = at.toEpochMilli();
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate c = certificates.get(i);
            String which = i == 0 ? "the certificate" : "intermediate certificate " + Describe.subject(c);
            Instant notBefore = c.getNotBefore().toInstant();
            Instant notAfter = c.getNotAfter().toInstant();
            if (now < notBefore.toEpochMilli()) {
                return Check.failed(SUBJECT, which + " is not yet valid: valid from " + Describe.instant(notBefore)
                        + ", " + Describe.length(Duration.between(at, notBefore)) + " after " + Describe.instant(at));
            }
            if (now > notAfter.toEpochMilli()) {
                return Check.failed(SUBJECT, which + " expired " + Describe.instant(notAfter)
                        + ", " + Describe.length(Duration.between(notAfter, at)) + " before " + Describe.instant(at));
            }
        }
        X509Certificate leaf = certificates.get(0);
        String detail = "valid at " + Describe.instant(at) + " (from " + Describe.instant(leaf.getNotBefore().toInstant())
                + " until " + Describe.instant(leaf.getNotAfter().toInstant()) + ")";
        int intermediates = certificates.size() - 1;
        if (intermediates > 0) {
            detail += intermediates == 1 ? ", and so is its intermediate certificate"
                    : ", and so are its " + intermediates + " intermediate certificates";
        }
        return Check.passed(SUBJECT, detail);
    }
}
