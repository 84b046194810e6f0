package org.certmap.engine.validation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;

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
     * The step: records {@code CERTIFICATE_EXPIRED} for the first certificate out of its validity
     * at {@code at}, or, when explaining, the validity it passed with.
     *
     * @param certificates the leaf first, then the path's intermediates (never the anchor)
     */
    static void check(List<X509Certificate> certificates, Instant at, Findings f) {
        long now = at.toEpochMilli();
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate c = certificates.get(i);
            long notBefore = c.getNotBefore().getTime();
            long notAfter = c.getNotAfter().getTime();
            if (now < notBefore || now > notAfter) {
                Check.Phrase which = i == 0 ? new Check.Phrase("phrase.trust.theCertificate")
                        : new Check.Phrase("phrase.dates.intermediate", Describe.subject(c));
                Instant boundary = Instant.ofEpochMilli(now < notBefore ? notBefore : notAfter);
                if (now < notBefore) {
                    f.fail(SUBJECT, Reason.CERTIFICATE_EXPIRED, "check.dates.notYetValid", which, boundary,
                            Duration.between(at, boundary), at);
                } else {
                    f.fail(SUBJECT, Reason.CERTIFICATE_EXPIRED, "check.dates.expired", which, boundary,
                            Duration.between(boundary, at), at);
                }
                return;
            }
        }
        if (f.explaining()) {
            X509Certificate leaf = certificates.get(0);
            int intermediates = certificates.size() - 1;
            Object more = intermediates == 0 ? "" : intermediates == 1 ? new Check.Phrase("phrase.dates.andIntermediate")
                    : new Check.Phrase("phrase.dates.andIntermediates", intermediates);
            f.passed(SUBJECT, "check.dates.valid", at, leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                    more);
        }
    }
}
