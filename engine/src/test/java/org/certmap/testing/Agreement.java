package org.certmap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Explanation;

/**
 * DESIGN.md: {@code explain} is the same evaluation as the decision, run to the end, "so the two
 * can never disagree". Asks both for one TLS request and asserts that they give the same answer.
 */
public final class Agreement {

    private Agreement() {
    }

    /**
     * Decides {@code path} for a TLS request (from a peer that is not a trusted proxy) presenting
     * {@code chain}, explains the same chain for the same path at the engine's time, asserts they
     * agree, and returns the decision.
     */
    public static Decision decideAndExplain(CertmapEngine engine, String path, Instant now, X509Certificate... chain) {
        Decision decided = engine.decide(FakeRequest.tls(path, chain), false);
        Explanation explained = engine.explain(List.of(chain), true, path, now);
        assertAgree(decided, explained, path);
        return decided;
    }

    public static void assertAgree(Decision decided, Explanation explained, String what) {
        Decision x = explained.decision();
        String why = what + ": decide " + decided + ", explain " + x + " " + explained.checks();
        assertThat(x.status()).as(why).isEqualTo(decided.status());
        assertThat(x.reason()).as(why).isEqualTo(decided.reason());
        assertThat(x.user()).as(why).isEqualTo(decided.user());
        assertThat(x.roles()).as(why).isEqualTo(decided.roles());
        assertThat(x.mapping()).as(why).isEqualTo(decided.mapping());
        assertThat(x.httpStatus()).as(why).isEqualTo(decided.httpStatus());
    }
}
