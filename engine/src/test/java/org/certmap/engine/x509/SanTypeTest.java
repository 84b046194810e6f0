package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanTypeTest {

    @Test
    void ofWhenAnyAsciiCaseThenType() {
        assertThat(SanType.of("email")).isEqualTo(SanType.EMAIL);
        assertThat(SanType.of("EMAIL")).isEqualTo(SanType.EMAIL);
        assertThat(SanType.of("Dns")).isEqualTo(SanType.DNS);
        assertThat(SanType.of("UPN")).isEqualTo(SanType.UPN);
        assertThat(SanType.of("uri")).isEqualTo(SanType.URI);
        assertThat(SanType.of("iP")).isEqualTo(SanType.IP);
    }

    @Test
    void ofWhenUnknownThenNull() {
        assertThat(SanType.of(null)).isNull();
        assertThat(SanType.of("")).isNull();
        assertThat(SanType.of("rfc822Name")).isNull();
        assertThat(SanType.of("\u0131p")).isNull(); // dotless i
        assertThat(SanType.of("\u0130P")).isNull(); // dotted capital I
        assertThat(SanType.of("email ")).isNull();
    }
}
