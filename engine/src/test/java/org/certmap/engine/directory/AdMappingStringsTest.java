package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

/** Pins every string certmap searches for, written out literally (KB5014754's forms). */
class AdMappingStringsTest {

    private static final Issued CA = FixedCertificates.contosoCa();
    private static final Issued ODD_CA = FixedCertificates.oddCa();

    private static List<String> values(List<AdMappingStrings.Value> v) {
        return v.stream().map(AdMappingStrings.Value::value).toList();
    }

    @Test
    void stringsWhenKbExampleSerialThenIssuerInX500OrderAndSerialReversed() throws Exception {
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.alice(CA).certificate());
        assertThat(values(s.strong(true))).containsExactly(
                "X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>1200000000AC11000000002B",
                "X509:<I>DC=com, DC=contoso, CN=Contoso CA<SR>1200000000AC11000000002B",
                "X509:<SKI>EFCC633178B17F9C246A4858D4A1338924806465",
                "X509:<SHA1-PUKEY>EFCC633178B17F9C246A4858D4A1338924806465",
                "X509:<SHA1-PUKEY>F1AD3304A072CEB2008C606413A161FDD033AECF");
        assertThat(s.strong(true).get(0).form()).isEqualTo("X509:<I><SR>");
    }

    @Test
    void sha1PukeyWhenComputedThenBothMicrosoftFormsMatchOpenssl() throws Exception {
        // openssl x509 -noout -ext subjectKeyIdentifier  -> EF:CC:63:...:65 (RFC 5280 method 1, the key bits)
        // openssl x509 -pubkey | openssl pkey -pubin -outform DER | sha1sum -> f1ad3304... (the SubjectPublicKeyInfo)
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.alice(CA).certificate());
        assertThat(s.strong(false)).containsExactly(
                new AdMappingStrings.Value(AdMappingStrings.SHA1_PUKEY,
                        "X509:<SHA1-PUKEY>EFCC633178B17F9C246A4858D4A1338924806465"),
                new AdMappingStrings.Value(AdMappingStrings.SHA1_PUKEY_SPKI,
                        "X509:<SHA1-PUKEY>F1AD3304A072CEB2008C606413A161FDD033AECF"));
    }

    @Test
    void strongWhenIssuerNotInTrustStoreThenNoIssuerSerialAndNoSki() throws Exception {
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.alice(CA).certificate());
        assertThat(values(s.strong(false))).noneMatch(v -> v.contains("<SR>") || v.contains("<SKI>"));
    }

    @Test
    void serialWhenHighBitSetThenWithAndWithoutSignByte() throws Exception {
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.bob(CA).certificate());
        assertThat(values(s.strong(true))).startsWith(
                "X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>018F00",
                "X509:<I>DC=com, DC=contoso, CN=Contoso CA<SR>018F00",
                "X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>018F",
                "X509:<I>DC=com, DC=contoso, CN=Contoso CA<SR>018F");
    }

    @Test
    void issuerWhenStateEmailStreetAndSpecialsThenWindowsKeysAndRfc4514Escapes() throws Exception {
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.bob(ODD_CA).certificate());
        assertThat(s.strong(true).get(0).value()).isEqualTo("X509:<I>C=US,S=Washington,L=Redmond,STREET=1 Main St,"
                + "O=Contoso\\, Ltd,OU=A\\+B+CN=\\#1 Issuing\\, CA,E=pki@contoso.example<SR>018F00");
        assertThat(s.strong(true).get(1).value()).isEqualTo("X509:<I>C=US, S=Washington, L=Redmond, STREET=1 Main St,"
                + " O=Contoso\\, Ltd, OU=A\\+B + CN=\\#1 Issuing\\, CA, E=pki@contoso.example<SR>018F00");
    }

    @Test
    void weakWhenAliceThenIssuerSubjectSubjectRfc822AndUpn() throws Exception {
        AdMappingStrings s = AdMappingStrings.of(FixedCertificates.alice(CA).certificate());
        assertThat(values(s.weak())).containsExactly(
                "X509:<I>DC=com,DC=contoso,CN=Contoso CA<S>DC=com,DC=contoso,OU=Staff,CN=Alice",
                "X509:<I>DC=com, DC=contoso, CN=Contoso CA<S>DC=com, DC=contoso, OU=Staff, CN=Alice",
                "X509:<S>DC=com,DC=contoso,OU=Staff,CN=Alice",
                "X509:<S>DC=com, DC=contoso, OU=Staff, CN=Alice",
                "X509:<RFC822>alice@contoso.example");
        assertThat(s.upns()).containsExactly("alice@contoso.com");
    }

    @Test
    void toStoreWhenAliceThenIssuerSerialSkiAndRfcKeyHash() throws Exception {
        assertThat(values(AdMappingStrings.of(FixedCertificates.alice(CA).certificate()).toStore())).containsExactly(
                "X509:<I>DC=com,DC=contoso,CN=Contoso CA<SR>1200000000AC11000000002B",
                "X509:<SKI>EFCC633178B17F9C246A4858D4A1338924806465",
                "X509:<SHA1-PUKEY>EFCC633178B17F9C246A4858D4A1338924806465");
    }

    @Test
    void escapeWhenLeadingAndTrailingSpacesAndNulThenEscaped() {
        StringBuilder sb = new StringBuilder();
        WindowsNames.appendEscaped(sb, " a;b<c>\"d\u0000 ");
        assertThat(sb.toString()).isEqualTo("\\ a\\;b\\<c\\>\\\"d\\00\\ ");
    }
}
