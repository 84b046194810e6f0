package org.certmap.engine;

import java.util.List;

/**
 * Why a certificate does or does not map: every validation check and every mapping evaluated,
 * in order, even after a failure, and the decision certmap would take. The answer to "why
 * 403.7 / 401.2?" that IIS never gave.
 *
 * @param certificate the certificate explained, or null when none was given
 */
public record Explanation(Decision decision, List<Check> checks, CertificateSummary certificate) {

    public Explanation {
        checks = List.copyOf(checks);
    }
}
