package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.certmap.engine.base.Reason;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void httpStatusWhenAnonymousWithAReasonThen200BecauseTheRequestGoesOn() {
        assertThat(Decision.anonymous(Reason.NO_MAPPING, null, null).httpStatus()).isEqualTo(200);
        assertThat(Decision.anonymous(null, null, null).httpStatus()).isEqualTo(200);
        assertThat(Decision.notCovered().httpStatus()).isEqualTo(200);
        assertThat(Decision.authenticated("jdoe", Set.of(), Decision.ONE_TO_ONE, null).httpStatus()).isEqualTo(200);
    }

    @Test
    void httpStatusWhenRefusedThenTheReasonsStatus() {
        assertThat(Decision.refused(Reason.NO_MAPPING, null, null).httpStatus()).isEqualTo(403);
        assertThat(Decision.refused(Reason.MALFORMED_HEADER, null, null).httpStatus()).isEqualTo(400);
    }
}
