package org.certmap.engine.directory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

/**
 * One {@code <directory>} element: where the directory is, how certmap binds, what it searches for
 * and how long answers live (DESIGN.md "Directory mappings").
 *
 * <p>The record holds values as given; {@link #problem(DirectorySettings)} says what is wrong with a
 * combination, in words for a load error, so the mapping-file handler can report file, line and
 * column. The bind password is never part of {@link #toString()}: settings are logged at start.
 *
 * @param urls              {@code ldap://} or {@code ldaps://} servers, tried in order (failover)
 * @param startTls          StartTLS on {@code ldap://} URLs
 * @param trustStore        CAs for the directory's TLS certificate; null means the JDK's default
 * @param baseDn            where searches start
 * @param bindDn            simple-bind DN; null means an anonymous bind
 * @param bindPassword      the bind password (a copy is kept; the accessor returns a copy)
 * @param lookup            which attribute ties a certificate to an entry
 * @param allowWeak         also accept AD's name-based weak forms and a UPN match
 * @param filter            extra LDAP filter ANDed to every search, or null
 * @param userNameAttribute the attribute holding the mapped user name
 * @param roles             where roles come from
 * @param nestedGroups      resolve groups with AD's in-chain matching rule
 * @param timeout           connect and read, per server; the wait for a pooled connection counts
 * @param cacheTime         how long found and not-found answers are kept
 * @param staleTime         how old a cached answer may be and still serve during an outage
 * @param maxConnections    pooled connections per server
 */
