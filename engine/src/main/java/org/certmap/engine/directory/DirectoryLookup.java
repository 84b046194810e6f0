package org.certmap.engine.directory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.certmap.engine.directory.DirectorySettings.Lookup;
import org.certmap.engine.directory.DirectorySettings.Roles;
import org.certmap.engine.x509.NameException;

/**
 * The directory step for one validated certificate: build the filter for the configured lookup,
 * search, and judge what came back (DESIGN.md "Directory mappings").
 *
 * <p>Rules, in order: no entry is {@link LookupResult.NotFound}; more than one is
 * {@link LookupResult.Ambiguous} (never "the first one": which entry a server returns first is not
 * defined); an entry with ACCOUNTDISABLE (0x2) in {@code userAccountControl} (MS-ADTS §2.2.16) is
 * {@link LookupResult.Disabled}; when the certificate carries a SID ({@link CertificateSids}), the
 * entry's {@code objectSid} must be that SID, else {@link LookupResult.SidMismatch} (KB5014754 Full
 * Enforcement); then the user name and roles. The caller must call this only for a certificate
 * that passed validation (DESIGN.md Invariant 6), and says whether its signing CA is in the
 * trust store: only then do {@code <I><SR>} and {@code <SKI>} values count, as AD counts them only
 * for CAs in NTAuth.
 */
public final class DirectoryLookup {

    private static final Logger LOG = Logger.getLogger("org.certmap");
    static final String IN_CHAIN_RULE = "1.2.840.113556.1.4.1941";
    private static final int ACCOUNTDISABLE = 0x2;
    private static final int CANDIDATES = 50;
    private static final int MAX_GROUPS = 1000;

    private final DirectorySettings settings;
    private final DirectorySearch search;
    private final AtomicBoolean warnedInChain = new AtomicBoolean();

