package org.certmap.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class AsciiCaseTest {

    @Test
    void equalsIgnoreCaseWhenAsciiLettersDifferInCaseThenEqual() {
        assertThat(AsciiCase.equalsIgnoreCase("Contoso CA", "cONTOSO ca")).isTrue();
        assertThat(AsciiCase.equalsIgnoreCase("", "")).isTrue();
    }

    @Test
    void equalsIgnoreCaseWhenNonAsciiLookAlikeThenNotEqual() {
        assertThat(AsciiCase.equalsIgnoreCase("\u212A", "k")).isFalse(); // Kelvin sign
        assertThat(AsciiCase.equalsIgnoreCase("\u212A", "K")).isFalse();
        assertThat(AsciiCase.equalsIgnoreCase("adm\u0131n", "admin")).isFalse(); // dotless i
        assertThat(AsciiCase.equalsIgnoreCase("\uFF21\uFF24\uFF2D\uFF29\uFF2E", "ADMIN")).isFalse(); // fullwidth
        assertThat(AsciiCase.equalsIgnoreCase("\u00C9", "\u00E9")).isFalse(); // É/é: not ASCII, exact
        assertThat(AsciiCase.equalsIgnoreCase("ab", "abc")).isFalse();
    }

    @Test
    void equalsIgnoreCaseWhenAdjacentToLetterRangeThenExact() {
        // '@' (0x40) and '[' (0x5B) border A-Z; '`' and '{' border a-z: none of them fold.
        assertThat(AsciiCase.equalsIgnoreCase("@", "`")).isFalse();
        assertThat(AsciiCase.equalsIgnoreCase("[", "{")).isFalse();
    }

    @Test
    void foldWhenMixedThenOnlyAsciiLettersLowered() {
        assertThat(AsciiCase.fold("ADMIN \u212A \u0130 \uFF21 \u00C9")).isEqualTo("admin \u212A \u0130 \uFF21 \u00C9");
        String same = "already lower";
        assertThat(AsciiCase.fold(same)).isSameAs(same);
    }

    @Test
    void foldWhenTurkishDefaultLocaleThenSameResult() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr", "TR"));
            assertThat(AsciiCase.fold("ADMIN")).isEqualTo("admin");
            assertThat(AsciiCase.equalsIgnoreCase("ADMIN", "admin")).isTrue();
            assertThat(AsciiCase.equalsIgnoreCase("ADMIN", "adm\u0131n")).isFalse();
        } finally {
            Locale.setDefault(saved);
        }
    }
}
