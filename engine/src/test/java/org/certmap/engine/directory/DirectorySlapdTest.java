package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.certmap.engine.directory.DirectorySettings.Lookup;
import org.certmap.engine.directory.DirectorySettings.Roles;
import org.certmap.testing.MovableClock;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory step against a real OpenLDAP slapd with Active Directory's attributes. */
class DirectorySlapdTest {

    private static final String OTHER_SID = "S-1-5-21-1-2-3-1107";

    @TempDir
    static Path dir;
    static Slapd slapd;
    static Issued ca;
    static Issued alice;
    static Issued carol;
    static Issued dave;
    static Issued erin;
    static Issued frank;
    static Issued gina;
    static Issued hank;
    static Issued ivan;
    static Issued jack;
    static Issued kate;
    static Issued kateTwin;
    static Issued mona;

    @BeforeAll
    static void startSlapd() throws Exception {
        slapd = Slapd.start(dir.resolve("main"));
        ca = FixedCertificates.contosoCa();
        alice = FixedCertificates.alice(ca);
        carol = TestPki.client(ca, "CN=Carol,DC=contoso,DC=com");
        dave = TestPki.client(ca, "CN=Dave,DC=contoso,DC=com");
        erin = TestPki.client(ca, "CN=Erin,DC=contoso,DC=com");
        frank = TestPki.cert().subject("CN=Frank").issuer(ca).san(FixedCertificates.upn("frank@contoso.com")).build();
        gina = TestPki.client(ca, "CN=Gina,DC=contoso,DC=com");
        hank = TestPki.cert().subject("CN=Hank").issuer(ca).san(FixedCertificates.sidUri(OTHER_SID)).build();
        ivan = TestPki.cert().subject("CN=Ivan").issuer(ca).extension(
                new org.bouncycastle.asn1.ASN1ObjectIdentifier(CertificateSids.EXTENSION_OID), false,
                FixedCertificates.sidExtension("S-1-5-21-7-8-9-1500")).build();
        jack = TestPki.client(ca, "CN=Jack,DC=contoso,DC=com");
        kate = TestPki.cert().subject("CN=Kate").issuer(ca).serial(BigInteger.valueOf(777_001)).build();
        kateTwin = TestPki.cert().subject("CN=Kate").issuer(ca).serial(BigInteger.valueOf(777_001)).build();
        mona = TestPki.client(ca, "CN=Mona,DC=contoso,DC=com");

        StringBuilder ldif = new StringBuilder();
        ldif.append(Slapd.person("alice", attrs("sAMAccountName", "alice", "altSecurityIdentities",
                first(alice), "userAccountControl", "512", "objectSid", WindowsSid.toBinary(FixedCertificates.SID),
                "memberOf", "CN=Admins,OU=Groups,DC=contoso,DC=example",
                "memberOf", "CN=Report Readers\\, EU,OU=Groups,DC=contoso,DC=example")));
        ldif.append(Slapd.person("carol", attrs("sAMAccountName", "carol", "altSecurityIdentities",
                value(carol, AdMappingStrings.SKI))));
        ldif.append(Slapd.person("dave", attrs("sAMAccountName", "dave", "altSecurityIdentities",
                value(dave, AdMappingStrings.SHA1_PUKEY_SPKI))));
        ldif.append(Slapd.person("erin", attrs("sAMAccountName", "erin", "altSecurityIdentities",
                "X509:<S>DC=com,DC=contoso,CN=Erin")));
        ldif.append(Slapd.person("frank", attrs("sAMAccountName", "frank", "userPrincipalName", "frank@contoso.com")));
        ldif.append(Slapd.person("gina", attrs("sAMAccountName", "gina", "altSecurityIdentities", first(gina),
                "userAccountControl", "514")));
        ldif.append(Slapd.person("hank", attrs("sAMAccountName", "hank", "altSecurityIdentities", first(hank),
                "objectSid", WindowsSid.toBinary("S-1-5-21-1-2-3-1108"))));
        ldif.append(Slapd.person("ivan", attrs("sAMAccountName", "ivan", "objectSid",
                WindowsSid.toBinary("S-1-5-21-7-8-9-1500"))));
        ldif.append(Slapd.person("jack", attrs("sAMAccountName", "jack", "altSecurityIdentities", first(jack))));
        ldif.append(Slapd.person("jack2", attrs("sAMAccountName", "jack2", "altSecurityIdentities", first(jack))));
        ldif.append(Slapd.person("kate", attrs("sAMAccountName", "kate", "userCertificate;binary",
                kate.certificate().getEncoded())));
        ldif.append(Slapd.person("liam", attrs("sAMAccountName", "liam", "userCertificate;binary",
                kateTwin.certificate().getEncoded())));
        ldif.append(Slapd.person("mona", attrs("sAMAccountName", "mona", "certmapThumbprint",
                HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(mona.certificate().getEncoded())))));
        ldif.append(Slapd.group("Admins", List.of(Slapd.dnOf("alice"))));
        ldif.append(Slapd.group("Auditors", List.of(Slapd.dnOf("alice"), Slapd.dnOf("carol"))));
        slapd.add(ldif.toString());
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.stop();
        }
    }

    private static Map<String, List<Object>> attrs(Object... kv) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent((String) kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    private static String first(Issued c) throws Exception {
        return AdMappingStrings.of(c.certificate()).toStore().get(0).value();
    }

    private static String value(Issued c, String form) throws Exception {
        return AdMappingStrings.of(c.certificate()).strong(true).stream().filter(v -> v.form().equals(form))
                .findFirst().orElseThrow().value();
    }

    static DirectorySettings settings(String... urls) {
        List<URI> list = new ArrayList<>();
        for (String u : urls) {
            list.add(URI.create(u));
        }
        return DirectorySettings.of(list, Slapd.SUFFIX)
                .withBind(Slapd.SERVICE_DN, Slapd.SERVICE_PW.toCharArray())
                .withTimes(Duration.ofSeconds(1), null, null);
    }

    private static LookupResult lookup(DirectorySettings s, X509Certificate cert, boolean inTrustStore) {
        try (DirectoryClient client = new DirectoryClient(s)) {
            return new DirectoryLookup(s, client).lookup(cert, inTrustStore);
        }
    }

    @Test
    void altSecurityIdentitiesWhenIssuerSerialThenFoundWithMemberOfRolesAndSidChecked() {
        LookupResult r = lookup(settings(slapd.url()).withRoles(Roles.MEMBER_OF, false), alice.certificate(), true);
        assertThat(r).isInstanceOf(LookupResult.Found.class);
        LookupResult.Found f = (LookupResult.Found) r;
        assertThat(f.user()).isEqualTo("alice");
        assertThat(f.dn()).isEqualToIgnoringCase(Slapd.dnOf("alice"));
        assertThat(f.matchedForm()).isEqualTo("X509:<I><SR>");
        assertThat(f.roles()).containsExactly("Admins", "Report Readers, EU");
        assertThat(f.server()).isEqualTo(slapd.url());
        assertThat(f.filter()).contains("(altSecurityIdentities=X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>1200000000AC11000000002B)");
    }

    @Test
    void altSecurityIdentitiesWhenIssuerNotInTrustStoreThenIssuerSerialNotUsed() {
        LookupResult r = lookup(settings(slapd.url()), alice.certificate(), false);
        assertThat(r).isInstanceOf(LookupResult.NotFound.class);
        assertThat(r.filter()).doesNotContain("<SR>").doesNotContain("<SKI>");
        assertThat(lookup(settings(slapd.url()), carol.certificate(), false)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void altSecurityIdentitiesWhenSkiOrKeyHashThenFoundAndFormReported() {
        LookupResult.Found c = (LookupResult.Found) lookup(settings(slapd.url()), carol.certificate(), true);
        assertThat(c.matchedForm()).isEqualTo(AdMappingStrings.SKI);
        LookupResult.Found d = (LookupResult.Found) lookup(settings(slapd.url()), dave.certificate(), false);
        assertThat(d.matchedForm()).isEqualTo(AdMappingStrings.SHA1_PUKEY_SPKI);
        assertThat(d.user()).isEqualTo("dave");
    }

    @Test
    void weakFormsWhenNotAllowedThenNotFoundAndWhenAllowedThenFound() {
        assertThat(lookup(settings(slapd.url()), erin.certificate(), true)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(lookup(settings(slapd.url()), frank.certificate(), true)).isInstanceOf(LookupResult.NotFound.class);
        LookupResult.Found e = (LookupResult.Found) lookup(settings(slapd.url()).withAllowWeak(true), erin.certificate(), true);
        assertThat(e.matchedForm()).isEqualTo(AdMappingStrings.SUBJECT);
        LookupResult.Found f = (LookupResult.Found) lookup(settings(slapd.url()).withAllowWeak(true), frank.certificate(), true);
        assertThat(f.matchedForm()).isEqualTo("userPrincipalName (SAN UPN, weak)");
    }

    @Test
    void lookupWhenAccountDisabledThenDisabled() {
        assertThat(lookup(settings(slapd.url()), gina.certificate(), true)).isInstanceOf(LookupResult.Disabled.class);
    }

    @Test
    void lookupWhenCertificateSidDiffersFromObjectSidThenSidMismatch() {
        LookupResult r = lookup(settings(slapd.url()), hank.certificate(), true);
        assertThat(r).isInstanceOf(LookupResult.SidMismatch.class);
        assertThat(((LookupResult.SidMismatch) r).entrySid()).isEqualTo("S-1-5-21-1-2-3-1108");
    }

    @Test
    void lookupWhenTwoEntriesMatchThenAmbiguous() {
        LookupResult r = lookup(settings(slapd.url()), jack.certificate(), true);
        assertThat(r).isInstanceOf(LookupResult.Ambiguous.class);
        assertThat(((LookupResult.Ambiguous) r).count()).isEqualTo(2);
    }

    @Test
    void sidLookupWhenExtensionCarriesSidThenEntryWithThatObjectSid() {
        LookupResult.Found f = (LookupResult.Found) lookup(settings(slapd.url()).withLookup(Lookup.SID), ivan.certificate(), true);
        assertThat(f.user()).isEqualTo("ivan");
        assertThat(f.filter()).isEqualTo("(objectSid=\\01\\05\\00\\00\\00\\00\\00\\05\\15\\00\\00\\00\\07\\00\\00\\00"
                + "\\08\\00\\00\\00\\09\\00\\00\\00\\dc\\05\\00\\00)");
        assertThat(lookup(settings(slapd.url()).withLookup(Lookup.SID), carol.certificate(), true))
                .isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void userCertificateWhenTwinWithSameIssuerAndSerialThenDerDecides() {
        DirectorySettings s = settings(slapd.url()).withLookup(Lookup.USER_CERTIFICATE);
        LookupResult.Found f = (LookupResult.Found) lookup(s, kate.certificate(), true);
        assertThat(f.user()).isEqualTo("kate");
        LookupResult.Found twin = (LookupResult.Found) lookup(s, kateTwin.certificate(), true);
        assertThat(twin.user()).isEqualTo("liam");
        assertThat(lookup(s, carol.certificate(), true)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void attributeLookupWhenUpperCaseThumbprintStoredThenFound() {
        DirectorySettings s = settings(slapd.url()).withLookup(Lookup.attribute("certmapThumbprint"));
        assertThat(((LookupResult.Found) lookup(s, mona.certificate(), true)).user()).isEqualTo("mona");
    }

    @Test
    void rolesWhenSearchFilterThenGroupCns() {
        DirectorySettings s = settings(slapd.url()).withRoles(Roles.search("(&(objectClass=groupOfNames)(member={dn}))"), false);
        assertThat(((LookupResult.Found) lookup(s, alice.certificate(), true)).roles())
                .containsExactlyInAnyOrder("Admins", "Auditors");
        assertThat(((LookupResult.Found) lookup(s, carol.certificate(), true)).roles()).containsExactly("Auditors");
    }

    @Test
    void nestedGroupsWhenDirectoryLacksInChainRuleThenDirectMembership() {
        DirectorySettings s = settings(slapd.url()).withRoles(Roles.MEMBER_OF, true);
        assertThat(((LookupResult.Found) lookup(s, alice.certificate(), true)).roles()).contains("Admins");
    }

    @Test
    void extraFilterWhenItExcludesTheEntryThenNotFound() {
        DirectorySettings s = settings(slapd.url()).withFilter("(objectClass=groupOfNames)");
        LookupResult r = lookup(s, alice.certificate(), true);
        assertThat(r).isInstanceOf(LookupResult.NotFound.class);
        assertThat(r.filter()).startsWith("(&(|").endsWith("(objectClass=groupOfNames))");
    }

    @Test
    void hostileCaNamesWhenSearchedThenEscapedFilterReachesSlapdAndFindsNothing() throws Exception {
        for (String name : new String[] {"CN=*", "CN=x)(|(objectClass=*", "CN=nul\u0000byte\\5c", "CN=Müller*"}) {
            Issued hostileCa = TestPki.cert().subject(new org.bouncycastle.asn1.x500.X500NameBuilder()
                    .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, name.substring(3)).build()).ca(-1).build();
            Issued leaf = TestPki.client(hostileCa, "CN=victim");
            LookupResult r = lookup(settings(slapd.url()), leaf.certificate(), true);
            assertThat(r).as(name).isInstanceOf(LookupResult.NotFound.class);
            assertThat(r.filter()).doesNotContain("=*").doesNotContain(")(|(objectClass");
            Thread.sleep(50);
            assertThat(slapd.log().toLowerCase(Locale.ROOT)).as("slapd's log of " + name)
                    .contains("filter=\"" + r.filter().toLowerCase(Locale.ROOT) + "\"");
        }
    }

    @Test
    void failoverWhenFirstUrlDownThenSecondAnswersAndFirstRests() throws Exception {
        String dead = "ldap://127.0.0.1:" + Slapd.freePort();
        DirectorySettings s = settings(dead, slapd.url());
        try (DirectoryClient client = new DirectoryClient(s)) {
            DirectoryLookup l = new DirectoryLookup(s, client);
            LookupResult.Found f = (LookupResult.Found) l.lookup(alice.certificate(), true);
            assertThat(f.server()).isEqualTo(slapd.url());
            int opened = client.connectionsOpened();
            assertThat(l.lookup(carol.certificate(), true)).isInstanceOf(LookupResult.Found.class);
            assertThat(client.connectionsOpened()).isEqualTo(opened); // the dead server rests, the pool reuses
        }
    }

    @Test
    void unavailableWhenAllServersDownThenWithinTimeoutAndThenNotRetried() throws Exception {
        DirectorySettings s = settings("ldap://127.0.0.1:" + Slapd.freePort(), "ldap://127.0.0.1:" + Slapd.freePort());
        try (DirectoryClient client = new DirectoryClient(s)) {
            DirectoryLookup l = new DirectoryLookup(s, client);
            LookupResult r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> l.lookup(alice.certificate(), true));
            assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
            assertThat(((LookupResult.Unavailable) r).perServer()).hasSize(2);
            LookupResult again = l.lookup(alice.certificate(), true);
            assertThat(((LookupResult.Unavailable) again).perServer()).allMatch(w -> w.contains("not retried for 30 s"));
        }
    }

    @Test
    void unavailableWhenServerDoesNotAnswerThenTimeoutBoundsTheWait() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) { // accepts, never answers
            DirectorySettings s = settings("ldap://127.0.0.1:" + silent.getLocalPort());
            // Without the timeout this would wait forever: the guard only stops a hang.
            LookupResult r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> lookup(s, alice.certificate(), true));
            assertThat(r).isInstanceOf(LookupResult.Unavailable.class);
        }
    }

    @Test
    void staleTimeWhenSlapdStopsThenCachedAnswerThenUnavailableThenRecovery() throws Exception {
        try (Slapd own = Slapd.start(dir.resolve("outage"))) {
            own.add(Slapd.person("alice", attrs("sAMAccountName", "alice", "altSecurityIdentities", first(alice),
                    "objectSid", WindowsSid.toBinary(FixedCertificates.SID))));
            MovableClock clock = new MovableClock(DirectoryCacheTest.T0);
            DirectorySettings s = settings(own.url()).withTimes(Duration.ofSeconds(1), Duration.ofMinutes(5),
                    Duration.ofMinutes(30));
            try (Directory d = Directory.open(s, clock)) {
                assertThat(d.lookup(alice.certificate(), true).result()).isInstanceOf(LookupResult.Found.class);
                own.stop();
                clock.advance(Duration.ofMinutes(10));
                DirectoryCache.Answer stale = d.lookup(alice.certificate(), true);
                assertThat(stale.result()).isInstanceOf(LookupResult.Found.class);
                assertThat(stale.stale()).isTrue();
                clock.advance(Duration.ofMinutes(25));
                assertThat(d.lookup(alice.certificate(), true).result()).isInstanceOf(LookupResult.Unavailable.class);
                assertThat(d.lookup(carol.certificate(), true).result()).isInstanceOf(LookupResult.Unavailable.class);
            }
            own.restart();
            try (Directory d = Directory.open(s, clock)) {
                assertThat(d.lookup(alice.certificate(), true).result()).isInstanceOf(LookupResult.Found.class);
            }
        }
    }

    @Test
    void concurrencyWhen200DistinctLookupsThenAtMostMaxConnections() throws Exception {
        DirectorySettings s = settings(slapd.url()).withMaxConnections(4).withTimes(Duration.ofSeconds(10), null, null);
        List<X509Certificate> certs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            certs.add(TestPki.client(ca, "CN=load " + i).certificate());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try (Directory d = Directory.open(s)) {
            List<Future<DirectoryCache.Answer>> answers = new ArrayList<>();
            for (X509Certificate c : certs) {
                answers.add(pool.submit(() -> d.lookup(c, true)));
            }
            for (Future<DirectoryCache.Answer> f : answers) {
                assertThat(f.get(60, TimeUnit.SECONDS).result()).isInstanceOf(LookupResult.NotFound.class);
            }
            assertThat(d.client().connectionsOpened()).isBetween(1, 4);
        } finally {
            pool.shutdownNow();
        }
    }
}
