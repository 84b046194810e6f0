package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.certmap.engine.directory.DirectorySettings.Lookup;
import org.certmap.engine.directory.DirectorySettings.Roles;
import org.junit.jupiter.api.Test;

class DirectorySettingsTest {

    private static DirectorySettings at(String... urls) {
        return DirectorySettings.of(java.util.Arrays.stream(urls).map(URI::create).toList(), "DC=contoso,DC=example");
    }

    @Test
    void defaultsWhenOnlyUrlAndBaseThenDesignDefaults() {
        DirectorySettings s = at("ldaps://dc1.contoso.example");
        assertThat(DirectorySettings.problem(s)).isNull();
        assertThat(s.lookup()).isEqualTo(Lookup.ALT_SECURITY_IDENTITIES);
        assertThat(s.userNameAttribute()).isEqualTo("sAMAccountName");
        assertThat(s.roles()).isEqualTo(Roles.NONE);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.cacheTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.staleTime()).isEqualTo(Duration.ZERO);
        assertThat(s.maxConnections()).isEqualTo(8);
    }

    @Test
    void problemWhenPlainLdapToRemoteHostThenNeedsStartTls() {
        assertThat(DirectorySettings.problem(at("ldap://dc1.contoso.example"))).contains("startTls=\"true\"");
        assertThat(DirectorySettings.problem(at("ldap://dc1.contoso.example").withTls(true, null))).isNull();
        assertThat(DirectorySettings.problem(at("ldap://127.0.0.1:3890", "ldap://localhost", "ldap://[::1]:389"))).isNull();
        // a name that merely resolves to loopback is not trusted to stay so
        assertThat(DirectorySettings.problem(at("ldap://localhost.contoso.example"))).contains("in clear");
    }

    @Test
    void problemWhenBadCombinationsThenSaid() {
        assertThat(DirectorySettings.problem(at())).contains("at least one");
        assertThat(DirectorySettings.problem(at("http://dc1"))).contains("only ldap://");
        assertThat(DirectorySettings.problem(at("ldaps://dc1/DC=x"))).contains("baseDn");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withTls(true, null))).contains("ldaps:// is TLS already");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withBind("CN=svc,DC=x", null))).contains("unauthenticated");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withBind(null, "pw".toCharArray()))).contains("bindDn is not");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withBind("not a dn", "pw".toCharArray())))
                .contains("not a distinguished name");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withFilter("objectClass=user"))).contains("parentheses");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withRoles(Roles.search("(member=x)"), false)))
                .contains("{dn}");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withLookup(Lookup.attribute("x)(y"))))
                .contains("not an LDAP attribute name");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withTimes(Duration.ZERO, null, null))).contains("timeout");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withMaxConnections(0))).contains("maxConnections");
        assertThat(DirectorySettings.problem(at("ldaps://dc1").withRoles(Roles.NONE, true))).contains("needs roles");
    }

    @Test
    void toStringWhenPasswordSetThenNeverShown() {
        DirectorySettings s = at("ldaps://dc1").withBind("CN=svc,DC=x", "S3cr3t!".toCharArray());
        assertThat(s.toString()).doesNotContain("S3cr3t!").contains("bindPassword=(set)");
        char[] copy = s.bindPassword();
        copy[0] = 'X';
        assertThat(s.bindPassword()).containsExactly("S3cr3t!".toCharArray());
    }

    @Test
    void parseWhenKeywordsThenLookupAndRoles() {
        assertThat(Lookup.parse("altSecurityIdentities")).isEqualTo(Lookup.ALT_SECURITY_IDENTITIES);
        assertThat(Lookup.parse("SID")).isEqualTo(Lookup.SID);
        assertThat(Lookup.parse("userCertificate")).isEqualTo(Lookup.USER_CERTIFICATE);
        assertThat(Lookup.parse("attribute:certThumbprint")).isEqualTo(Lookup.attribute("certThumbprint"));
        assertThatThrownBy(() -> Lookup.parse("upn")).hasMessageContaining("expected altSecurityIdentities");
        assertThat(Roles.parse("memberOf")).isEqualTo(Roles.MEMBER_OF);
        assertThat(Roles.parse("search:(member={dn})")).isEqualTo(Roles.search("(member={dn})"));
        assertThat(Roles.parse(null)).isEqualTo(Roles.NONE);
        assertThatThrownBy(() -> Roles.parse("groups")).hasMessageContaining("memberOf or search:FILTER");
        assertThat(List.of(Lookup.attribute("x").toString(), Roles.search("(m={dn})").toString()))
                .containsExactly("attribute:x", "search:(m={dn})");
    }
}
