package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.x509.DistinguishedNameDecodeTest.assertRoundTrips;

import java.util.Locale;

import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4514 strings as written in the mapping file, and the canonical() equality key. */
class DistinguishedNameParseTest {

    private static final String CN = "2.5.4.3";

    private static DistinguishedName parse(String s) {
        return DistinguishedName.parse(s);
    }

    @Test
    void canonicalWhenCertificateIssuerAndConfigDifferInCaseAndSpacesThenEqual() throws NameException {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso CA,O=Contoso");
        TestPki.Issued leaf = TestPki.client(ca, "CN=alice");
        DistinguishedName issuer = DistinguishedName.decode(leaf.certificate().getIssuerX500Principal().getEncoded());
        assertThat(parse("CN=Contoso  CA,O=contoso").canonical()).isEqualTo(issuer.canonical());
        assertThat(parse("  cn = CONTOSO CA ,  o=Contoso  ")).isEqualTo(issuer).hasSameHashCodeAs(issuer);
        assertThat(parse("CN=\\ Contoso CA\\ ,O=Contoso")).isEqualTo(issuer); // leading/trailing spaces ignored
    }

    @Test
    void canonicalWhenOrderOrValuesDifferThenNotEqual() {
        DistinguishedName name = parse("CN=Contoso CA,O=Contoso");
        assertThat(parse("O=Contoso,CN=Contoso CA")).isNotEqualTo(name);
        assertThat(parse("CN=Contoso CA2,O=Contoso")).isNotEqualTo(name);
        assertThat(parse("CN=ContosoCA,O=Contoso")).isNotEqualTo(name); // a space is not nothing
        assertThat(parse("CN=Contoso CA,O=Contoso,C=US")).isNotEqualTo(name);
        assertThat(parse("CN=Contoso CA")).isNotEqualTo(name);
        assertThat(parse("OU=Contoso CA,O=Contoso")).isNotEqualTo(name);
        assertThat(parse("CN=Contoso CA+O=Contoso")).isNotEqualTo(name);
        assertThat(parse("CN=Contoso\u00A0CA,O=Contoso")).isNotEqualTo(name); // NBSP is not a space
        assertThat(parse("CN=Contoso\tCA,O=Contoso")).isNotEqualTo(name);
    }

    @Test
    void canonicalWhenValuesContainSeparatorsThenNoCollision() {
        assertThat(parse("CN=a\\,O\\=b")).isNotEqualTo(parse("CN=a,O=b"));
        assertThat(parse("CN=a\\+CN\\=b")).isNotEqualTo(parse("CN=a+CN=b"));
        assertThat(parse("CN=a\\00b")).isNotEqualTo(parse("CN=a,CN=b"));
        assertThat(parse("CN=a\\00b")).isNotEqualTo(parse("CN=ab"));
        assertThat(parse("CN=][")).isNotEqualTo(parse("CN=,CN="));
        // A value spelling out the next RDN's key: the length prefixes keep them apart.
        String twoRdns = parse("CN=b,CN=a").canonical();
        String forged = twoRdns.substring(twoRdns.indexOf(":a") + 1, twoRdns.length() - 1);
        assertThat(parse("CN=" + forged.replace(",", "\\,").replace("+", "\\+").replace("=", "\\=")).canonical())
                .isNotEqualTo(twoRdns);
        assertThat(parse("CN=x]")).isNotEqualTo(parse("CN=x,CN="));
        assertThat(parse("CN=#0C0161").canonical()).isNotEqualTo(parse("CN=#040161").canonical());
    }

    @Test
    void canonicalWhenMultiValuedRdnInAnyOrderThenEqual() {
        assertThat(parse("CN=a+OU=b,O=c")).isEqualTo(parse("OU=B + cn=A, O=C"));
        assertThat(parse("CN=a+CN=a")).isNotEqualTo(parse("CN=a"));
    }

    @Test
    void parseWhenEscapesThenValuesAreExact() {
        assertThat(parse("CN=a\\,b\\=c\\+d\\\"e\\\\f\\;g\\<h\\>i\\#j").values(CN)).containsExactly("a,b=c+d\"e\\f;g<h>i#j");
        assertThat(parse("CN=\\41dmin").values(CN)).containsExactly("Admin");
        assertThat(parse("CN=Zo\\C3\\AB").values(CN)).containsExactly("Zo\u00EB");
        assertThat(parse("CN=\\E4\\B8\\AD\\F0\\9F\\98\\80").values(CN)).containsExactly("\u4E2D\uD83D\uDE00");
        assertThat(parse("CN=a\\00b").values(CN)).containsExactly("a\u0000b");
        assertThat(parse("CN=\\#x").values(CN)).containsExactly("#x");
        assertThat(parse("CN=a#b=c").values(CN)).containsExactly("a#b=c");
        assertThat(parse("CN= spaced out ").values(CN)).containsExactly("spaced out");
        assertThat(parse("CN=\\ spaced\\ ").values(CN)).containsExactly(" spaced ");
        assertThat(parse("CN=").values(CN)).containsExactly("");
        assertThat(parse("CN=Zoë 中文").values(CN)).containsExactly("Zoë 中文");
    }

