package org.certmap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certmap.testing.TestPki.ava;
import static org.certmap.testing.TestPki.der;
import static org.certmap.testing.TestPki.name;
import static org.certmap.testing.TestPki.nested;
import static org.certmap.testing.TestPki.rdn;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.certmap.engine.base.Reason;
import org.certmap.testing.Agreement;
import org.certmap.testing.FakeRequest;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile certificates, generated with Bouncy Castle (raw DER where BC would refuse or re-encode),
 * each issued by the site's own trusted CA unless the case is about the chain. Every case is asked
 * through the decision ({@link CertmapEngine#decide}) for a TLS request and for the same chain
 * forwarded by a trusted proxy, and through {@link CertmapEngine#explain} for both: the four must
 * agree, the outcome must be the safe one written in the case, and the certificate summary that
 * logs show must be one line.
 *
 * <p>The mapping file: a Deny on {@code Subject.OU = Contractors} (case-insensitive) and on
 * {@code SubjectAltName.email = *@evil.example}; {@code admin} for {@code Subject.CN = admin}
 * (case-insensitive) and {@code kate} for {@code Subject.CN = kate} (case-insensitive), both from
 * the root only; {@code {Subject.CN}} for anyone with {@code O=Contoso} below a {@code Hostile*} CA;
 * {@code {SubjectAltName.upn}} for {@code O=UPN}; and issuer+serial keys for serials 1, 0xFF and 0.
 */
class HostileCertificateCorpusTest {

    private static final Instant NOW = Instant.now();
    private static final String ROOT_DN = "CN=Hostile Test CA,O=certmap";
    private static final String CN = "2.5.4.3";
    private static final String OU = "2.5.4.11";
    private static final String O = "2.5.4.10";
    private static final String UNKNOWN_EXTENSION = "1.3.6.1.4.1.99999.42";

    private static Path dir;
    private static Issued root;
    private static Issued intermediate;
    private static CertmapEngine engine;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("certmap-hostile");
        root = TestPki.rootCa(ROOT_DN);
        intermediate = TestPki.intermediateCa(root, "CN=Hostile Issuing CA,O=certmap");
        TestPki.writePem(dir.resolve("ca.pem"), root.certificate());
        Path file = dir.resolve("certmap.xml");
        Files.writeString(file, """
                <certificateMapping reloadInterval="0">
                  <validation trustStore="ca.pem"/>
                  <proxy trustedProxies="127.0.0.1" format="pem" maxHeaderBytes="1048576"/>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <oneToOneMappings>
                    <add userName="serial-one" issuer="CN=Hostile Test CA,O=certmap" serialNumber="01"/>
                    <add userName="serial-ff" issuer="CN=Hostile Test CA,O=certmap" serialNumber="FF"/>
                    <add userName="serial-zero" issuer="CN=Hostile Test CA,O=certmap" serialNumber="00"/>
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="no contractors" permissionMode="Deny">
                      <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Contractors" compareCaseSensitive="false"/></rules>
                    </add>
                    <add name="no evil mail" permissionMode="Deny">
                      <rules><add certificateField="SubjectAltName" certificateSubField="email" matchCriteria="*@evil.example" compareCaseSensitive="false"/></rules>
                    </add>
                    <add name="admins" userName="admin" roles="admin">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Hostile Test CA"/>
                        <add certificateField="Subject" certificateSubField="CN" matchCriteria="admin" compareCaseSensitive="false"/>
                      </rules>
                    </add>
                    <add name="kate" userName="kate">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Hostile Test CA"/>
                        <add certificateField="Subject" certificateSubField="CN" matchCriteria="kate" compareCaseSensitive="false"/>
                      </rules>
                    </add>
                    <add name="by cn" userName="{Subject.CN}" roles="staff">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Hostile*"/>
                        <add certificateField="Subject" certificateSubField="O" matchCriteria="Contoso"/>
                      </rules>
                    </add>
                    <add name="by upn" userName="{SubjectAltName.upn}">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Hostile Test CA"/>
                        <add certificateField="Subject" certificateSubField="O" matchCriteria="UPN"/>
                      </rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """, StandardCharsets.UTF_8);
        engine = CertmapEngine.builder("/hostile", file).clock(Clock.fixed(NOW, ZoneOffset.UTC)).polling(false).start();
    }

    @AfterAll
    static void stop() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** What a case must come to: mapped to exactly {@code user} by {@code mapping}, or refused with {@code reason}. */
    record Expect(String user, String mapping, Reason reason) {
        static Expect maps(String user, String mapping) {
            return new Expect(user, mapping, null);
        }

        static Expect refused(Reason reason) {
            return new Expect(null, null, reason);
        }

        @Override
        public String toString() {
            return reason != null ? "refused " + reason : "maps to " + user + " by " + mapping;
        }
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void decideAndExplainAgreeOnTheSafeOutcome(String what, Supplier<X509Certificate[]> chainOf, Expect expect) {
        X509Certificate[] chain = chainOf.get();
        Decision tls = Agreement.decideAndExplain(engine, "/secure/x", NOW, chain);

        FakeRequest forwarded = FakeRequest.plain("/secure/x").from("127.0.0.1")
                .header("SSL_CLIENT_CERT", TestPki.pem(chain).replace('\n', ' ').strip());
        Decision proxied = engine.decide(forwarded, false);
        Agreement.assertAgree(proxied, engine.explain(List.of(chain), false, "/secure/x", NOW), what + " (proxy)");
        Agreement.assertAgree(proxied, engine.explain(List.of(chain), true, "/secure/x", NOW), what + " (proxy vs TLS)");

        if (expect.reason() != null) {
            assertThat(tls.status()).as(what + ": " + tls).isEqualTo(Decision.Status.REFUSED);
            assertThat(tls.reason()).as(what + ": " + tls).isEqualTo(expect.reason());
            assertThat(tls.user()).isNull();
        } else {
            assertThat(tls.status()).as(what + ": " + tls).isEqualTo(Decision.Status.AUTHENTICATED);
            assertThat(tls.user()).as(what).isEqualTo(expect.user());
            assertThat(tls.mapping()).as(what).isEqualTo(expect.mapping());
        }
        if (tls.certificate() != null) {
            String subject = tls.certificate().subject();
            assertThat(subject.chars().noneMatch(c -> c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)
                    || c == 0x2028 || c == 0x2029 || c == 0x202E)).as("one log line: %s", subject).isTrue();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // --- names, issued by the trusted root --------------------------------------------------
        c.add(of("control: CN=alice,O=Contoso", () -> leaf(utf8Name("alice", "Contoso")), Expect.maps("alice", "by cn")));
        c.add(of("NUL: CN=admin<NUL> (O=Other) is not admin", () -> leaf(utf8Name("admin\0", "Other")),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("NUL: CN=alice<NUL>admin maps to exactly that name, never alice or admin",
                () -> leaf(utf8Name("alice\0admin", "Contoso")), Expect.maps("alice\0admin", "by cn")));
        c.add(of("homoglyph: Cyrillic a in admin", () -> leaf(utf8Name("\u0430dmin", "Other")),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("homoglyph: Cyrillic a maps as its own name, not admin", () -> leaf(utf8Name("\u0430dmin", "Contoso")),
                Expect.maps("\u0430dmin", "by cn")));
        c.add(of("homoglyph: fullwidth ADMIN vs compareCaseSensitive=false",
                () -> leaf(utf8Name("\uFF21\uFF24\uFF2D\uFF29\uFF2E", "Other")), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("homoglyph: Kelvin sign in KATE vs compareCaseSensitive=false",
                () -> leaf(utf8Name("\u212AATE", "Other")), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("control: ASCII KATE folds to kate", () -> leaf(utf8Name("KATE", "Other")), Expect.maps("kate", "kate")));
        c.add(of("homoglyph: dotless i in admin", () -> leaf(utf8Name("adm\u0131n", "Other")),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("homoglyph: dotted capital I in ADMIN", () -> leaf(utf8Name("ADM\u0130N", "Other")),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("structure: OU=CN=admin is not a CN", () -> leaf(name(rdn(ava(O, utf8("Other"))),
                rdn(ava(OU, utf8("CN=admin"))), rdn(ava(CN, utf8("eve"))))), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("multi-valued RDN: CN=alice+OU=Contractors is denied",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, utf8("alice")), ava(OU, utf8("Contractors"))))),
                Expect.refused(Reason.MAPPING_DENIED)));
        c.add(of("multi-valued RDN: CN=alice+CN=bob gives {Subject.CN} two values",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, utf8("alice")), ava(CN, utf8("bob"))))),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("duplicate CN: CN=bob,CN=alice gives {Subject.CN} two values",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, utf8("alice"))), rdn(ava(CN, utf8("bob"))))),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("duplicate CN: any value matches a rule (IIS), so CN=admin,CN=alice is admin",
                () -> leaf(name(rdn(ava(O, utf8("Other"))), rdn(ava(CN, utf8("alice"))), rdn(ava(CN, utf8("admin"))))),
                Expect.maps("admin", "admins")));
        c.add(of("duplicate OU: one of them Contractors is denied",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(OU, utf8("Sales"))), rdn(ava(OU, utf8("contractors"))),
                        rdn(ava(CN, utf8("alice"))))), Expect.refused(Reason.MAPPING_DENIED)));
        for (Object[] t : new Object[][] {
            {"UTF8String", 0x0C, "alice".getBytes(StandardCharsets.UTF_8)},
            {"PrintableString", 0x13, "alice".getBytes(StandardCharsets.US_ASCII)},
            {"TeletexString", 0x14, "alice".getBytes(StandardCharsets.ISO_8859_1)},
            {"BMPString", 0x1E, "alice".getBytes(StandardCharsets.UTF_16BE)},
            {"UniversalString", 0x1C, utf32("alice")},
            {"IA5String (not a DirectoryString: read anyway, nothing is hidden)", 0x16, "alice".getBytes(StandardCharsets.US_ASCII)},
            {"VisibleString", 0x1A, "alice".getBytes(StandardCharsets.US_ASCII)},
        }) {
            byte[] value = der((Integer) t[1], (byte[]) t[2]);
            c.add(of("string type: CN as " + t[0], () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, value)))),
                    Expect.maps("alice", "by cn")));
        }
        c.add(of("string type: IA5String where allowed (E, DC) next to the CN",
                () -> leaf(name(rdn(ava("0.9.2342.19200300.100.1.25", der(0x16, ascii("example")))), rdn(ava(O, utf8("Contoso"))),
                        rdn(ava(CN, utf8("alice"))), rdn(ava("1.2.840.113549.1.9.1", der(0x16, ascii("alice@contoso.example")))))),
                Expect.maps("alice", "by cn")));
        c.add(of("string type: TeletexString is ISO-8859-1 (caf\\xE9)",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, der(0x14, new byte[] {'c', 'a', 'f', (byte) 0xE9}))))),
                Expect.maps("caf\u00E9", "by cn")));
        c.add(of("string type: BMPString and UTF8String of one name are one user",
                () -> leaf(name(rdn(ava(O, der(0x1E, "Contoso".getBytes(StandardCharsets.UTF_16BE)))),
                        rdn(ava(CN, der(0x1E, "\u00F6mer".getBytes(StandardCharsets.UTF_16BE)))))),
                Expect.maps("\u00F6mer", "by cn")));
        for (Object[] t : new Object[][] {
            {"BMPString of odd length", der(0x1E, new byte[] {0, 'a', 0})},
            {"UTF8String not well formed", der(0x0C, new byte[] {'a', (byte) 0xC3, 0x28})},
            {"UTF8String with an encoded surrogate", der(0x0C, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})},
            {"PrintableString with a byte above 0x7F", der(0x13, new byte[] {'a', (byte) 0xE9})},
            {"UniversalString with a surrogate code point", der(0x1C, new byte[] {0, 0, (byte) 0xD8, 0})},
            {"UniversalString not a multiple of 4", der(0x1C, new byte[] {0, 0, 0})},
        }) {
            byte[] value = (byte[]) t[1];
            c.add(of("bad string: CN as " + t[0] + " is unreadable, so nothing maps by name",
                    () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, value)))), Expect.refused(Reason.NO_MAPPING)));
        }
        c.add(of("non-string: OU=Contractors as an OCTET STRING must not dodge the Deny",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(OU, der(0x04, ascii("Contractors")))),
                        rdn(ava(CN, utf8("alice"))))), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("non-string: CN=admin as an OCTET STRING next to CN=alice is not one CN",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(CN, der(0x04, ascii("admin")))),
                        rdn(ava(CN, utf8("alice"))))), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("non-string: a constructed UTF8String OU=Contractors must not dodge the Deny",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava(OU, der(0x2C, utf8("Contractors")))),
                        rdn(ava(CN, utf8("alice"))))), Expect.refused(Reason.NO_MAPPING)));
        c.add(of("control: a non-string value of an attribute no rule reads changes nothing",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava("2.5.4.45", der(0x03, new byte[] {0, 1}))),
                        rdn(ava(CN, utf8("alice"))))), Expect.maps("alice", "by cn")));
        c.add(of("very long: CN of 20,000 characters", () -> leaf(utf8Name("a".repeat(20_000), "Contoso")),
                Expect.maps("a".repeat(20_000), "by cn")));
        c.add(of("very long: 2,000 RDNs", () -> {
            List<byte[]> rdns = new ArrayList<>();
            rdns.add(rdn(ava(O, utf8("Contoso"))));
            for (int i = 0; i < 2_000; i++) {
                rdns.add(rdn(ava(OU, utf8("unit " + i))));
            }
            rdns.add(rdn(ava(CN, utf8("alice"))));
            return leaf(name(rdns.toArray(new byte[0][])));
        }, Expect.maps("alice", "by cn")));
        c.add(of("deep DER: an attribute value nested 2,000 SEQUENCEs deep",
                () -> leaf(name(rdn(ava(O, utf8("Contoso"))), rdn(ava("1.3.6.1.4.1.99999.9", nested(2_000, der(0x05)))),
                        rdn(ava(CN, utf8("alice"))))), Expect.maps("alice", "by cn")));
        c.add(of("deep DER: a non-critical extension nested 5,000 deep", () -> TestPki.cert().subject("CN=alice,O=Contoso")
                .issuer(root).rawExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.8"), false, nested(5_000, der(0x05)))
                .build().chain(), Expect.maps("alice", "by cn")));
        c.add(of("deep DER: an unknown otherName SAN nested 2,000 deep", () -> TestPki.cert().subject("CN=alice,O=Contoso")
                .issuer(root).rawExtension(Extension.subjectAlternativeName, false, der(0x30, der(0xA0, TestPki.oid("1.3.6.1.4.1.99999.7"),
                        der(0xA0, nested(2_000, der(0x05)))))).build().chain(), Expect.maps("alice", "by cn")));
        c.add(of("empty subject with a (critical) SAN", () -> TestPki.cert().subject(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]))
                .issuer(root).extension(Extension.subjectAlternativeName, true, new org.bouncycastle.asn1.x509.GeneralNames(
                        new GeneralName(GeneralName.rfc822Name, "alice@contoso.example"))).build().chain(),
                Expect.refused(Reason.NO_MAPPING)));
        // --- SANs -----------------------------------------------------------------------------------
        c.add(of("SAN: email x@EVIL.example is denied", () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root)
                .san(new GeneralName(GeneralName.rfc822Name, "x@EVIL.example")).build().chain(),
                Expect.refused(Reason.MAPPING_DENIED)));
        c.add(of("SAN: an rfc822Name encoded constructed ([1] EXPLICIT) must not dodge the Deny",
                () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root).rawExtension(Extension.subjectAlternativeName,
                        false, der(0x30, der(0xA1, der(0x16, ascii("x@evil.example"))))).build().chain(),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("SAN: a dNSName encoded constructed is refused too",
                () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root).rawExtension(Extension.subjectAlternativeName,
                        false, der(0x30, der(0xA2, der(0x16, ascii("evil.example"))))).build().chain(),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("SAN: UPN with NUL maps to exactly that UPN", () -> TestPki.cert().subject("CN=u,O=UPN").issuer(root)
                .san(upn("admin@contoso.example\0.evil.example")).build().chain(),
                Expect.maps("admin@contoso.example\0.evil.example", "by upn")));
        c.add(of("SAN: two UPNs give {SubjectAltName.upn} two values", () -> TestPki.cert().subject("CN=u,O=UPN").issuer(root)
                .san(upn("alice@contoso.example")).san(upn("admin@contoso.example")).build().chain(),
                Expect.refused(Reason.NO_MAPPING)));
        // --- chains ---------------------------------------------------------------------------------
        c.add(of("control: leaf below an intermediate (pathLen 0)", () -> TestPki.client(intermediate, "CN=carol,O=Contoso").chain(),
                Expect.maps("carol", "by cn")));
        c.add(of("unknown critical extension on the leaf", () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root)
                .extension(new ASN1ObjectIdentifier(UNKNOWN_EXTENSION), true, DERNull.INSTANCE).build().chain(),
                Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("control: unknown non-critical extension on the leaf", () -> TestPki.cert().subject("CN=alice,O=Contoso")
                .issuer(root).extension(new ASN1ObjectIdentifier(UNKNOWN_EXTENSION), false, DERNull.INSTANCE).build().chain(),
                Expect.maps("alice", "by cn")));
        c.add(of("unknown critical extension on the intermediate", () -> {
            Issued ca = TestPki.cert().subject("CN=Hostile Critical CA,O=certmap").issuer(root).ca(0)
                    .extension(new ASN1ObjectIdentifier(UNKNOWN_EXTENSION), true, DERNull.INSTANCE).build();
            return TestPki.client(ca, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("CA flag on the leaf (cA=true, digitalSignature, clientAuth): maps, as RFC 5280, JSSE and OpenSSL allow",
                () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root).ca(-1).eku(KeyPurposeId.id_kp_clientAuth)
                        .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign, true).build().chain(),
                Expect.maps("alice", "by cn")));
        c.add(of("intermediate without basicConstraints", () -> {
            Issued ca = TestPki.cert().subject("CN=Hostile NoBC CA,O=certmap").issuer(root).eku()
                    .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign, true).build();
            return TestPki.client(ca, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("intermediate with basicConstraints cA=false", () -> {
            Issued ca = TestPki.cert().subject("CN=Hostile NotCA CA,O=certmap").issuer(root).eku()
                    .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign, true)
                    .extension(Extension.basicConstraints, true, new BasicConstraints(false)).build();
            return TestPki.client(ca, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("intermediate CA whose keyUsage lacks keyCertSign", () -> {
            Issued ca = TestPki.cert().subject("CN=Hostile NoSign CA,O=certmap").issuer(root).ca(0)
                    .keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign, true).build();
            return TestPki.client(ca, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("a client certificate used as an issuer", () -> {
            Issued user = TestPki.client(root, "CN=Hostile User,O=Contoso");
            return TestPki.client(user, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("pathLen violation: pathLen 0 intermediate above another CA", () -> {
            Issued sub = TestPki.cert().subject("CN=Hostile Sub CA,O=certmap").issuer(intermediate).ca(-1).build();
            return TestPki.client(sub, "CN=alice,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("control: pathLen 1 then pathLen 0", () -> {
            Issued one = TestPki.cert().subject("CN=Hostile PathLen1 CA,O=certmap").issuer(root).ca(1).build();
            Issued zero = TestPki.cert().subject("CN=Hostile PathLen0 CA,O=certmap").issuer(one).ca(0).build();
            return TestPki.client(zero, "CN=alice,O=Contoso").chain();
        }, Expect.maps("alice", "by cn")));
        c.add(of("name constraints: subject outside the permitted O=Contoso", () -> TestPki.client(constrained(), "CN=eve,O=Contoso Evil").chain(),
                Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("name constraints: SAN email in the excluded evil.example", () -> TestPki.cert().subject("CN=dave,O=Contoso")
                .issuer(constrained()).san(new GeneralName(GeneralName.rfc822Name, "dave@mail.evil.example")).build().chain(),
                Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("control: name constraints met", () -> TestPki.cert().subject("CN=dave,O=Contoso").issuer(constrained())
                .san(new GeneralName(GeneralName.rfc822Name, "dave@contoso.example")).build().chain(), Expect.maps("dave", "by cn")));
        c.add(of("look-alike root: same name, another key", () -> {
            Issued fake = TestPki.rootCa(ROOT_DN);
            return TestPki.client(fake, "CN=admin,O=Contoso").chain();
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        c.add(of("intermediate not sent and not in the trust store", () -> {
            X509Certificate[] full = TestPki.client(intermediate, "CN=carol,O=Contoso").chain();
            return new X509Certificate[] {full[0], full[2]};
        }, Expect.refused(Reason.CERTIFICATE_UNTRUSTED)));
        // --- serials --------------------------------------------------------------------------------
        c.add(of("control: serial 1 is the issuer+serial key 01", () -> serial(BigInteger.ONE), Expect.maps("serial-one", "oneToOne")));
        c.add(of("control: serial 255 (DER 00 FF) is the key FF", () -> serial(BigInteger.valueOf(255)),
                Expect.maps("serial-ff", "oneToOne")));
        c.add(of("negative serial -1 (DER FF) is neither key 01 nor key FF", () -> serial(BigInteger.valueOf(-1)),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("negative serial -255 (DER FF 01) is not key 01", () -> serial(BigInteger.valueOf(-255)),
                Expect.refused(Reason.NO_MAPPING)));
        c.add(of("zero serial matches only the key 00", () -> serial(BigInteger.ZERO), Expect.maps("serial-zero", "oneToOne")));
        c.add(of("21-byte serial (over RFC 5280's 20) maps by name only",
                () -> TestPki.cert().subject("CN=alice,O=Contoso").issuer(root).serial(BigInteger.ONE.shiftLeft(160)).build().chain(),
                Expect.maps("alice", "by cn")));
        return c.stream();
    }

    private static Arguments of(String what, Supplier<X509Certificate[]> chain, Expect expect) {
        return Arguments.of(what, chain, expect);
    }

    /** A leaf issued by the trusted root with exactly this subject DER; sent with the root. */
    private static X509Certificate[] leaf(byte[] subject) {
        return TestPki.cert().rawSubject(subject).issuer(root).build().chain();
    }

    private static byte[] utf8Name(String cn, String o) {
        return name(rdn(ava(O, utf8(o))), rdn(ava(CN, utf8(cn))));
    }

    private static byte[] utf8(String s) {
        return der(0x0C, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf32(String s) {
        return s.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
    }

    private static GeneralName upn(String value) {
        return new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
            new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERTaggedObject(true, 0, new DERUTF8String(value))}));
    }

    private static X509Certificate[] serial(BigInteger serial) {
        return TestPki.cert().subject("CN=numbered,O=Other").issuer(root).serial(serial).build().chain();
    }

    private static Issued constrainedCa;

    /** An intermediate that may only name O=Contoso subjects and never e-mail in evil.example. */
    private static synchronized Issued constrained() {
        if (constrainedCa == null) {
            NameConstraints nc = new NameConstraints(
                    new GeneralSubtree[] {new GeneralSubtree(new GeneralName(new X500Name("O=Contoso")))},
                    new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, ".evil.example")),
                        new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, "evil.example"))});
            constrainedCa = TestPki.cert().subject("CN=Hostile Constrained CA,O=certmap").issuer(root).ca(0)
                    .extension(Extension.nameConstraints, true, nc).build();
        }
        return constrainedCa;
    }
}