public record DirectorySettings(List<URI> urls, boolean startTls, List<X509Certificate> trustStore,
        String baseDn, String bindDn, char[] bindPassword, Lookup lookup, boolean allowWeak, String filter,
        String userNameAttribute, Roles roles, boolean nestedGroups, Duration timeout, Duration cacheTime,
        Duration staleTime, int maxConnections) {

    public static final String DEFAULT_USER_NAME_ATTRIBUTE = "sAMAccountName";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CACHE_TIME = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 8;

    public DirectorySettings {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        trustStore = trustStore == null ? null : List.copyOf(trustStore);
        Objects.requireNonNull(baseDn, "baseDn");
        bindPassword = bindPassword == null ? null : bindPassword.clone();
        lookup = lookup == null ? Lookup.ALT_SECURITY_IDENTITIES : lookup;
        userNameAttribute = userNameAttribute == null ? DEFAULT_USER_NAME_ATTRIBUTE : userNameAttribute;
        roles = roles == null ? Roles.NONE : roles;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        cacheTime = cacheTime == null ? DEFAULT_CACHE_TIME : cacheTime;
        staleTime = staleTime == null ? Duration.ZERO : staleTime;
    }

    /** Settings with every default of DESIGN.md: only the URLs and the base DN given. */
    public static DirectorySettings of(List<URI> urls, String baseDn) {
        return new DirectorySettings(urls, false, null, baseDn, null, null, null, false, null, null, null,
                false, null, null, null, DEFAULT_MAX_CONNECTIONS);
    }

    /** A copy of the bind password, or null; the caller should wipe it after use. */
    @Override
    public char[] bindPassword() {
        return bindPassword == null ? null : bindPassword.clone();
    }

    /** Whether a bind password is set, without copying it. */
    public boolean hasBindPassword() {
        return bindPassword != null;
    }

    public DirectorySettings withLookup(Lookup newLookup) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, newLookup,
                allowWeak, filter, userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime,
                maxConnections);
    }

    public DirectorySettings withAllowWeak(boolean weak) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, lookup, weak,
                filter, userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime, maxConnections);
    }

    public DirectorySettings withRoles(Roles newRoles, boolean nested) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, lookup,
                allowWeak, filter, userNameAttribute, newRoles, nested, timeout, cacheTime, staleTime,
                maxConnections);
    }

    public DirectorySettings withBind(String dn, char[] password) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, dn, password, lookup, allowWeak,
                filter, userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime, maxConnections);
    }

    public DirectorySettings withFilter(String extra) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, lookup,
                allowWeak, extra, userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime,
                maxConnections);
    }

    public DirectorySettings withTls(boolean tls, List<X509Certificate> cas) {
        return new DirectorySettings(urls, tls, cas, baseDn, bindDn, bindPassword, lookup, allowWeak, filter,
                userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime, maxConnections);
    }

    public DirectorySettings withTimes(Duration newTimeout, Duration newCacheTime, Duration newStaleTime) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, lookup,
                allowWeak, filter, userNameAttribute, roles, nestedGroups, newTimeout, newCacheTime,
                newStaleTime, maxConnections);
    }

    public DirectorySettings withMaxConnections(int max) {
        return new DirectorySettings(urls, startTls, trustStore, baseDn, bindDn, bindPassword, lookup,
                allowWeak, filter, userNameAttribute, roles, nestedGroups, timeout, cacheTime, staleTime, max);
    }

    /**
     * What is wrong with {@code s}, as one sentence for a load error, or null when it is usable.
     *
     * <p>Why {@code ldap://} to another host needs StartTLS: the bind password and every answer
     * (which accounts exist, which are disabled) would cross the network in clear, and an attacker
     * on the path could answer "found" for any certificate. Loopback is allowed for a local proxy
     * or a test directory; it is recognised by literal only ({@code localhost}, {@code 127.x.y.z},
     * {@code ::1}), never by a DNS answer that someone else controls.
     */
    public static String problem(DirectorySettings s) {
        if (s.urls.isEmpty()) {
            return "url: at least one ldap:// or ldaps:// URL is required";
        }
        for (URI url : s.urls) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
                return "url \"" + url + "\": only ldap:// and ldaps:// are supported";
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                return "url \"" + url + "\": a host name is required";
            }
            String path = url.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null
                    || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                return "url \"" + url + "\": give scheme, host and port only (the base DN is baseDn)";
            }
            if (scheme.equals("ldaps") && s.startTls) {
                return "url \"" + url + "\": startTls=\"true\" is for ldap:// URLs; ldaps:// is TLS already";
            }
            if (scheme.equals("ldap") && !s.startTls && !isLoopback(url.getHost())) {
                return "url \"" + url + "\": ldap:// to a host other than loopback sends the bind password"
                        + " and every answer in clear; use ldaps:// or startTls=\"true\"";
            }
        }
        String dn = dnProblem("baseDn", s.baseDn);
        if (dn != null) {
            return dn;
        }
        if (s.bindDn != null) {
            dn = dnProblem("bindDn", s.bindDn);
            if (dn != null) {
                return dn;
            }
            if (s.bindPassword == null || s.bindPassword.length == 0) {
                return "bindDn is set but bindPassword is empty: LDAP treats that as an unauthenticated"
                        + " bind (RFC 4513 §5.1.2); set the password, or remove bindDn for an anonymous bind";
            }
        } else if (s.bindPassword != null) {
            return "bindPassword is set but bindDn is not";
        }
        if (s.lookup.kind() == Lookup.Kind.ATTRIBUTE && !LdapFilters.isAttributeDescription(s.lookup.attribute())) {
            return "lookup \"attribute:" + s.lookup.attribute() + "\": not an LDAP attribute name";
        }
        if (!LdapFilters.isAttributeDescription(s.userNameAttribute)) {
            return "userNameAttribute \"" + s.userNameAttribute + "\": not an LDAP attribute name";
        }
        if (s.filter != null) {
            String f = LdapFilters.filterProblem(s.filter);
            if (f != null) {
                return "filter: " + f;
            }
        }
        if (s.roles.kind() == Roles.Kind.SEARCH) {
            if (!s.roles.filter().contains("{dn}")) {
                return "roles \"search:" + s.roles.filter() + "\": the filter needs {dn} for the user's DN";
            }
            String f = LdapFilters.filterProblem(s.roles.filter().replace("{dn}", "x"));
            if (f != null) {
                return "roles search filter: " + f;
            }
        }
        if (s.nestedGroups && s.roles.kind() == Roles.Kind.NONE) {
            return "nestedGroups=\"true\" needs roles";
        }
        if (s.timeout.isNegative() || s.timeout.isZero()) {
            return "timeout must be more than 0";
        }
        if (s.cacheTime.isNegative()) {
            return "cacheTime must not be negative";
        }
        if (s.staleTime.isNegative()) {
            return "staleTime must not be negative";
        }
        if (s.maxConnections < 1 || s.maxConnections > 1024) {
            return "maxConnections must be between 1 and 1024";
        }
        return null;
    }

    private static String dnProblem(String what, String dn) {
        if (dn == null || dn.isBlank()) {
            return what + " is required";
        }
        try {
            new LdapName(dn);
            return null;
        } catch (InvalidNameException | IllegalArgumentException e) {
            return what + " \"" + dn + "\" is not a distinguished name: " + e.getMessage();
        }
    }

    /** Loopback by literal only: {@code localhost}, an IPv4 literal in 127/8, {@code ::1}. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean ipv4Literal = h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) && h.indexOf('.') > 0;
        if (!ipv4Literal && h.indexOf(':') < 0) {
            return false; // a name: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no DNS query
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectorySettings d && urls.equals(d.urls) && startTls == d.startTls
                && Objects.equals(trustStore, d.trustStore) && baseDn.equals(d.baseDn)
                && Objects.equals(bindDn, d.bindDn) && Arrays.equals(bindPassword, d.bindPassword)
                && lookup.equals(d.lookup) && allowWeak == d.allowWeak && Objects.equals(filter, d.filter)
                && userNameAttribute.equals(d.userNameAttribute) && roles.equals(d.roles)
                && nestedGroups == d.nestedGroups && timeout.equals(d.timeout) && cacheTime.equals(d.cacheTime)
                && staleTime.equals(d.staleTime) && maxConnections == d.maxConnections;
    }

    @Override
    public int hashCode() {
        return Objects.hash(urls, baseDn, bindDn, lookup, filter, roles);
    }

    /** Everything but the password, which shows only as set or not. */
    @Override
    public String toString() {
        return "DirectorySettings[urls=" + urls + ", startTls=" + startTls + ", trustStore="
                + (trustStore == null ? "JDK default" : trustStore.size() + " CA(s)") + ", baseDn=" + baseDn
                + ", bindDn=" + bindDn + ", bindPassword=" + (bindPassword == null ? "none" : "(set)")
                + ", lookup=" + lookup + ", allowWeak=" + allowWeak + ", filter=" + filter
                + ", userNameAttribute=" + userNameAttribute + ", roles=" + roles + ", nestedGroups="
                + nestedGroups + ", timeout=" + timeout + ", cacheTime=" + cacheTime + ", staleTime="
                + staleTime + ", maxConnections=" + maxConnections + "]";
    }

    /**
     * How a certificate is tied to an entry.
     *
     * @param kind      the mode
     * @param attribute for {@link Kind#ATTRIBUTE}, the attribute holding SHA-256 thumbprints; else null
     */
    public record Lookup(Kind kind, String attribute) {

        public static final Lookup ALT_SECURITY_IDENTITIES = new Lookup(Kind.ALT_SECURITY_IDENTITIES, null);
        public static final Lookup SID = new Lookup(Kind.SID, null);
        public static final Lookup USER_CERTIFICATE = new Lookup(Kind.USER_CERTIFICATE, null);

        public enum Kind { ALT_SECURITY_IDENTITIES, SID, USER_CERTIFICATE, ATTRIBUTE }

        public Lookup {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.ATTRIBUTE) != (attribute != null)) {
                throw new IllegalArgumentException("an attribute name goes with lookup attribute:NAME only");
            }
        }

        public static Lookup attribute(String name) {
            return new Lookup(Kind.ATTRIBUTE, name);
        }

        /**
         * Parses the mapping file's {@code lookup}: {@code altSecurityIdentities}, {@code sid},
         * {@code userCertificate} or {@code attribute:NAME} (keywords ASCII case-insensitive).
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Lookup parse(String text) {
            String t = text.trim();
            String folded = t.toLowerCase(Locale.ROOT);
            switch (folded) {
                case "altsecurityidentities":
                    return ALT_SECURITY_IDENTITIES;
                case "sid":
                    return SID;
                case "usercertificate":
                    return USER_CERTIFICATE;
                default:
                    if (folded.startsWith("attribute:") && t.length() > "attribute:".length()) {
                        return attribute(t.substring("attribute:".length()));
                    }
                    throw new IllegalArgumentException("lookup \"" + text + "\": expected altSecurityIdentities,"
                            + " sid, userCertificate or attribute:NAME");
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ALT_SECURITY_IDENTITIES -> "altSecurityIdentities";
                case SID -> "sid";
                case USER_CERTIFICATE -> "userCertificate";
                case ATTRIBUTE -> "attribute:" + attribute;
            };
        }
    }

    /**
     * Where roles come from.
     *
     * @param kind   none, the entry's {@code memberOf}, or a search
     * @param filter for {@link Kind#SEARCH}, the filter with {@code {dn}}; else null
     */
    public record Roles(Kind kind, String filter) {

        public static final Roles NONE = new Roles(Kind.NONE, null);
        public static final Roles MEMBER_OF = new Roles(Kind.MEMBER_OF, null);

        public enum Kind { NONE, MEMBER_OF, SEARCH }

        public Roles {
            Objects.requireNonNull(kind, "kind");
            if ((kind == Kind.SEARCH) != (filter != null)) {
                throw new IllegalArgumentException("a filter goes with roles search:FILTER only");
            }
        }

        public static Roles search(String filter) {
            return new Roles(Kind.SEARCH, filter);
        }

        /** Parses {@code roles}: empty or absent, {@code memberOf}, or {@code search:FILTER}. */
        public static Roles parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            String t = text.trim();
            if (t.equalsIgnoreCase("memberOf")) {
                return MEMBER_OF;
            }
            if (t.regionMatches(true, 0, "search:", 0, 7) && t.length() > 7) {
                return search(t.substring(7));
            }
            throw new IllegalArgumentException("roles \"" + text + "\": expected memberOf or search:FILTER");
        }

        @Override
        public String toString() {
            return switch (kind) {
                case NONE -> "none";
                case MEMBER_OF -> "memberOf";
                case SEARCH -> "search:" + filter;
            };
        }
    }
}
