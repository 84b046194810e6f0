package org.certmap.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class MappedUserPrincipalTest {

    @Test
    void equalsWhenSameNameAndRolesThenEqualSoTomcatKeepsTheSessionId() {
        assertThat(new MappedUserPrincipal("jdoe", Set.of("a", "b"))).isEqualTo(new MappedUserPrincipal("jdoe", Set.of("b", "a")))
                .hasSameHashCodeAs(new MappedUserPrincipal("jdoe", Set.of("b", "a")));
    }

    @Test
    void equalsWhenRolesChangedThenDifferentSoTomcatRegistersTheNewRoles() {
        assertThat(new MappedUserPrincipal("jdoe", Set.of("a"))).isNotEqualTo(new MappedUserPrincipal("jdoe", Set.of("a", "b")));
        assertThat(new MappedUserPrincipal("jdoe", Set.of())).isNotEqualTo(new MappedUserPrincipal("staff", Set.of()));
        assertThat(new MappedUserPrincipal("jdoe", Set.of()).getName()).isEqualTo("jdoe");
    }
}
