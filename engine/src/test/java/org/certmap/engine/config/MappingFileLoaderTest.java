package org.certmap.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.location.Location;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.OneToOneMapping;
import org.certmap.testing.DesignExample;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingFileLoaderTest {

    @TempDir
    Path dir;

    private final MappingFileLoader loader = new MappingFileLoader(new PropertyExpander(
            Map.of("site.home", "/srv/site")::get, Map.of("STORE_PASSWORD", "changeit")::get));

    private Path write(String name, String xml) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, xml, StandardCharsets.UTF_8);
        return p;
    }

    private ConfigException loadError(String xml) throws IOException {
        Path p = write("certmap.xml", xml);
        try {
            loader.load(p);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a load error for:\n" + xml);
    }

    @Test
    void loadWhenDesignExampleFilledInThenEveryPartIsThere() throws Exception {
        DesignExample.Filled example = DesignExample.write(dir);
        Issued jdoe = example.jdoe();
        Issued asmith = example.asmith();
        Issued bot = example.buildBot();
        Path file = example.file();

        MappingConfig cfg = loader.load(file);

        assertThat(cfg.enabled()).isTrue();
        assertThat(cfg.showReason()).isEqualTo(org.certmap.engine.config.ShowReason.LOCAL);
        assertThat(cfg.protectDispatches()).as("the default").isTrue();
        assertThat(cfg.reloadInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cfg.hasTrustStore()).isTrue();
        assertThat(cfg.headerDecoder().header()).isEqualTo("ssl-client-cert");
        assertThat(cfg.trustedProxies().isTrusted("10.0.1.77")).isTrue();
        assertThat(cfg.trustedProxies().isTrusted("10.0.2.1")).isFalse();
        assertThat(cfg.locations().locations()).hasSize(2);
        Location admin = cfg.locations().match("/secure/admin/users");
        assertThat(admin.roles()).containsExactly("admin");
        assertThat(admin.requirement()).isEqualTo(Location.Requirement.REQUIRE);
        assertThat(admin.sslRequired()).isTrue();
        assertThat(user(cfg, jdoe)).isEqualTo("jdoe");
        assertThat(cfg.mapper().oneToOne().find(new CertificateFacts(jdoe.certificate())).roles())
                .containsExactlyInAnyOrder("staff", "admin");
        assertThat(user(cfg, asmith)).isEqualTo("asmith");
        assertThat(user(cfg, bot)).isEqualTo("build-bot");
        assertThat(cfg.mapper().manyToOne()).extracting(m -> m.name()).containsExactly("no contractors", "contoso staff");
        assertThat(cfg.watchedFiles()).contains(dir.resolve("clients-ca.pem"), dir.resolve("clients/asmith.pem"));
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void loadWhenSeedCertificateAsPemOrIisOneLineThenSameKey() throws Exception {
        String pem = resource("/seed/client1.crt");
        String oneLine = resource("/seed/client1-iis-one-line.txt");
        Path file = write("certmap.xml", """
                <certificateMapping>
                  <oneToOneMappings>
                    <add userName="jdoe" certificate="%s"/>
                    <add userName="other" certificate="%s"/>
                  </oneToOneMappings>
                </certificateMapping>
                """.formatted(pem, oneLine));

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("certmap.xml:")
                .hasMessageContaining("already mapped to user jdoe at line");
    }

    @Test
    void loadWhenCertificateWrappedWithTabsCrlfAndSpacesThenSameKeyAsOneLine() throws Exception {
        String oneLine = resource("/seed/client1-iis-one-line.txt").trim();
        StringBuilder messy = new StringBuilder();
        for (int i = 0; i < oneLine.length(); i += 50) {
            messy.append(oneLine, i, Math.min(oneLine.length(), i + 50)).append(i % 100 == 0 ? "\t \r\n" : " ");
        }
        Path file = write("certmap.xml", "<certificateMapping><oneToOneMappings><add userName=\"jdoe\" certificate=\""
                + messy + "\"/></oneToOneMappings></certificateMapping>");
        MappingConfig cfg = loader.load(file);
        Path cert = dir.resolve("client1.crt");
        Files.writeString(cert, resource("/seed/client1.crt"));
        CertificateFacts facts = new CertificateFacts(CertificateReader.fromFile(cert).get(0));
        assertThat(facts.sha256Hex()).isEqualTo("0f0a69ebd50ce8f39b788e9b2997537c483f120e04e59f10094a040d1f29a48a");
        assertThat(cfg.mapper().oneToOne().find(facts).userName()).isEqualTo("jdoe");
    }

    @Test
    void loadWhenUnknownAttributeThenErrorWithLineAndColumn() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <location path="/secure/*" sslFlag="SslRequireCert"/>
                </certificateMapping>
                """);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).contains("certmap.xml:2:").contains("unknown attribute sslFlag on <location>");
    }

    @Test
    void loadWhenUnknownElementThenError() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <oneToOneMapping/>
                </certificateMapping>
                """);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("<oneToOneMapping> is not allowed here");
    }

    @Test
    void loadWhenWrongRootOrNamespaceThenError() throws Exception {
        assertThat(loadError("<certmap/>").getMessage()).contains("root element must be <certificateMapping>");
        assertThat(loadError("<certificateMapping xmlns=\"urn:x\"/>").getMessage())
                .contains("root element must be <certificateMapping>");
    }

    @Test
    void loadWhenMalformedXmlThenErrorAtPosition() throws Exception {
        ConfigException e = loadError("<certificateMapping>\n  <location path=\"/a/*\">\n</certificateMapping>\n");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void loadWhenDoctypeThenRefused() throws Exception {
        ConfigException e = loadError("""
                <?xml version="1.0"?>
                <!DOCTYPE certificateMapping [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <certificateMapping/>
                """);
        assertThat(e.getMessage()).contains("DOCTYPE");
    }

    @Test
    void loadWhenBadBase64ThenErrorSaysWhatToDo() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <oneToOneMappings>
                    <add userName="jdoe" certificate="MIIC$$notbase64"/>
                  </oneToOneMappings>
                </certificateMapping>
                """);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("not base64").contains("paste the base64 of the certificate")
                .doesNotContain("notbase64");
    }

    @Test
    void loadWhenCertificateFileMissingThenErrorNamesResolvedPath() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <oneToOneMappings><add userName="a" certificateFile="clients/nobody.pem"/></oneToOneMappings>
                </certificateMapping>
                """);
        assertThat(e.getMessage()).contains(dir.resolve("clients/nobody.pem").toString()).contains("does not exist");
    }

    @Test
    void loadWhenTrustStoreMissingThenFailsClosed() throws Exception {
        ConfigException e = loadError("<certificateMapping><validation trustStore=\"nope.pem\"/></certificateMapping>");
        assertThat(e.getMessage()).contains("nope.pem");
    }

    @Test
    void loadWhenTwoKeysOrNoKeyThenError() throws Exception {
        assertThat(loadError("<certificateMapping><oneToOneMappings><add userName=\"a\"/></oneToOneMappings>"
                + "</certificateMapping>").getMessage()).contains("no key for user a");
        assertThat(loadError("<certificateMapping><oneToOneMappings><add userName=\"a\" sha256=\"" + "ab".repeat(32)
                + "\" spkiSha256=\"" + "cd".repeat(32) + "\"/></oneToOneMappings></certificateMapping>").getMessage())
                .contains("2 keys for user a");
        assertThat(loadError("<certificateMapping><oneToOneMappings><add userName=\"a\" issuer=\"CN=x\"/>"
                + "</oneToOneMappings></certificateMapping>").getMessage()).contains("issuer and serialNumber go together");
    }

    @Test
    void loadWhenSha1ThumbprintThenErrorExplainsSha256() throws Exception {
        assertThat(loadError("<certificateMapping><oneToOneMappings><add userName=\"a\" sha256=\"" + "ab".repeat(20)
                + "\"/></oneToOneMappings></certificateMapping>").getMessage()).contains("SHA-1 thumbprint");
    }

    @Test
    void loadWhenValuesPastedWithInvisibleMarksThenTheyAreIgnored() throws Exception {
        // Windows' certificate dialog copies a thumbprint with U+200E in front; web pages add NBSPs.
        String hex = "3a7f" + "01".repeat(30);
        String pasted = "\u200e" + colons(hex).replace(':', ' ').replaceFirst(" ", "\u00a0") + "\ufeff";
        Issued ca = TestPki.rootCa("CN=Paste CA");
        TestPki.writePem(dir.resolve("paste-ca.pem"), ca.certificate());
        MappingConfig cfg = loader.load(write("certmap.xml", """
                <certificateMapping>
                  <validation trustStore="paste-ca.pem"/>
                  <oneToOneMappings>
                    <add userName="a" sha256="%s"/>
                    <add userName="b" spkiSha256="%s"/>
                    <add userName="c" issuer="CN=Paste CA" serialNumber="\u200e0a 1b"/>
                  </oneToOneMappings>
                </certificateMapping>
                """.formatted(pasted, pasted.replace("3a", "4b"))));
        assertThat(cfg.mapper().oneToOne().size()).isEqualTo(3);
    }

    @Test
    void loadWhenRevocationMisconfiguredThenErrorsSayWhatToDo() throws Exception {
        assertThat(loadError("<certificateMapping><validation><revocation ocsp=\"true\"/></validation>"
                + "</certificateMapping>").getMessage()).contains("<revocation> needs <validation trustStore>");
        Issued ca = TestPki.rootCa("CN=Revocation CA");
        TestPki.writePem(dir.resolve("rev-ca.pem"), ca.certificate());
        ConfigException none = loadError("<certificateMapping>\n<validation trustStore=\"rev-ca.pem\">\n"
                + "  <revocation/>\n</validation></certificateMapping>");
        assertThat(none.getMessage()).contains("<revocation> names no source");
        assertThat(none.line()).isEqualTo(3);
        assertThat(loadError("<certificateMapping><validation trustStore=\"rev-ca.pem\"><revocation ocsp=\"true\""
                + " ocspResponder=\"ldap://dc1/\"/></validation></certificateMapping>").getMessage())
                .contains("ocspResponder=\"ldap://dc1/\" is not an http:// or https:// URL");
        assertThat(loadError("<certificateMapping><validation trustStore=\"rev-ca.pem\"><revocation"
                + " ocspResponder=\"http://ocsp.example/\" crlDistributionPoints=\"true\"/></validation>"
                + "</certificateMapping>").getMessage()).contains("ocspResponder is set but ocsp is not \"true\"");
        assertThat(loadError("<certificateMapping><validation trustStore=\"rev-ca.pem\"><revocation ocsp=\"true\""
                + " timeout=\"0\"/></validation></certificateMapping>").getMessage()).contains("timeout=\"0\" must be longer than 0");
        assertThat(loadError("<certificateMapping><validation trustStore=\"rev-ca.pem\"><revocation ocsp=\"true\""
                + " prefer=\"both\"/></validation></certificateMapping>").getMessage()).contains("prefer=\"both\"");
        assertThat(loadError("<certificateMapping><revocation ocsp=\"true\"/></certificateMapping>").getMessage())
                .contains("<revocation>");
    }

    @Test
    void loadWhenSameSha256InTwoSpellingsThenDuplicateError() throws Exception {
        String hex = "3a7f" + "01".repeat(30);
        ConfigException e = loadError("""
                <certificateMapping><oneToOneMappings>
                  <add userName="a" sha256="%s"/>
                  <add userName="b" sha256="%s"/>
                </oneToOneMappings></certificateMapping>
                """.formatted(hex, colons(hex.toUpperCase(java.util.Locale.ROOT))));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("already mapped to user a at line 2");
    }

    @Test
    void loadWhenBroadAllowMappingThenErrorUnlessMarked() throws Exception {
        String noRules = "<certificateMapping><manyToOneMappings><add name=\"all\" userName=\"guest\"/>"
                + "</manyToOneMappings></certificateMapping>";
        assertThat(loadError(noRules).getMessage()).contains("\"all\" is broad (it has no rules)").contains("broad=\"true\"");
        String star = "<certificateMapping><manyToOneMappings><add name=\"s\" userName=\"guest\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"**\"/></rules></add>"
                + "</manyToOneMappings></certificateMapping>";
        assertThat(loadError(star).getMessage()).contains("only *");
        String noIssuer = "<certificateMapping><manyToOneMappings><add name=\"o\" userName=\"guest\"><rules>"
                + "<add certificateField=\"Subject\" certificateSubField=\"O\" matchCriteria=\"Contoso\"/></rules></add>"
                + "</manyToOneMappings></certificateMapping>";
        assertThat(loadError(noIssuer).getMessage()).contains("no <validation trustStore> and it has no Issuer rule");
        Path ok = write("ok.xml", noRules.replace("userName=\"guest\"", "userName=\"guest\" broad=\"true\""));
        assertThat(loader.load(ok).mapper().manyToOne()).hasSize(1);
        Path deny = write("deny.xml", noRules.replace("userName=\"guest\"", "permissionMode=\"Deny\""));
        assertThat(loader.load(deny).mapper().manyToOne().get(0).deny()).isTrue();
    }

    @Test
    void loadWhenIisSectionPastedThenLoadsDisabledWithWarningsAndNoPasswords() throws Exception {
        Issued ca = TestPki.rootCa("CN=CA");
        Issued c = TestPki.client(ca, "CN=jdoe");
        Path file = write("section.xml", """
                <iisClientCertificateMappingAuthentication oneToOneCertificateMappingsEnabled="true" logonMethod="ClearText">
                  <oneToOneMappings>
                    <clear />
                    <add enabled="true" userName="CONTOSO\\jdoe" password="[enc:IISCngProvider:c2VjcmV0c2VjcmV0:enc]" certificate="%s" />
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="everyone" description="all" userName="CONTOSO\\guest" password="Secret123!" />
                  </manyToOneMappings>
                </iisClientCertificateMappingAuthentication>
                """.formatted(TestPki.base64OneLine(c.certificate())));

        MappingConfig cfg = loader.load(file);

        assertThat(cfg.iisSection()).isTrue();
        assertThat(cfg.enabled()).isFalse();
        assertThat(cfg.warnings()).anySatisfy(w -> assertThat(w).contains("disabled").contains("the IIS default"));
        assertThat(cfg.warnings()).anySatisfy(w -> assertThat(w).contains("\"everyone\" is broad"));
        assertThat(cfg.warnings()).anySatisfy(w -> assertThat(w).contains("dropped 2 IIS password attribute(s)"));
        assertThat(cfg.notices()).anySatisfy(n -> assertThat(n).contains("logonMethod"));
        assertThat(String.join("\n", cfg.warnings()) + cfg.notices() + cfg).doesNotContain("Secret123!")
                .doesNotContain("c2VjcmV0c2VjcmV0");
        OneToOneMapping m = cfg.mapper().oneToOne().find(new CertificateFacts(c.certificate()));
        assertThat(m.userName()).isEqualTo("CONTOSO\\jdoe");
    }

    @Test
    void loadWhenDisabledRootThenWarnsEveryLoad() throws Exception {
        Path file = write("c.xml", "<certificateMapping enabled=\"false\"/>");
        assertThat(loader.load(file).warnings()).singleElement().asString().contains("disabled");
        assertThat(loader.load(file).warnings()).hasSize(1);
    }

    @Test
    void loadWhenPropertiesInPathsThenExpandedAndUnsetIsError() throws Exception {
        Issued ca = TestPki.rootCa("CN=CA");
        char[] pw = "changeit".toCharArray();
        ca.writePkcs12(dir.resolve("ca.p12"), pw);
        Path ok = write("ok.xml", "<certificateMapping><validation trustStore=\"ca.p12\" trustStorePassword=\"${env:STORE_PASSWORD}\"/>"
                + "</certificateMapping>");
        assertThat(loader.load(ok).hasTrustStore()).isTrue();
        ConfigException e = loadError("<certificateMapping><validation trustStore=\"${missing.dir}/ca.pem\"/></certificateMapping>");
        assertThat(e.getMessage()).contains("system property missing.dir is not set");
        ConfigException env = loadError("<certificateMapping><validation trustStore=\"ca.p12\" trustStorePassword=\"${env:NOPE}\"/>"
                + "</certificateMapping>");
        assertThat(env.getMessage()).contains("environment variable NOPE is not set");
    }

    /**
     * Found by fuzzing the loader, twice: the XSD validator does not look inside an element whose
     * content must be empty ({@code <location>}, {@code <validation>}, {@code <proxy>}, a one-to-one
     * or rule {@code <add>}) and reports the misplaced children only when that element ends, so the
     * handler saw them first, unvalidated: a rule {@code <add>} with no mapping open (a
     * NullPointerException on the rule list), then a whole {@code <manyToOneMappings>} inside a
     * {@code <location>} whose rule lacked matchCriteria (a NullPointerException in the pattern).
     */
    @Test
    void loadWhenElementsAreNestedWhereContentMustBeEmptyThenErrorNotARuntimeException() throws Exception {
        String rule = "<rules><add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"x\"/></rules>";
        String sha = "AB".repeat(32);
        for (String xml : new String[] {
            "<certificateMapping><location path=\"/a/*\">" + rule + "</location></certificateMapping>",
            "<certificateMapping><oneToOneMappings><add userName=\"u\" sha256=\"" + sha + "\">" + rule
                    + "</add></oneToOneMappings></certificateMapping>",
            "<certificateMapping><validation>" + rule + "</validation></certificateMapping>",
            "<certificateMapping><manyToOneMappings><add name=\"m\" permissionMode=\"Deny\"><rules>"
                    + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"x\">" + rule
                    + "</add></rules></add></manyToOneMappings></certificateMapping>",
            "<certificateMapping><location path=\"/a/*\"><manyToOneMappings><add name=\"m\" userName=\"u\"><rules>"
                    + "<add certificateField=\"Issuer\" certificateSubField=\"CN\"/></rules></add></manyToOneMappings>"
                    + "</location></certificateMapping>",
            "<certificateMapping><location path=\"/a/*\"><manyToOneMappings><add name=\"m\" userName=\"u\"><rules>"
                    + "<add matchCriteria=\"x\"/></rules></add></manyToOneMappings></location></certificateMapping>",
            "<certificateMapping><location path=\"/a/*\"><location/></location></certificateMapping>",
            "<certificateMapping><proxy format=\"pem\"><proxy/></proxy></certificateMapping>",
            "<certificateMapping><location path=\"/a/*\"><oneToOneMappings><add/></oneToOneMappings></location>"
                    + "</certificateMapping>",
        }) {
            ConfigException e = loadError(xml);
            assertThat(e.problem()).as(xml).contains("is not allowed").doesNotContain("information item");
            assertThat(e.line()).isPositive();
        }
    }

    /**
     * A reloadInterval too long for the engine's millisecond scheduler failed outside the loader's
     * error handling: "999999999999999999m" overflowed in Duration.ofMinutes (an ArithmeticException
     * out of load()), and "9223372036854775807s" loaded but threw when the engine scheduled its poll.
     */
    @Test
    void loadWhenReloadIntervalOverflowsThenErrorNotArithmeticException() throws Exception {
        for (String v : new String[] {"999999999999999999m", "9223372036854775807s", "9223372036854775807",
            "9223372036854775807ms0", "153722867280913m"}) {
            assertThat(loadError("<certificateMapping reloadInterval=\"" + v + "\"/>").problem()).as(v)
                    .contains("'" + v + "'").containsAnyOf("too long", "not a duration");
        }
        Path ok = write("certmap.xml", "<certificateMapping reloadInterval=\"9223372036854775807ms\"/>");
        assertThat(loader.load(ok).reloadInterval().toMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void loadWhenBadBooleanListOrIntervalThenError() throws Exception {
        assertThat(loadError("<certificateMapping enabled=\"yes\"/>").getMessage())
                .contains("enabled=\"yes\" on <certificateMapping> is not a boolean");
        assertThat(loadError("<certificateMapping showReason=\"yes\"/>").getMessage())
                .contains("showReason=\"yes\" on <certificateMapping> is not valid: write true, false, or local");
        assertThat(loadError("<certificateMapping protectDispatches=\"no\"/>").getMessage())
                .contains("protectDispatches=\"no\" on <certificateMapping> is not a boolean");
        assertThat(loadError("<certificateMapping reloadInterval=\"soon\"/>").getMessage()).contains("not a duration");
        assertThat(loadError("<certificateMapping><location path=\"/a/*\" sslFlags=\"Ssl, SslRequireCrt\"/></certificateMapping>")
                .getMessage()).contains("unknown sslFlags value 'SslRequireCrt'");
        assertThat(loadError("<certificateMapping><proxy format=\"haproxy\"/></certificateMapping>").getMessage())
                .contains("haproxy");
        assertThat(loadError("<certificateMapping><proxy format=\"pem\" trustedProxies=\"proxy.example.com\"/></certificateMapping>")
                .getMessage()).contains("proxy.example.com");
        assertThat(loadError("<certificateMapping><validation/><validation/></certificateMapping>").getMessage())
                .contains("<validation> may appear only once");
        assertThat(loadError("<certificateMapping><location path=\"/a/*\"/><location path=\"a\"/></certificateMapping>")
                .getMessage()).contains("/a/* is already defined at line 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "::/64|covers the IPv4-mapped range ::ffff:0:0/96, which would trust every IPv4 peer",
        "::ffff:0:0/96|covers the IPv4-mapped range ::ffff:0:0/96",
        "proxy.example.com|host names are not resolved",
        "0.0.0.0/0|every client",
        "::/0|every client",
        "10.0.1.5/24|bits set beyond the prefix"})
    void loadWhenTrustedProxiesEntryRefusedThenErrorAtTheProxyElement(String entry, String why) throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <proxy format="pem" trustedProxies="10.0.0.5 %s"/>
                </certificateMapping>
                """.formatted(entry));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).startsWith(dir.resolve("certmap.xml") + ":2:" + e.column() + ": ")
                .contains("trustedProxies entry \"" + entry + "\"").contains(why);
    }

    @Test
    void loadWhenTrustedProxiesCoverIpv4MappedThenErrorSaysItIsNewInThisRelease() throws Exception {
        ConfigException e = loadError("<certificateMapping><proxy format=\"pem\" trustedProxies=\"::/80\"/></certificateMapping>");
        assertThat(e.problem()).contains("new in this release");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/secure/*|/Secure/*|/secure/*|/Secure/*",
        "secure|/SECURE/*|/secure/*|/SECURE/*",
        "*.jsp|*.JSP|*.jsp|*.JSP",
        "/reports/Q1.jsp|/reports/q1.jsp|/reports/Q1.jsp|/reports/q1.jsp"})
    void loadWhenLocationsDifferOnlyInCaseThenErrorNamesBothLines(String first, String second, String shownFirst,
            String shownSecond) throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <location path="%s" sslFlags="Ssl, SslRequireCert"/>
                  <location path="%s" sslFlags="None"/>
                </certificateMapping>
                """.formatted(first, second));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isPositive();
        assertThat(e.problem()).contains("\"" + shownSecond + "\" (line 3)", "\"" + shownFirst + "\" (line 2)",
                "differ only in case", "new in this release");
    }

    @Test
    void loadWhenLocationDefinedTwiceAlikeThenStillTheDuplicateError() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <location path="/secure/*" sslFlags="SslRequireCert"/>
                  <location path="/secure/*" sslFlags="None"/>
                </certificateMapping>
                """);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).contains("/secure/* is already defined at line 2").doesNotContain("case");
    }

    @Test
    void loadWhenXIncludeThenErrorNamesTheElementAndSaysXIncludeIsNotSupported() throws Exception {
        ConfigException e = loadError("""
                <certificateMapping>
                  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="x.xml"/>
                </certificateMapping>
                """);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
        assertThat(e.problem()).contains("<include>", "namespace http://www.w3.org/2001/XInclude",
                "XInclude is not supported").doesNotContain("<>").doesNotContain("{");
        ConfigException nested = loadError("<certificateMapping><location path=\"/a/*\">\n"
                + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"x.xml\"/></location></certificateMapping>");
        assertThat(nested.line()).isEqualTo(2);
        assertThat(nested.problem()).contains("<xi:include>", "XInclude is not supported");
    }

    @Test
    void loadWhenElementInAnotherNamespaceThenErrorNamesItWithItsNamespace() throws Exception {
        ConfigException e = loadError("<certificateMapping>\n  <foo:location xmlns:foo=\"urn:example\" path=\"/a/*\"/>\n"
                + "</certificateMapping>");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).contains("<location>", "namespace urn:example", "namespaced elements are not supported")
                .doesNotContain("{");
        assertThat(loadError("<certificateMapping xmlns=\"urn:example\"/>").problem())
                .contains("root element must be <certificateMapping>", "no XML namespace", "xmlns");
    }

    @Test
    void loadWhenOnlyWhitespaceInsideEmptyElementsThenLoads() throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), TestPki.rootCa("CN=Contoso Root CA,O=Contoso").certificate());
        Path file = write("certmap.xml", """
                <certificateMapping>
                  <validation trustStore="ca.pem">
                  </validation>
                  <proxy format="pem" trustedProxies="10.0.0.5">	</proxy>
                  <location path="/secure/*" sslFlags="SslRequireCert">
                  </location>
                  <oneToOneMappings>
                    <clear>
                    </clear>
                    <add userName="bot" sha256="%s">
                    </add>
                  </oneToOneMappings>
                  <manyToOneMappings>
                    <add name="staff" userName="staff">
                      <rules>
                        <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso Root CA"><![CDATA[
                        ]]></add>
                      </rules>
                    </add>
                  </manyToOneMappings>
                </certificateMapping>
                """.formatted("ab".repeat(32)));
        MappingConfig cfg = loader.load(file);
        assertThat(cfg.hasTrustStore()).isTrue();
        assertThat(cfg.locations().locations()).hasSize(1);
        assertThat(cfg.mapper().manyToOne()).hasSize(1);
    }

    @Test
    void loadWhenTextInsideAnElementThenErrorInCertmapWordsAtTheText() throws Exception {
        TestPki.writePem(dir.resolve("ca.pem"), TestPki.rootCa("CN=CA").certificate());
        for (String[] c : new String[][] {
                {"<certificateMapping>\n  <validation trustStore=\"ca.pem\">\n  ca.pem\n  </validation>\n</certificateMapping>",
                        "<validation>"},
                {"<certificateMapping>\n  <location path=\"/a/*\">&#160;</location>\n</certificateMapping>", "<location>"},
                {"<certificateMapping>\n  <oneToOneMappings>x</oneToOneMappings>\n</certificateMapping>", "<oneToOneMappings>"},
                {"<certificateMapping>\n  hello\n</certificateMapping>", "<certificateMapping>"}}) {
            ConfigException e = loadError(c[0]);
            assertThat(e.line()).as(c[0]).isIn(2, 3);
            if (c[1].equals("<validation>")) {
                assertThat(e.line() + ":" + e.column()).as("at the text's first character").isEqualTo("3:3");
            }
            if (c[1].equals("<certificateMapping>")) {
                assertThat(e.line() + ":" + e.column()).as("text after whitespace in element-only content").isEqualTo("2:3");
            }
            if (c[1].equals("<location>")) {
                assertThat(e.line() + ":" + e.column()).as("right after the start tag").isEqualTo("2:25");
            }
            assertThat(e.column()).as(c[0]).isPositive();
            assertThat(e.problem()).as(c[0]).contains("text is not allowed inside " + c[1], "attributes")
                    .doesNotContain("information item").doesNotContain("content type").doesNotContain("ca.pem");
        }
    }

    @Test
    void loadWhenChildElementInsideAnEmptyElementThenErrorInCertmapWords() throws Exception {
        ConfigException e = loadError("<certificateMapping>\n  <validation><proxy format=\"pem\"/></validation>\n"
                + "</certificateMapping>");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).contains("element <proxy> is not allowed here").doesNotContain("information item");
    }

    @Test
    void loadWhenNumberOrBooleanAttributeInvalidThenErrorNamesTheAttribute() throws Exception {
        assertThat(loadError("<certificateMapping><validation maxChainLength=\"abc\"/></certificateMapping>").problem())
                .isEqualTo("maxChainLength=\"abc\" on <validation> must be a whole number from 1 up");
        assertThat(loadError("<certificateMapping><validation maxChainLength=\"0\"/></certificateMapping>").problem())
                .contains("maxChainLength=\"0\" on <validation>", "from 1 up");
        assertThat(loadError("<certificateMapping><proxy format=\"pem\" maxHeaderBytes=\"-5\"/></certificateMapping>")
                .problem()).contains("maxHeaderBytes=\"-5\" on <proxy>");
        assertThat(loadError("<certificateMapping enabled=\"yes\"/>").problem())
                .isEqualTo("enabled=\"yes\" on <certificateMapping> is not a boolean: write true or false");
        assertThat(loadError("<certificateMapping showReason=\"yes\"/>").problem())
                .isEqualTo("showReason=\"yes\" on <certificateMapping> is not valid: write true, false, or local");
    }

    @Test
    void loadWhenNotWellFormedOrEmptyThenErrorSaysSo() throws Exception {
        ConfigException e = loadError("<certificateMapping>\n<location path=\"/a/*\">\n</certificateMapping>");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).startsWith("not well-formed XML: ");
        assertThat(loadError("").problem()).contains("no root element");
        assertThat(loadError("<!-- nothing yet -->\n").problem()).contains("no root element");
    }

    @Test
    void loadWhenDefaultLocaleIsNotEnglishThenMessagesAreStillCertmaps() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            ConfigException e = loadError("<certificateMapping>\n  <location path=\"/a/*\" sslFlag=\"None\"/>\n</certificateMapping>");
            assertThat(e.problem()).contains("unknown attribute sslFlag on <location>");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void loadWhenReloadIntervalFormsThenParsed() throws Exception {
        for (String[] c : new String[][] {{"500ms", "PT0.5S"}, {"5s", "PT5S"}, {"1m", "PT1M"}, {"30", "PT30S"}, {"0", "PT0S"}}) {
            Path f = write("r.xml", "<certificateMapping reloadInterval=\"" + c[0] + "\"/>");
            assertThat(loader.load(f).reloadInterval()).hasToString(c[1]);
        }
    }

    @Test
    void loadWhenIssuerSerialAndSpkiKeysThenFound() throws Exception {
        Issued ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
        Issued c = TestPki.cert().subject("CN=svc").issuer(ca).serial(new java.math.BigInteger("00ab01", 16)).build();
        Issued k = TestPki.client(ca, "CN=pinned");
        byte[] spki = CertificateFacts.sha256(k.certificate().getPublicKey().getEncoded());
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        Path f = write("k.xml", """
                <certificateMapping><validation trustStore="ca.pem"/><oneToOneMappings>
                  <add userName="svc" issuer="cn=contoso  issuing ca 1, o=CONTOSO" serialNumber="00:AB:01"/>
                  <add userName="pin" spkiSha256="sha256//%s"/>
                </oneToOneMappings></certificateMapping>
                """.formatted(java.util.Base64.getEncoder().encodeToString(spki)));
        MappingConfig cfg = loader.load(f);
        assertThat(user(cfg, c)).isEqualTo("svc");
        assertThat(user(cfg, k)).isEqualTo("pin");
        Issued renewed = TestPki.cert().subject("CN=pinned").issuer(ca).keyPair(k.keyPair()).build();
        assertThat(user(cfg, renewed)).as("spkiSha256 survives renewal with the same key").isEqualTo("pin");
        Path hex = write("h.xml", "<certificateMapping><oneToOneMappings><add userName=\"pin\" spkiSha256=\""
                + HexFormat.ofDelimiter(":").formatHex(spki) + "\"/></oneToOneMappings></certificateMapping>");
        assertThat(user(loader.load(hex), k)).isEqualTo("pin");
    }

    /** The one-to-one user, as the engine finds it after validation found the certificate's CA in the trust store. */
    private static String user(MappingConfig cfg, Issued cert) {
        CertificateFacts facts = new CertificateFacts(cert.certificate());
        facts.issuerInTrustStore(true);
        OneToOneMapping m = cfg.mapper().oneToOne().find(facts);
        return m == null ? null : m.userName();
    }

    private static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    private static String resource(String name) throws IOException {
        try (var in = MappingFileLoaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
