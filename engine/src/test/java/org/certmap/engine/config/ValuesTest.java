package org.certmap.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** DESIGN.md, "Mapping file": sizes, durations and counts as an admin writes them. */
class ValuesTest {

    @Test
    void durationWhenEveryUnitDesignNamesThenParsed() {
        assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Values.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Values.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Values.duration(" 30 ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Values.duration("0")).isZero();
    }

    @Test
    void durationWhenNotOneThenTheMessageListsTheUnits() {
        assertThatThrownBy(() -> Values.duration("5 minutes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'5 minutes' is not a duration: write 500ms, 5s, 1m, 1h or a number of seconds");
    }

    @Test
    void positiveIntWhenTooLargeForTheEngineThenCertmapsWordsNotJavas() {
        assertThat(Values.positiveInt("8", "maxChainLength", "validation")).isEqualTo(8);
        assertThatThrownBy(() -> Values.positiveInt("99999999999999999999", "maxChainLength", "validation"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChainLength=\"99999999999999999999\" on <validation> is too large: at most 2147483647");
    }
}