    @Test
    void parseWhenMostSpecificFirstThenStoredInDerOrder() {
        DistinguishedName dn = parse("CN=first,CN=second,O=Contoso");
        assertThat(dn.values(CN)).containsExactly("second", "first");
        assertThat(dn).hasToString("CN=first,CN=second,O=Contoso");
        assertThat(dn.size()).isEqualTo(3);
    }

    @Test
    void parseWhenHexValueThenDecodedByItsStringType() {
        assertThat(parse("CN=#0C0561646D696E").values(CN)).containsExactly("admin");
        assertThat(parse("CN=#130561646D696E")).isEqualTo(parse("CN=admin"));
        assertThat(parse("CN=#1E0A00610064006D0069006E")).isEqualTo(parse("CN=admin"));
        DistinguishedName octets = parse("1.2.3.4=#0403010203");
        assertThat(octets.values("1.2.3.4")).isEmpty();
        assertThat(octets).hasToString("1.2.3.4=#0403010203");
        assertThat(parse("1.2.3.4=#0403010203")).isEqualTo(parse("1.2.3.4=#0403010203 "));
    }

    @Test
    void parseWhenAttributeNamesAndOidsThenSameAttribute() {
        DistinguishedName byName = parse("CN=alice,E=a@example.com,S=WA,T=Boss,SN=Liddell,GN=Alice,DC=example,UID=al");
        DistinguishedName byKeyword = parse(
                "cn=alice,emailAddress=a@example.com,ST=WA,title=Boss,surname=Liddell,givenName=Alice,dc=example,uid=al");
        DistinguishedName byOid = parse("2.5.4.3=alice,1.2.840.113549.1.9.1=a@example.com,2.5.4.8=WA,2.5.4.12=Boss,"
                + "2.5.4.4=Liddell,OID.2.5.4.42=Alice,0.9.2342.19200300.100.1.25=example,0.9.2342.19200300.100.1.1=al");
        assertThat(byKeyword).isEqualTo(byName);
        assertThat(byOid).isEqualTo(byName);
        assertThat(byName).hasToString("CN=alice,E=a@example.com,ST=WA,T=Boss,SN=Liddell,GN=Alice,DC=example,UID=al");
        assertThat(parse("2.5.4.03=x")).isEqualTo(parse("CN=x"));
    }

    @Test
    void parseWhenEmptyThenEmptyName() {
        assertThat(parse("").size()).isZero();
        assertThat(parse("   ")).isEqualTo(parse("")).hasToString("");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CN=Contoso CA,O=Contoso",
        "CN=a\\,b\\=c\\+d,OU=CN\\=admin,O=x",
        "CN=\\ lead,O=trail\\ ",
        "CN=\\#hash",
        "CN=a+OU=b+O=c,C=US",
        "CN=a\\00b\\0D\\0A",
        "CN=\\E2\\80\\AE,O=\\C2\\A0",
        "CN=\uFF41\uFF44\uFF4D\uFF49\uFF4E",
        "1.2.840.113549.1.9.1=x@y,2.5.4.5=123,1.3.6.1.4.1.99999.7=#0403010203",
        "STREET=Main St,postalCode=12345,organizationIdentifier=VATDE-123",
        "CN=",
    })
    void parseWhenToStringOfParsedThenRoundTrips(String text) {
        assertRoundTrips(parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CN|expected '='",
        "=x|expected an attribute type",
        "CN=a,|expected an attribute type",
        "CN=a,,O=b|expected an attribute type",
        "CN=a+|expected an attribute type",
        "FOO=bar|unknown attribute type",
        "C N=x|expected '='",
        "3.1=x|unknown attribute type",
        "CN=a\\|at the end",
        "CN=\\4|second hex digit",
        "CN=\\4x|second hex digit",
        "CN=\\q|must be followed by",
        "CN=\\C3\\28|not valid UTF-8",
        "CN=\\C3|not valid UTF-8",
        "CN=a;O=b|must be escaped",
        "CN=a<b|must be escaped",
        "CN=\"quoted\"|quoted",
        "CN=#abc|hex digits",
        "CN=#|hex digits",
        "CN=#0C05616263|not valid DER",
        "CN=#0C0161 x|expected ','",
        "CN=#0C01610000|not valid DER",
    })
    void parseWhenMalformedThenIllegalArgumentWithPosition(String text, String expected) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position")
                .hasMessageContaining(expected);
    }

    @Test
    void parseWhenErrorThenPositionPointsAtProblem() {
        assertThatThrownBy(() -> parse("CN=ok,XYZ=1")).hasMessageContaining("position 6");
        assertThatThrownBy(() -> parse("CN=a,O=b;c")).hasMessageContaining("position 8");
    }

    @Test
    void parseWhenUnpairedSurrogateOrNulThenRejected() {
        assertThatThrownBy(() -> parse("CN=a\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("CN=a\u0000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0000");
    }

    @Test
    void parseWhenTurkishDefaultLocaleThenSameResult() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("tr", "TR"));
            assertThat(parse("uid=x,cn=INFO,title=i")).isEqualTo(parse("UID=x,CN=info,T=I"));
            assertThat(parse("CN=I")).isNotEqualTo(parse("CN=\u0131"));
            assertThat(parse("CN=i")).isNotEqualTo(parse("CN=\u0130"));
            assertThat(parse("emailaddress=x")).hasToString("E=x");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
