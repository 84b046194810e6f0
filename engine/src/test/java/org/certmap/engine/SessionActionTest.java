package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.certmap.engine.base.Reason;
import org.junit.jupiter.api.Test;

/** DESIGN.md's session rules, decided once for every front door. */
class SessionActionTest {

    @Test
    void anonymousToUserBindsSameUserKeepsAnotherUserInvalidates() {
        Decision jdoe = Decision.authenticated("jdoe", Set.of("staff"), Decision.ONE_TO_ONE, null);
        assertThat(SessionAction.of(jdoe, null)).isEqualTo(SessionAction.BIND);
        assertThat(SessionAction.of(jdoe, "jdoe")).isEqualTo(SessionAction.KEEP);
        assertThat(SessionAction.of(jdoe, "alice")).isEqualTo(SessionAction.INVALIDATE);
        assertThat(SessionAction.of(Decision.anonymous(Reason.NO_MAPPING, null, null), "alice"))
                .as("no login: the session is left alone").isEqualTo(SessionAction.KEEP);
        assertThat(SessionAction.of(Decision.refused(Reason.NO_MAPPING, null, null), null)).isEqualTo(SessionAction.KEEP);
    }
}
