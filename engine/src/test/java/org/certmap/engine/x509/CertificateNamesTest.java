package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.x509.Names.bytes;

import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateNamesTest {

    private static final String UPN = "1.3.6.1.4.1.311.20.2.3";

    private static GeneralName otherName(String oid, ASN1Encodable value) {
        return new GeneralName(GeneralName.otherName,
                new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), new DERTaggedObject(true, 0, value)}));
    }

    private static GeneralName ip(byte[] address) {
        return new GeneralName(GeneralName.iPAddress, new DEROctetString(address));
    }

    @Test
    void subjectAltNamesWhenEveryTypeThenEachInCertificateOrder() throws NameException {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
        X509Certificate certificate = TestPki.cert().issuer(ca).subject("CN=alice,OU=Staff,O=Contoso")
                .san(new GeneralName(GeneralName.rfc822Name, "alice@contoso.com"))
                .san(otherName(UPN, new DERUTF8String("alice@corp.contoso.com")))
                .san(new GeneralName(GeneralName.dNSName, "alice.contoso.com"))
                .san(new GeneralName(GeneralName.uniformResourceIdentifier, "https://contoso.com/users/alice"))
                .san(new GeneralName(GeneralName.iPAddress, "192.0.2.10"))
                .san(new GeneralName(GeneralName.iPAddress, "2001:db8::10"))
                .san(ip(bytes("00000000000000000000FFFFC0000201")))
                .san(new GeneralName(GeneralName.rfc822Name, "a.liddell@contoso.com"))
                .san(otherName("1.3.6.1.4.1.99999.1", new DERUTF8String("ignored")))
                .san(otherName("1.3.6.1.5.5.7.8.9", new DERUTF8String("smtputf8@ignored")))
                .san(new GeneralName(new X500Name("CN=directory name ignored")))
                .san(new GeneralName(GeneralName.registeredID, "1.2.3.4"))
                .build().certificate();
        CertificateNames names = CertificateNames.of(certificate);
        assertThat(names.subjectAltNames(SanType.EMAIL)).containsExactly("alice@contoso.com", "a.liddell@contoso.com");
        assertThat(names.subjectAltNames(SanType.UPN)).containsExactly("alice@corp.contoso.com");
        assertThat(names.subjectAltNames(SanType.DNS)).containsExactly("alice.contoso.com");
        assertThat(names.subjectAltNames(SanType.URI)).containsExactly("https://contoso.com/users/alice");
        assertThat(names.subjectAltNames(SanType.IP)).containsExactly("192.0.2.10", "2001:db8::10", "::ffff:192.0.2.1");
        assertThat(names.values("SubjectAltName", "email")).containsExactly("alice@contoso.com", "a.liddell@contoso.com");
        assertThat(names.values("subjectaltname", "UPN")).containsExactly("alice@corp.contoso.com");
        assertThat(names.values("SUBJECTALTNAME", "Ip")).hasSize(3);
        assertThat(names.values("Subject", "CN")).containsExactly("alice");
        assertThat(names.values("subject", "ou")).containsExactly("Staff");
        assertThat(names.values("Subject", "2.5.4.10")).containsExactly("Contoso");
        assertThat(names.values("Issuer", "CN")).containsExactly("Contoso Issuing CA 1");
        assertThat(names.values("ISSUER", "O")).containsExactly("Contoso");
        assertThat(names.values("Subject", "E")).isEmpty();
        assertThat(names.issuer()).isEqualTo(DistinguishedName.parse("CN=Contoso Issuing CA 1,O=Contoso"));
        assertThat(names).hasToString("subject=CN=alice,OU=Staff,O=Contoso; issuer=CN=Contoso Issuing CA 1,O=Contoso");
    }

    @Test
    void subjectAltNamesWhenNoExtensionThenEmpty() throws NameException {
        CertificateNames names = CertificateNames.of(TestPki.cert().subject("CN=plain").build().certificate());
        for (SanType type : SanType.values()) {
            assertThat(names.subjectAltNames(type)).isEmpty();
        }
        assertThat(names.values("SubjectAltName", "upn")).isEmpty();
    }

    @Test
    void valuesWhenEmailInSubjectThenReadFromEAttribute() throws NameException {
        X509Certificate certificate = TestPki.cert().subject("E=bob@contoso.com,CN=bob,O=Contoso").build().certificate();
        CertificateNames names = CertificateNames.of(certificate);
        assertThat(names.values("Subject", "E")).containsExactly("bob@contoso.com");
        assertThat(names.values("Subject", "1.2.840.113549.1.9.1")).containsExactly("bob@contoso.com");
        assertThat(names.subject()).hasToString("E=bob@contoso.com,CN=bob,O=Contoso");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "Subjects, CN", "SAN, email", "'', CN", "Subject, email", "Subject, XX", "Issuer, ''",
        "SubjectAltName, CN", "SubjectAltName, rfc822Name", "Sub\u0130ect, CN",
    })
    void valuesWhenUnknownFieldOrSubFieldThenIllegalArgument(String field, String subField) throws NameException {
        CertificateNames names = CertificateNames.of(TestPki.cert().subject("CN=x").build().certificate());
        assertThatThrownBy(() -> names.values(field, subField)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenUpnIsNotUtf8StringThenNameException() {
        X509Certificate certificate = TestPki.cert().subject("CN=x")
                .san(otherName(UPN, new DERIA5String("alice@contoso.com"))).build().certificate();
        assertThatThrownBy(() -> CertificateNames.of(certificate)).isInstanceOf(NameException.class)
                .hasMessageContaining("UPN");
    }

    @Test
    void ofWhenUpnIsMalformedUtf8ThenNameException() {
        X509Certificate certificate = TestPki.cert().subject("CN=x")
                .san(otherName(UPN, Names.raw("0C 02 C3 28"))).build().certificate();
        assertThatThrownBy(() -> CertificateNames.of(certificate)).isInstanceOf(NameException.class);
    }

    @Test
    void ofWhenIpAddressHasWrongLengthThenNameException() {
        X509Certificate certificate = TestPki.cert().subject("CN=x").san(ip(new byte[5])).build().certificate();
        assertThatThrownBy(() -> CertificateNames.of(certificate)).isInstanceOf(NameException.class)
                .hasMessageContaining("iPAddress");
    }

    @Test
    void ofWhenRfc822NameIsNotAsciiThenNameException() {
        X509Certificate certificate = TestPki.cert().subject("CN=x")
                .san(new GeneralName(GeneralName.rfc822Name, Names.raw("16 03 61 E9 62"))).build().certificate();
        assertThatThrownBy(() -> CertificateNames.of(certificate)).isInstanceOf(NameException.class)
                .hasMessageContaining("rfc822Name");
    }

    @Test
    void subjectAltNamesWhenUpnContainsNulOrLookAlikesThenExact() throws NameException {
        String upn = "admin\u0000@contoso.com";
        String lookAlike = "\uFF41dmin@contoso.com";
        CertificateNames names = CertificateNames.of(TestPki.cert().subject("CN=x")
                .san(otherName(UPN, new DERUTF8String(upn))).san(otherName(UPN, new DERUTF8String(lookAlike)))
                .build().certificate());
        assertThat(names.subjectAltNames(SanType.UPN)).containsExactly(upn, lookAlike);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "not an OCTET STRING, 30 03 82 01 61",
        "OCTET STRING with trailing bytes, 04 05 30 03 82 01 61 00",
        "inner not a SEQUENCE, 04 05 31 03 82 01 61",
        "inner trailing bytes, 04 06 30 03 82 01 61 00",
        "empty GeneralNames, 04 02 30 00",
        "truncated GeneralName, 04 05 30 03 82 05 61",
        "universal tag inside GeneralNames, 04 05 30 03 0C 01 61",
        "unknown context tag [9], 04 05 30 03 89 01 61",
        "otherName without value, 04 09 30 07 A0 05 06 03 2A 03 04",
        "otherName value not [0], 04 0C 30 0A A0 08 06 03 2A 03 04 A1 01 00",
        "UPN with trailing element, 04 17 30 15 A0 13 06 0A 2B 06 01 04 01 82 37 14 02 03 A0 05 0C 01 61 05 00",
        "UPN with element after [0], 04 17 30 15 A0 13 06 0A 2B 06 01 04 01 82 37 14 02 03 A0 03 0C 01 61 05 00",
        "dNSName non-ASCII, 04 05 30 03 82 01 FF",
        "indefinite length, 04 07 30 80 82 01 61 00 00",
        "rfc822Name constructed, 04 07 30 05 A1 03 16 01 61",
        "dNSName constructed, 04 07 30 05 A2 03 16 01 61",
        "URI constructed, 04 07 30 05 A6 03 16 01 61",
        "iPAddress constructed, 04 0A 30 08 A7 06 04 04 7F 00 00 01",
        "otherName primitive, 04 05 30 03 80 01 00",
        "x400Address primitive, 04 05 30 03 83 01 00",
        "directoryName primitive, 04 05 30 03 84 01 00",
        "ediPartyName primitive, 04 05 30 03 85 01 00",
        "registeredID constructed, 04 05 30 03 A8 01 00",
    })
    void decodeWhenMalformedSanThenNameException(String what, String hex) {
        assertThatThrownBy(() -> GeneralNamesDecoder.decode(bytes(hex))).as(what).isInstanceOf(NameException.class);
    }

    @Test
    void decodeWhenWellFormedRawSanThenReadsIt() throws NameException {
        assertThat(GeneralNamesDecoder.decode(bytes("04 05 30 03 82 01 61")).get(SanType.DNS)).containsExactly("a");
        assertThat(GeneralNamesDecoder.decode(bytes(
                "04 17 30 15 A0 13 06 0A 2B 06 01 04 01 82 37 14 02 03 A0 05 0C 03 61 40 62")).get(SanType.UPN))
                .containsExactly("a@b");
        assertThat(GeneralNamesDecoder.decode(null)).isEmpty();
    }
}
