package org.certmap.engine;

import java.util.List;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.Check;

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

    /**
     * The step that decided, when the decision carries a reason: the first failed check that gave
     * one (the decision's own summary line excluded), or null. Tools print it from its fields
     * instead of cutting the decision's sentence apart.
     */
    public Check because() {
        if (decision.reason() == null) {
            return null;
        }
        for (Check c : checks) {
            if (c.outcome() == Check.Outcome.FAILED && c.reason() != null && !c.subject().equals("decision")) {
                return c;
            }
        }
        return null;
    }
}
