package org.certmap.engine.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mapping rule of DESIGN.md, on certificates made in the test. */
class MapperTest {

    static Issued ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
    }

    private MappingConfig load(String body) throws IOException, ConfigException {
        return load("", body);
    }

    private MappingConfig load(String rootAttributes, String body) throws IOException, ConfigException {
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path f = dir.resolve("m.xml");
        Files.writeString(f, "<certificateMapping " + rootAttributes + "><validation trustStore=\"ca.pem\"/>" + body
                + "</certificateMapping>");
        return MappingFileLoader.standard().load(f);
    }

    /** Maps as the engine does after validation found the certificate's CA in the trust store. */
    private static MappingResult map(MappingConfig cfg, Issued c) {
        CertificateFacts facts = new CertificateFacts(c.certificate());
        facts.issuerInTrustStore(true);
        return cfg.mapper().map(facts);
    }

    private static String rule(String field, String sub, String criteria, boolean caseSensitive) {
        return "<add certificateField=\"" + field + "\" certificateSubField=\"" + sub + "\" matchCriteria=\"" + criteria
                + "\" compareCaseSensitive=\"" + caseSensitive + "\"/>";
    }

    @Test
    void mapWhenOneToOneAndDenyBothMatchThenOneToOneWins() throws Exception {
        Issued c = TestPki.client(ca, "CN=bob,OU=Contractors,O=Contoso");
        MappingConfig cfg = load("<oneToOneMappings><add userName=\"bob\" certificate=\"" + c.pem() + "\"/></oneToOneMappings>"
                + "<manyToOneMappings><add name=\"deny\" permissionMode=\"Deny\"><rules>"
                + rule("Subject", "OU", "Contractors", true) + "</rules></add></manyToOneMappings>");
        assertThat(map(cfg, c).user()).isEqualTo("bob");
    }

    @Test
    void mapWhenOneToOneDisabledThenFallsThroughToManyToOne() throws Exception {
        Issued c = TestPki.client(ca, "CN=bob,O=Contoso");
        MappingConfig cfg = load("<oneToOneMappings><add userName=\"bob\" enabled=\"false\" certificate=\"" + c.pem()
                + "\"/></oneToOneMappings><manyToOneMappings><add name=\"staff\" userName=\"staff\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + "</rules></add></manyToOneMappings>");
        assertThat(map(cfg, c).user()).isEqualTo("staff");
        assertThat(map(cfg, c).mapping()).isEqualTo("staff");
    }

    @Test
    void mapWhenSeveralKeysMatchThenWholeCertificateThenIssuerSerialThenSpki() throws Exception {
        Issued c = TestPki.cert().subject("CN=svc").issuer(ca).serial(BigInteger.valueOf(0x1234)).build();
        String issuer = "CN=Contoso Issuing CA 1,O=Contoso";
        String spki = java.util.HexFormat.of().formatHex(CertificateFacts.sha256(c.certificate().getPublicKey().getEncoded()));
        String sha = new CertificateFacts(c.certificate()).sha256Hex();
        String all = "<oneToOneMappings>"
                + "<add userName=\"by-spki\" spkiSha256=\"" + spki + "\"/>"
                + "<add userName=\"by-serial\" issuer=\"" + issuer + "\" serialNumber=\"1234\"/>"
                + "<add userName=\"by-sha\" sha256=\"" + sha + "\" %s/>"
                + "</oneToOneMappings>";
        assertThat(map(load(all.formatted("")), c).user()).isEqualTo("by-sha");
        assertThat(map(load(all.formatted("enabled=\"false\"")), c).user()).isEqualTo("by-serial");
    }

    @Test
    void mapWhenManyToOneThenFirstEnabledMatchInDocumentOrderDecides() throws Exception {
        Issued c = TestPki.client(ca, "CN=carol,OU=Contractors,O=Contoso");
        String deny = "<add name=\"deny\" permissionMode=\"Deny\"><rules>" + rule("Subject", "OU", "contractors", false)
                + "</rules></add>";
        String allow = "<add name=\"allow\" userName=\"staff\"><rules>" + rule("Issuer", "CN", "Contoso Issuing CA 1", true)
                + "</rules></add>";
        MappingResult r = map(load("<manyToOneMappings>" + deny + allow + "</manyToOneMappings>"), c);
        assertThat(r.outcome()).isEqualTo(MappingResult.Outcome.DENIED);
        assertThat(r.mapping()).isEqualTo("deny");
        assertThat(map(load("<manyToOneMappings>" + allow + deny + "</manyToOneMappings>"), c).user()).isEqualTo("staff");
        String disabledDeny = deny.replace("permissionMode", "enabled=\"false\" permissionMode");
        assertThat(map(load("<manyToOneMappings>" + disabledDeny + allow + "</manyToOneMappings>"), c).user())
                .isEqualTo("staff");
        assertThat(map(load("manyToOneCertificateMappingsEnabled=\"false\"", "<manyToOneMappings>" + allow
                + "</manyToOneMappings>"), c).outcome())
                .isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    @Test
    void mapWhenAllRulesMustMatchThenOneMismatchIsNoMapping() throws Exception {
        Issued c = TestPki.client(ca, "CN=dave,O=Fabrikam");
        MappingResult r = map(load("<manyToOneMappings><add name=\"a\" userName=\"staff\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("Subject", "O", "Contoso*", true)
                + "</rules></add></manyToOneMappings>"), c);
        assertThat(r.outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    @Test
    void mapWhenMultiValuedAttributeThenAnyValueMatches() throws Exception {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Contoso")
                .addRDN(BCStyle.OU, "Sales").addRDN(BCStyle.OU, "Managers").addRDN(BCStyle.CN, "erin");
        Issued c = TestPki.cert().subject(b.build()).issuer(ca).build();
        MappingConfig cfg = load("<manyToOneMappings><add name=\"m\" userName=\"mgr\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("Subject", "OU", "Managers", true)
                + "</rules></add></manyToOneMappings>");
        assertThat(map(cfg, c).user()).isEqualTo("mgr");
    }

    @Test
    void mapWhenOuIsLiterallyCnEqualsAdminThenCnRuleDoesNotMatch() throws Exception {
        Issued c = TestPki.cert().subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, "CN=admin")
                .addRDN(BCStyle.CN, "mallory").build()).issuer(ca).build();
        MappingConfig cfg = load("<manyToOneMappings><add name=\"admins\" userName=\"admin\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("Subject", "CN", "admin", false)
                + "</rules></add></manyToOneMappings>");
        assertThat(map(cfg, c).outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    @Test
    void mapWhenCaseInsensitiveThenOnlyAsciiLettersFold() throws Exception {
        MappingConfig cfg = load("<manyToOneMappings><add name=\"admins\" userName=\"admin\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("Subject", "CN", "admin", false)
                + "</rules></add></manyToOneMappings>");
        assertThat(map(cfg, TestPki.client(ca, "CN=ADMIN")).user()).isEqualTo("admin");
        for (String lookalike : List.of("\uFF21\uFF24\uFF2D\uFF29\uFF2E", "adm\u0131n", "admin\u0000", " admin")) {
            Issued c = TestPki.cert().subject(new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, new DERUTF8String(lookalike)).build()).issuer(ca).build();
            assertThat(map(cfg, c).outcome()).as(lookalike).isEqualTo(MappingResult.Outcome.NO_MAPPING);
        }
        MappingConfig sensitive = load("<manyToOneMappings><add name=\"admins\" userName=\"admin\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("Subject", "CN", "admin", true)
                + "</rules></add></manyToOneMappings>");
        assertThat(map(sensitive, TestPki.client(ca, "CN=ADMIN")).outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    @Test
    void mapWhenUserNameTemplateThenExactlyOneValueOrNoMapping() throws Exception {
        MappingConfig cfg = load("<manyToOneMappings><add name=\"t\" userName=\"{SubjectAltName.upn}\" roles=\"staff\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + "</rules></add></manyToOneMappings>");
        Issued upn = TestPki.cert().subject("CN=frank").issuer(ca).san(upn("frank@contoso.com")).build();
        assertThat(map(cfg, upn).user()).isEqualTo("frank@contoso.com");
        assertThat(map(cfg, upn).roles()).containsExactly("staff");
        Issued none = TestPki.client(ca, "CN=nobody");
        MappingResult r = map(cfg, none);
        assertThat(r.outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
        assertThat(r.detail()).contains("0 values");
        Issued two = TestPki.cert().subject("CN=two").issuer(ca).san(upn("a@contoso.com")).san(upn("b@contoso.com")).build();
        assertThat(map(cfg, two).detail()).contains("2 values");
        MappingConfig cn = load("<manyToOneMappings><add name=\"t\" userName=\"{Subject.CN}@{Issuer.O}\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + "</rules></add></manyToOneMappings>");
        assertThat(map(cn, TestPki.client(ca, "CN=gina")).user()).isEqualTo("gina@Contoso");
        Issued twoCns = TestPki.cert().subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "a")
                .addRDN(BCStyle.CN, "b").build()).issuer(ca).build();
        assertThat(map(cn, twoCns).outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    /**
     * Found by the hostile-certificate corpus: a value certmap cannot read as a string (an OCTET
     * STRING, a constructed string) was skipped as if the attribute were absent, so an OU of
     * "Contractors" encoded as an OCTET STRING walked past the Deny rule on OU and mapped by the
     * next mapping. A field a many-to-one mapping reads that has such a value now refuses the
     * certificate (NO_MAPPING), as NameException's contract says for names certmap cannot read.
     */
    @Test
    void mapWhenAFieldARuleReadsHasANonStringValueThenNoMappingNotADodgedDeny() throws Exception {
        MappingConfig cfg = load("<manyToOneMappings><add name=\"no contractors\" permissionMode=\"Deny\"><rules>"
                + rule("Subject", "OU", "Contractors", false) + "</rules></add>"
                + "<add name=\"staff\" userName=\"{Subject.CN}\"><rules>" + rule("Issuer", "CN", "Contoso Issuing CA 1", true)
                + "</rules></add></manyToOneMappings>");
        for (byte[] ou : new byte[][] {
            TestPki.der(0x04, "Contractors".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            TestPki.der(0x2C, TestPki.der(0x0C, "Contractors".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
        }) {
            Issued c = TestPki.cert().issuer(ca).rawSubject(TestPki.name(TestPki.rdn(TestPki.ava("2.5.4.11", ou)),
                    TestPki.rdn(TestPki.ava("2.5.4.3", TestPki.der(0x0C, new byte[] {'b', 'o', 'b'}))))).build();
            MappingResult r = map(cfg, c);
            assertThat(r.outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
            assertThat(r.detail()).contains("Subject.OU").contains("not a character string");
            org.certmap.engine.base.Findings explained = org.certmap.engine.base.Findings.forExplanation();
            assertThat(cfg.mapper().map(new CertificateFacts(c.certificate()), explained).outcome())
                    .isEqualTo(MappingResult.Outcome.NO_MAPPING);
            assertThat(explained.checks()).anyMatch(k -> k.outcome() == org.certmap.engine.base.Check.Outcome.FAILED
                    && k.detail().contains("Subject.OU"));
        }
        // The template's field too: CN=admin as an OCTET STRING next to CN=bob is not "one CN".
        Issued twoCns = TestPki.cert().issuer(ca).rawSubject(TestPki.name(
                TestPki.rdn(TestPki.ava("2.5.4.3", TestPki.der(0x04, new byte[] {'a', 'd', 'm', 'i', 'n'}))),
                TestPki.rdn(TestPki.ava("2.5.4.3", TestPki.der(0x0C, new byte[] {'b', 'o', 'b'}))))).build();
        assertThat(map(cfg, twoCns).outcome()).isEqualTo(MappingResult.Outcome.NO_MAPPING);
        // An attribute no mapping reads may hold anything.
        Issued other = TestPki.cert().issuer(ca).rawSubject(TestPki.name(
                TestPki.rdn(TestPki.ava("2.5.4.45", TestPki.der(0x03, new byte[] {0, 1}))),
                TestPki.rdn(TestPki.ava("2.5.4.3", TestPki.der(0x0C, new byte[] {'b', 'o', 'b'}))))).build();
        assertThat(map(cfg, other).user()).isEqualTo("bob");
    }

    @Test
    void mapWhenSanEmailRuleThenMatchesAnyEmail() throws Exception {
        MappingConfig cfg = load("<manyToOneMappings><add name=\"mail\" userName=\"{Subject.CN}\"><rules>"
                + rule("Issuer", "CN", "Contoso Issuing CA 1", true) + rule("SubjectAltName", "email", "*@contoso.com", false)
                + "</rules></add></manyToOneMappings>");
        Issued c = TestPki.cert().subject("CN=hank").issuer(ca).san(new GeneralName(GeneralName.rfc822Name, "h@gmail.com"))
                .san(new GeneralName(GeneralName.rfc822Name, "Hank@CONTOSO.com")).build();
        assertThat(map(cfg, c).user()).isEqualTo("hank");
    }

    @Test
    void mapWhenDisabledRootThenNothingMaps() throws Exception {
        Issued c = TestPki.client(ca, "CN=ivan");
        Path f = dir.resolve("d.xml");
        Files.writeString(f, "<certificateMapping enabled=\"false\"><oneToOneMappings><add userName=\"ivan\" certificate=\""
                + c.pem() + "\"/></oneToOneMappings></certificateMapping>");
        assertThat(MappingFileLoader.standard().load(f).mapper().map(new CertificateFacts(c.certificate())).outcome())
                .isEqualTo(MappingResult.Outcome.NO_MAPPING);
    }

    @Test
    void firstMatchWhenIndexedThenSameAsLinearScan() {
        Random random = new Random(42);
        String[] ous = {"Sales", "Dev", "Ops", "Contractors", "HR"};
        String[] issuers = {"CA 1", "CA 2", "CA 3"};
        List<ManyToOneMapping> mappings = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<Rule> rules = new ArrayList<>();
            if (random.nextBoolean()) {
                rules.add(new Rule(CertificateField.of("Issuer", "CN"), issuers[random.nextInt(3)], random.nextBoolean()));
            }
            int kind = random.nextInt(3);
            String ou = ous[random.nextInt(ous.length)];
            rules.add(new Rule(CertificateField.of("Subject", "OU"),
                    kind == 0 ? ou : kind == 1 ? ou.substring(0, 2) + "*" : ou.toUpperCase(java.util.Locale.ROOT), kind != 2));
            mappings.add(new ManyToOneMapping("m" + i, random.nextInt(10) > 0, random.nextBoolean(),
                    UserNameTemplate.parse("u" + i), java.util.Set.of(), rules, true, i));
        }
        ManyToOneIndex index = new ManyToOneIndex(mappings);
        List<Issued> issuerCerts = new ArrayList<>();
        for (String cn : issuers) {
            issuerCerts.add(TestPki.rootCa("CN=" + cn));
        }
        for (int n = 0; n < 60; n++) {
            Issued cert = TestPki.client(issuerCerts.get(random.nextInt(3)), "CN=x,OU=" + ous[random.nextInt(ous.length)]);
            CertificateFacts facts = new CertificateFacts(cert.certificate());
            ManyToOneMapping linear = mappings.stream().filter(ManyToOneMapping::enabled)
                    .filter(m -> m.matches(facts.names())).findFirst().orElse(null);
            assertThat(index.firstMatch(facts.names())).isSameAs(linear);
        }
    }

    private static GeneralName upn(String value) {
        return new GeneralName(GeneralName.otherName, new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERTaggedObject(true, 0, new DERUTF8String(value))}));
    }
}
