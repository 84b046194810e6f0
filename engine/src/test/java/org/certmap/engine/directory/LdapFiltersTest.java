package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 4515 escaping with hostile values (DESIGN.md Invariant 7). */
class LdapFiltersTest {

    @Test
    void escapeWhenSpecialsThenHex() {
        assertThat(LdapFilters.escape("*")).isEqualTo("\\2a");
        assertThat(LdapFilters.escape("x)(|(objectClass=*")).isEqualTo("x\\29\\28|\\28objectClass=\\2a");
        assertThat(LdapFilters.escape("a\u0000b")).isEqualTo("a\\00b");
        assertThat(LdapFilters.escape("C:\\dir")).isEqualTo("C:\\5cdir");
        assertThat(LdapFilters.escape("Müller ☃")).isEqualTo("M\\c3\\bcller \\e2\\98\\83");
        assertThat(LdapFilters.escape("tab\tnl\n")).isEqualTo("tab\\09nl\\0a");
        assertThat(LdapFilters.escape(new byte[] {1, 5, (byte) 0xFF, 0x2A})).isEqualTo("\\01\\05\\ff\\2a");
    }

    @Test
    void equalityWhenCaNamedStarThenNoWildcard() {
        assertThat(LdapFilters.equality("altSecurityIdentities", "X509:<I>CN=*<SR>01"))
                .isEqualTo("(altSecurityIdentities=X509:<I>CN=\\2a<SR>01)");
    }

    @Test
    void equalityWhenInjectionThenOneAssertion() {
        String f = LdapFilters.equality("altSecurityIdentities", "X509:<I>CN=x)(|(objectClass=*<SR>01");
        assertThat(f).isEqualTo("(altSecurityIdentities=X509:<I>CN=x\\29\\28|\\28objectClass=\\2a<SR>01)");
        assertThat(f.chars().filter(c -> c == '(').count()).isEqualTo(1);
    }

    @Test
    void andOrWhenExtraFilterThenAnded() {
        assertThat(LdapFilters.and(LdapFilters.or(List.of("(a=1)", "(b=2)")), "(objectClass=user)"))
                .isEqualTo("(&(|(a=1)(b=2))(objectClass=user))");
        assertThat(LdapFilters.and("(a=1)", null)).isEqualTo("(a=1)");
        assertThat(LdapFilters.or(List.of("(a=1)"))).isEqualTo("(a=1)");
    }

    @Test
    void withDnWhenDnHasEscapesAndStarThenEscaped() {
        assertThat(LdapFilters.withDn("(member={dn})", "CN=Smith\\, J*,DC=x"))
                .isEqualTo("(member=CN=Smith\\5c, J\\2a,DC=x)");
    }

    @Test
    void attributeDescriptionWhenNamesThenChecked() {
        assertThat(LdapFilters.isAttributeDescription("sAMAccountName")).isTrue();
        assertThat(LdapFilters.isAttributeDescription("userCertificate;binary")).isTrue();
        assertThat(LdapFilters.isAttributeDescription("1.2.840.113556.1.4.867")).isTrue();
        assertThat(LdapFilters.isAttributeDescription("cn=*)(x")).isFalse();
        assertThat(LdapFilters.isAttributeDescription("9abc")).isFalse();
        assertThat(LdapFilters.isAttributeDescription("")).isFalse();
    }

    @Test
    void filterProblemWhenMalformedThenSaid() {
        assertThat(LdapFilters.filterProblem("(&(objectCategory=person)(objectClass=user))")).isNull();
        assertThat(LdapFilters.filterProblem("(cn=a\\2a)")).isNull();
        assertThat(LdapFilters.filterProblem("objectClass=user")).contains("in parentheses");
        assertThat(LdapFilters.filterProblem("(a=1))(|(b=2)")).contains("unbalanced");
        assertThat(LdapFilters.filterProblem("(a=\\zz)")).contains("two hex digits");
    }
}