    public DirectoryLookup(DirectorySettings settings, DirectorySearch search) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.search = Objects.requireNonNull(search, "search");
    }

    /** Looks {@code certificate} up; never throws for a directory problem (that is {@link LookupResult.Unavailable}). */
    public LookupResult lookup(X509Certificate certificate, boolean issuerInTrustStore) {
        List<String> sids;
        try {
            sids = CertificateSids.of(certificate);
        } catch (NameException e) {
            // Fail closed: a SID the directory must confirm cannot be skipped because it is unreadable.
            return new LookupResult.SidMismatch("(not searched)", List.of("an unreadable SID: " + e.getMessage()),
                    null, null);
        }
        Query q;
        try {
            q = query(certificate, issuerInTrustStore, sids);
        } catch (NameException e) {
            return new LookupResult.NotFound(null, "the certificate's names cannot be read: " + e.getMessage());
        }
        if (q.filter == null) {
            return new LookupResult.NotFound(null, q.nothing);
        }
        SearchAnswer answer;
        try {
            answer = search.search(q.filter, q.attributes, q.limit);
        } catch (DirectoryUnavailableException e) {
            return new LookupResult.Unavailable(e.perServer(), q.filter);
        }
        List<DirectoryEntry> entries = answer.entries();
        if (settings.lookup().kind() == Lookup.Kind.USER_CERTIFICATE) {
            entries = holdingCertificate(entries, der(certificate));
        }
        if (entries.isEmpty() && !(answer.truncated() && settings.lookup().kind() == Lookup.Kind.USER_CERTIFICATE)) {
            return new LookupResult.NotFound(q.filter, "no entry matched");
        }
        if (entries.size() > 1 || answer.truncated()) {
            return new LookupResult.Ambiguous(Math.max(2, entries.size()), q.filter);
        }
        DirectoryEntry entry = entries.get(0);
        String uac = entry.first("userAccountControl");
        if (uac != null && disabled(uac)) {
            return new LookupResult.Disabled(entry.dn(), q.filter);
        }
        if (!sids.isEmpty()) {
            List<byte[]> entrySids = entry.bytes("objectSid");
            String entrySid = null;
            if (!entrySids.isEmpty()) {
                try {
                    entrySid = WindowsSid.toText(entrySids.get(0));
                } catch (IllegalArgumentException e) {
                    entrySid = "an unreadable objectSid";
                }
            }
            for (String sid : sids) {
                if (!sid.equals(entrySid)) {
                    return new LookupResult.SidMismatch(entry.dn(), sids, entrySid, q.filter);
                }
            }
        }
        String user = entry.first(settings.userNameAttribute());
        if (user == null || user.isEmpty()) {
            return new LookupResult.NotFound(q.filter, entry.dn() + " has no " + settings.userNameAttribute());
        }
        List<String> roles;
        try {
            roles = roles(entry);
        } catch (DirectoryUnavailableException e) {
            return new LookupResult.Unavailable(e.perServer(), q.filter);
        }
        return new LookupResult.Found(user, roles, entry.dn(), answer.server(), matchedForm(q, entry, sids), q.filter);
    }

    private static final class Query {
        String filter;
        String nothing;
        List<String> attributes;
        int limit = 2;
        List<AdMappingStrings.Value> values = List.of();
        List<String> upns = List.of();
    }

    private Query query(X509Certificate certificate, boolean issuerInTrustStore, List<String> sids)
            throws NameException {
        Query q = new Query();
        List<String> attrs = new ArrayList<>(List.of(settings.userNameAttribute(), "userAccountControl", "objectSid"));
        if (settings.roles().kind() == Roles.Kind.MEMBER_OF) {
            attrs.add("memberOf");
        }
        List<String> parts = new ArrayList<>();
        switch (settings.lookup().kind()) {
            case ALT_SECURITY_IDENTITIES -> {
                AdMappingStrings strings = AdMappingStrings.of(certificate);
                List<AdMappingStrings.Value> values = new ArrayList<>(strings.strong(issuerInTrustStore));
                if (settings.allowWeak()) {
                    values.addAll(strings.weak());
                    q.upns = strings.upns();
                }
                q.values = List.copyOf(values);
                for (AdMappingStrings.Value v : values) {
                    parts.add(LdapFilters.equality("altSecurityIdentities", v.value()));
                }
                for (String upn : q.upns) {
                    parts.add(LdapFilters.equality("userPrincipalName", upn));
                }
                attrs.add("altSecurityIdentities");
                if (!q.upns.isEmpty()) {
                    attrs.add("userPrincipalName");
                }
            }
            case SID -> {
                if (sids.isEmpty()) {
                    q.nothing = "the certificate carries no SID (neither the 1.3.6.1.4.1.311.25.2 extension nor a"
                            + " tag:microsoft.com,2022-09-14:sid: SAN URI)";
                    return q;
                }
                for (String sid : new LinkedHashSet<>(sids)) {
                    parts.add(LdapFilters.equality("objectSid", WindowsSid.toBinary(sid)));
                }
            }
            case USER_CERTIFICATE -> {
                // Active Directory compares userCertificate as an octet string (the DER matches);
                // OpenLDAP and 389-ds use RFC 4523 certificateExactMatch, whose assertion is serial and
                // issuer only (a GSER CertificateExactAssertion). Each server finds no match for the
                // other's form, so the OR finds every entry holding a certificate with this issuer and
                // serial on either kind; the DER bytes are then compared here, because a second
                // certificate with the same issuer and serial (a CA that reused a serial, or a forged
                // one in the directory) must not map.
                parts.add(LdapFilters.equality("userCertificate;binary", der(certificate)));
                parts.add(LdapFilters.equality("userCertificate", LdapFilters.certificateExactAssertion(certificate)));
                attrs.add("userCertificate;binary");
                q.limit = CANDIDATES;
            }
            case ATTRIBUTE -> {
                String hex = HexFormat.of().formatHex(sha256(der(certificate)));
                String name = settings.lookup().attribute();
                parts.add(LdapFilters.equality(name, hex));
                parts.add(LdapFilters.equality(name, hex.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        if (parts.isEmpty()) {
            q.nothing = "no strong altSecurityIdentities value applies (the issuing CA is not in the trust store,"
                    + " so <I><SR> and <SKI> do not count)";
            return q;
        }
        q.filter = LdapFilters.and(LdapFilters.or(parts), settings.filter());
        q.attributes = List.copyOf(attrs);
        return q;
    }

    private String matchedForm(Query q, DirectoryEntry entry, List<String> sids) {
        switch (settings.lookup().kind()) {
            case ALT_SECURITY_IDENTITIES -> {
                List<String> stored = entry.strings("altSecurityIdentities");
                for (AdMappingStrings.Value v : q.values) {
                    for (String s : stored) {
                        if (s.equalsIgnoreCase(v.value())) {
                            return v.form();
                        }
                    }
                }
                for (String upn : q.upns) {
                    for (String s : entry.strings("userPrincipalName")) {
                        if (s.equalsIgnoreCase(upn)) {
                            return "userPrincipalName (SAN UPN, weak)";
                        }
                    }
                }
                return "altSecurityIdentities (as the server matched it)";
            }
            case SID -> {
                return "objectSid " + sids.get(0);
            }
            case USER_CERTIFICATE -> {
                return "userCertificate;binary (DER compared)";
            }
            default -> {
                return "attribute:" + settings.lookup().attribute() + " (SHA-256)";
            }
        }
    }

    private List<String> roles(DirectoryEntry entry) throws DirectoryUnavailableException {
        Roles roles = settings.roles();
        if (roles.kind() == Roles.Kind.NONE) {
            return List.of();
        }
        if (settings.nestedGroups()) {
            if (search.supportsInChainRule()) {
                String f = "(member:" + IN_CHAIN_RULE + ":=" + LdapFilters.escape(entry.dn()) + ")";
                if (roles.kind() == Roles.Kind.SEARCH) {
                    f = "(|" + f + LdapFilters.withDn(roles.filter(), entry.dn()) + ")";
                }
                return groupNames(search.search(f, List.of("1.1"), MAX_GROUPS).entries().stream()
                        .map(DirectoryEntry::dn).toList());
            }
            if (warnedInChain.compareAndSet(false, true)) {
                LOG.warning("certmap directory " + settings.urls() + ": nestedGroups=\"true\" needs Active Directory's"
                        + " in-chain matching rule (" + IN_CHAIN_RULE + "), which this directory does not offer;"
                        + " using direct group membership only");
            }
        }
        if (roles.kind() == Roles.Kind.MEMBER_OF) {
            return groupNames(entry.strings("memberOf"));
        }
        SearchAnswer groups = search.search(LdapFilters.withDn(roles.filter(), entry.dn()), List.of("1.1"), MAX_GROUPS);
        return groupNames(groups.entries().stream().map(DirectoryEntry::dn).toList());
    }

    /** The CN of each group DN (the most specific CN RDN), parsed with {@link LdapName}, duplicates dropped. */
    static List<String> groupNames(List<String> dns) {
        Set<String> out = new LinkedHashSet<>();
        for (String dn : dns) {
            String cn = commonName(dn);
            if (cn != null) {
                out.add(cn);
            }
        }
        return List.copyOf(out);
    }

    static String commonName(String dn) {
        try {
            List<Rdn> rdns = new LdapName(dn).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if (rdn.getType().equalsIgnoreCase("cn")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean disabled(String userAccountControl) {
        try {
            return (Long.parseLong(userAccountControl.trim()) & ACCOUNTDISABLE) != 0;
        } catch (NumberFormatException e) {
            return true; // unreadable flags: fail closed
        }
    }

    private static List<DirectoryEntry> holdingCertificate(List<DirectoryEntry> entries, byte[] der) {
        List<DirectoryEntry> out = new ArrayList<>(1);
        for (DirectoryEntry e : entries) {
            for (byte[] value : e.bytes("userCertificate;binary")) {
                if (Arrays.equals(value, der)) {
                    out.add(e);
                    break;
                }
            }
        }
        return out;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
