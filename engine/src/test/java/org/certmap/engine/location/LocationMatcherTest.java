package org.certmap.engine.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LocationMatcherTest {

    private static Location loc(String pattern) {
        return new Location(LocationMatcher.normalizePattern(pattern), false, Location.Requirement.REQUIRE, Set.of(), 1);
    }

    private final LocationMatcher matcher = new LocationMatcher(List.of(loc("/secure/*"), loc("/secure/admin/*"),
            loc("/reports/q1.jsp"), loc("*.pdf"), loc("legacy")));

    private String match(String path) {
        Location l = matcher.match(path);
        return l == null ? null : l.pattern();
    }

    @Test
    void matchWhenPrefixThenSegmentBoundariesRespected() {
        assertThat(match("/secure")).isEqualTo("/secure/*");
        assertThat(match("/secure/")).isEqualTo("/secure/*");
        assertThat(match("/secure/x/y")).isEqualTo("/secure/*");
        assertThat(match("/securex")).isNull();
        assertThat(match("/secure.html")).isNull();
    }

    @Test
    void matchWhenSeveralApplyThenMostSpecificWins() {
        assertThat(match("/secure/admin/users")).isEqualTo("/secure/admin/*");
        assertThat(match("/secure/administrator")).isEqualTo("/secure/*");
        assertThat(match("/reports/q1.jsp")).isEqualTo("/reports/q1.jsp");
        assertThat(match("/reports/q2.jsp")).isNull();
        assertThat(match("/docs/a.pdf")).isEqualTo("*.pdf");
        assertThat(match("/secure/a.pdf")).as("prefix beats extension, as in servlet mapping").isEqualTo("/secure/*");
    }

    @Test
    void matchWhenIisStyleDirectoryThenMeansPrefix() {
        assertThat(match("/legacy/page.asp")).isEqualTo("/legacy/*");
        assertThat(LocationMatcher.normalizePattern("reports/2024")).isEqualTo("/reports/2024/*");
        assertThat(LocationMatcher.normalizePattern("/")).isEqualTo("/*");
        assertThat(LocationMatcher.normalizePattern("/a//b/*")).isEqualTo("/a/b/*");
    }

    @Test
    void matchWhenPathSpelledTrickilyThenSameLocation() {
        for (String p : List.of("/SECURE/x", "/secure//x", "//secure/x", "/x/../secure/y", "/secure;jsessionid=abc/x",
                "/foo/..;/secure/x", "/./secure/x", "/secure/./x", "\\secure\\x", "/secure/admin/..")) {
            assertThat(match(p)).as(p).isNotNull();
        }
        assertThat(match("/../../secure/x")).isEqualTo("/secure/*");
    }

    @Test
    void matchWhenNormalizingWouldLeaveTheLocationThenTheLocationAsGivenStillApplies() {
        // Tomcat strips path parameters before decoding: "/secure/..%3B/page" reaches the servlet at
        // /secure/* as servletPath /secure, pathInfo /..;/page. Resolving "..;" as ".." would say /page.
        assertThat(match("/secure/..;/page")).isEqualTo("/secure/*");
        assertThat(match("/secure/admin/..;/x")).isEqualTo("/secure/admin/*");
        assertThat(match("/secure/admin/../../x")).as("never less than the path as given").isEqualTo("/secure/admin/*");
        assertThat(match("/public/..;/secure/x")).as("nor less than the normalized path").isEqualTo("/secure/*");
        assertThat(match("/admin;.pdf")).isEqualTo("*.pdf");
    }

    @Test
    void constructWhenTwoLocationsDifferOnlyInCaseThenRefusedRatherThanOneOverridingTheOther() {
        assertThatThrownBy(() -> new LocationMatcher(List.of(loc("/secure/*"), loc("/Secure/*"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/Secure/*").hasMessageContaining("/secure/*");
        assertThat(LocationMatcher.matchKey("/Secure/*")).isEqualTo(LocationMatcher.matchKey("/secure/*"));
        assertThat(LocationMatcher.matchKey("/secure")).isNotEqualTo(LocationMatcher.matchKey("/secure/*"));
    }

    @Test
    void normalizePatternWhenInvalidThenError() {
        assertThatThrownBy(() -> LocationMatcher.normalizePattern("/a*/b")).hasMessageContaining("'*' is only allowed");
        assertThatThrownBy(() -> LocationMatcher.normalizePattern("*.")).hasMessageContaining("*.ext");
        assertThatThrownBy(() -> LocationMatcher.normalizePattern("/a/*.jsp")).hasMessageContaining("'*' is only allowed");
    }

    @Test
    void sslFlagsWhenIisSpellingsThenParsed() {
        assertThat(SslFlags.parse("Ssl, SslNegotiateCert").requirement()).isEqualTo(Location.Requirement.NEGOTIATE);
        assertThat(SslFlags.parse("ssl,sslrequirecert,SslNegotiateCert").requirement())
                .isEqualTo(Location.Requirement.REQUIRE);
        assertThat(SslFlags.parse("SslRequireCert").ssl()).isFalse();
        assertThat(SslFlags.parse("Ssl").ssl()).isTrue();
        assertThat(SslFlags.parse("None").requirement()).isEqualTo(Location.Requirement.NONE);
        assertThat(SslFlags.parse("Ssl, Ssl128, SslMapCert").warnings()).singleElement().asString().contains("Ssl128");
        assertThatThrownBy(() -> SslFlags.parse("None, Ssl")).hasMessageContaining("None cannot be combined");
        assertThatThrownBy(() -> SslFlags.parse("Ssl,,SslRequireCert")).hasMessageContaining("empty flag");
    }
}
