package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Invariant 7: nothing a client sends reaches a log line unescaped, including invisible reordering marks. */
class LogTextTest {

    @Test
    void controlSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(LogText.escape("/a\r\nINFO: x")).isEqualTo("/a\\x0D\\x0AINFO: x");
        assertThat(LogText.escape("a\u2028b")).isEqualTo("a\\u2028b");
        // U+202E RIGHT-TO-LEFT OVERRIDE makes "/secure/txt.exe" read as "/secure/exe.txt" in a viewer
        // (Trojan Source); isolates, zero-width characters and the BOM hide or reorder text the same way.
        assertThat(LogText.escape("/secure/\u202Etxt.exe")).isEqualTo("/secure/\\u202Etxt.exe");
        assertThat(LogText.escape("a\u2066b\u2069c\u200Bd\uFEFFe")).isEqualTo("a\\u2066b\\u2069c\\u200Bd\\uFEFFe");
        assertThat(LogText.escape("Zoë Ünal 日本")).as("ordinary letters stay").isEqualTo("Zoë Ünal 日本");
    }
}
