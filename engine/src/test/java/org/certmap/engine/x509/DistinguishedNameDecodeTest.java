package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certmap.engine.x509.Names.C;
import static org.certmap.engine.x509.Names.CN;
import static org.certmap.engine.x509.Names.O;
import static org.certmap.engine.x509.Names.OU;
import static org.certmap.engine.x509.Names.builder;
import static org.certmap.engine.x509.Names.bytes;
import static org.certmap.engine.x509.Names.subjectOf;

import java.nio.charset.Charset;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERVisibleString;
import org.bouncycastle.asn1.x500.X500Name;
import org.certmap.engine.match.WildcardPattern;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names read from real certificates (and, for malformed input, from raw DER). */
class DistinguishedNameDecodeTest {

    private static final String CN_OID = "2.5.4.3";
    private static final String OU_OID = "2.5.4.11";
    private static final String O_OID = "2.5.4.10";

    private static DERUTF8String utf8(String s) {
        return new DERUTF8String(s);
    }

    @Test
    void valuesWhenSeveralCnsThenReturnsEachInDerOrder() throws NameException {
        X500Name name = builder().addRDN(C, "US").addRDN(O, utf8("Contoso")).addRDN(CN, utf8("first"))
                .addRDN(OU, utf8("Staff")).addRDN(CN, utf8("second")).addRDN(CN, utf8("third")).build();
        DistinguishedName dn = subjectOf(name);
        assertThat(dn.values(CN_OID)).containsExactly("first", "second", "third");
        assertThat(dn.values(OU_OID)).containsExactly("Staff");
        assertThat(dn.values("2.5.4.6")).containsExactly("US");
        assertThat(dn.values("2.5.4.5")).isEmpty();
        assertThat(dn.size()).isEqualTo(6);
        assertThat(dn).hasToString("CN=third,CN=second,OU=Staff,CN=first,O=Contoso,C=US");
    }

    @Test
    void valuesWhenOuIsLiterallyCnEqualsAdminThenCnDoesNotReturnIt() throws NameException {
        X500Name name = builder().addRDN(O, utf8("Contoso")).addRDN(OU, utf8("CN=admin"))
                .addRDN(CN, utf8("mallory")).build();
        DistinguishedName dn = subjectOf(name);
        assertThat(dn.values(CN_OID)).containsExactly("mallory");
        assertThat(dn.values(OU_OID)).containsExactly("CN=admin");
        assertThat(dn).hasToString("CN=mallory,OU=CN\\=admin,O=Contoso");
        assertThat(dn).isNotEqualTo(DistinguishedName.parse("CN=mallory,CN=admin,O=Contoso"));
    }

    @Test
    void valuesWhenOuHoldsACommaSeparatedDnThenItStaysOneValue() throws NameException {
        DistinguishedName dn = subjectOf(builder().addRDN(OU, utf8("x,CN=admin,O=Contoso")).addRDN(CN, utf8("eve")).build());
        assertThat(dn.values(CN_OID)).containsExactly("eve");
        assertThat(dn.values(O_OID)).isEmpty();
        assertThat(dn).hasToString("CN=eve,OU=x\\,CN\\=admin\\,O\\=Contoso");
    }

    @Test
    void valuesWhenSpecialCharactersThenExactAndToStringEscapesThem() throws NameException {
        String hostile = "a,b=c+d\"e\\f;g<h>i#j";
        DistinguishedName dn = subjectOf(builder().addRDN(CN, utf8(hostile)).addRDN(OU, utf8(" #lead and trail ")).build());
        assertThat(dn.values(CN_OID)).containsExactly(hostile);
        assertThat(dn.values(OU_OID)).containsExactly(" #lead and trail ");
        assertThat(dn).hasToString("OU=\\ #lead and trail\\ ,CN=a\\,b\\=c\\+d\\\"e\\\\f\\;g\\<h\\>i#j");
        assertRoundTrips(dn);
    }

    @Test
    void valuesWhenNulAndLineBreaksThenDecodedExactlyAndToStringIsOneSafeLine() throws NameException {
        String value = "admin\u0000\r\nINFO forged line\u2028\u202Eevil\u0085\u00A0end\u200B";
        DistinguishedName dn = subjectOf(builder().addRDN(CN, utf8(value)).build());
        assertThat(dn.values(CN_OID)).containsExactly(value);
        String line = dn.toString();
        assertThat(line).isEqualTo("CN=admin\\00\\0D\\0AINFO forged line\\E2\\80\\A8\\E2\\80\\AEevil\\C2\\85\\C2\\A0end\\E2\\80\\8B");
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        assertRoundTrips(dn);
    }

    @Test
    void valuesWhenFullwidthOrLookAlikeThenKeptExactAndNeverEqualToAscii() throws NameException {
        String fullwidth = "\uFF41\uFF44\uFF4D\uFF49\uFF4E"; // ａｄｍｉｎ
        String cyrillic = "\u0430dmin"; // Cyrillic a
        String kelvin = "\u212A";
        DistinguishedName dn = subjectOf(builder().addRDN(OU, utf8(cyrillic)).addRDN(O, utf8(kelvin))
                .addRDN(CN, utf8(fullwidth)).build());
        assertThat(dn.values(CN_OID)).containsExactly(fullwidth);
        assertThat(dn.values(OU_OID)).containsExactly(cyrillic);
        assertThat(dn.values(O_OID)).containsExactly(kelvin);
        assertThat(dn).isNotEqualTo(DistinguishedName.parse("CN=admin,O=K,OU=admin"));
        assertThat(dn).isNotEqualTo(DistinguishedName.parse("CN=ADMIN,O=k,OU=ADMIN"));
        assertThat(WildcardPattern.compile("admin", false).matches(dn.values(CN_OID).get(0))).isFalse();
        assertThat(dn).hasToString("CN=" + fullwidth + ",O=" + kelvin + ",OU=" + cyrillic);
    }

    @Test
    void decodeWhenSameNameInEveryStringTypeThenSameJavaString() throws NameException {
        String ascii = "Contoso Ltd";
        ASN1Encodable[] encodings = {
            new DERPrintableString(ascii), utf8(ascii), new DERBMPString(ascii),
            new DERUniversalString(ascii.getBytes(Charset.forName("UTF-32BE"))), new DERT61String(ascii),
            new DERIA5String(ascii), new DERVisibleString(ascii),
        };
        DistinguishedName first = null;
        for (ASN1Encodable value : encodings) {
            DistinguishedName dn = subjectOf(builder().addRDN(O, value).addRDN(CN, utf8("x")).build());
            assertThat(dn.values(O_OID)).as(value.getClass().getSimpleName()).containsExactly(ascii);
            if (first == null) {
                first = dn;
            }
            assertThat(dn).isEqualTo(first);
            assertThat(dn.canonical()).isEqualTo(first.canonical());
        }
        assertThat(subjectOf(builder().addRDN(CN, new DERNumericString("0123 456")).build()).values(CN_OID))
                .containsExactly("0123 456");
    }

    @Test
    void decodeWhenNonAsciiInUnicodeTypesThenSameJavaString() throws NameException {
        String text = "Zo\u00EB \u00C5sa \u4E2D\u6587 \uD83D\uDE00"; // Zoë Åsa 中文 😀 (outside the BMP)
        ASN1Encodable[] encodings = {
            utf8(text), new DERBMPString(text),
            new DERUniversalString(text.getBytes(Charset.forName("UTF-32BE"))),
        };
        for (ASN1Encodable value : encodings) {
            DistinguishedName dn = subjectOf(builder().addRDN(CN, value).build());
            assertThat(dn.values(CN_OID)).as(value.getClass().getSimpleName()).containsExactly(text);
        }
        // TeletexString is read as ISO-8859-1, as OpenSSL and browsers do.
        assertThat(subjectOf(builder().addRDN(CN, Names.raw("14 03 5A 6F EB")).build()).values(CN_OID))
                .containsExactly("Zo\u00EB");
    }

    @Test
    void valuesWhenMultiValuedRdnThenReturnsEach() throws NameException {
        X500Name name = builder().addRDN(O, utf8("Contoso"))
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {CN, OU, CN},
                        new ASN1Encodable[] {utf8("a"), utf8("b"), utf8("c")})
                .build();
        DistinguishedName dn = subjectOf(name);
        assertThat(dn.size()).isEqualTo(2);
        assertThat(dn.values(CN_OID)).containsExactlyInAnyOrder("a", "c");
        assertThat(dn.values(OU_OID)).containsExactly("b");
        assertThat(dn).isEqualTo(DistinguishedName.parse("OU=b+CN=c+CN=a,O=Contoso"));
        assertThat(dn).isNotEqualTo(DistinguishedName.parse("CN=a,OU=b,CN=c,O=Contoso"));
        assertThat(dn.toString()).contains("+").endsWith(",O=Contoso");
        assertRoundTrips(dn);
    }

    @Test
    void decodeWhen64KbSubjectOr1200RdnsThenDecodesWhole() throws NameException {
        // How fast is a benchmark question (no wall-clock bounds in unit tests); here: all of it decodes.
        X500Name huge = builder().addRDN(O, utf8("Contoso")).addRDN(OU, utf8("x".repeat(65_536))).build();
        X500Name many = manyRdns(1_200);
        for (X500Name name : new X500Name[] {huge, many}) {
            var certificate = Names.certificate(name);
            CertificateNames names = CertificateNames.of(certificate);
            assertThat(names.subject().toString().length()).isGreaterThan(65_536);
        }
        assertThat(subjectOf(huge).values(OU_OID).get(0)).hasSize(65_536);
        assertThat(subjectOf(many).values(CN_OID)).hasSize(1_200);
    }

    private static X500Name manyRdns(int count) {
        var b = builder();
        for (int i = 0; i < count; i++) {
            b.addRDN(CN, utf8(String.format(java.util.Locale.ROOT, "%04d-%s", i, "y".repeat(50))));
        }
        return b.build();
    }

    @Test
    void valuesWhenValueIsNotAStringThenNotReturnedAndShownAsHex() throws NameException {
        X500Name name = builder().addRDN(CN, new DEROctetString(new byte[] {'a', 'd', 'm', 'i', 'n'}))
                .addRDN(CN, utf8("real")).build();
        DistinguishedName dn = subjectOf(name);
        assertThat(dn.values(CN_OID)).containsExactly("real");
        assertThat(dn).hasToString("CN=real,CN=#040561646D696E");
        assertThat(dn).isNotEqualTo(DistinguishedName.parse("CN=real,CN=admin"));
        assertRoundTrips(dn);
    }

    @Test
    void decodeWhenUnknownAttributeOidThenKeptWithDottedName() throws NameException {
        DistinguishedName dn = subjectOf(builder().addRDN(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), utf8("v"))
                .addRDN(CN, utf8("n")).build());
        assertThat(dn.values("1.3.6.1.4.1.99999.1")).containsExactly("v");
        assertThat(dn).hasToString("CN=n,1.3.6.1.4.1.99999.1=v");
        assertRoundTrips(dn);
    }

    @Test
    void decodeWhenIssuerOfRealChainThenMatchesIssuerSubject() throws NameException {
        TestPki.Issued ca = TestPki.rootCa("CN=Contoso Issuing CA 1,O=Contoso");
        TestPki.Issued leaf = TestPki.client(ca, "CN=alice,OU=Staff,O=Contoso");
        CertificateNames names = CertificateNames.of(leaf.certificate());
        assertThat(names.issuer()).isEqualTo(CertificateNames.of(ca.certificate()).subject());
        assertThat(names.issuer()).isEqualTo(DistinguishedName.parse("CN=contoso  issuing CA 1 , O=CONTOSO"));
        assertThat(names.issuer().values(CN_OID)).containsExactly("Contoso Issuing CA 1");
        assertThat(names.subject()).hasToString("CN=alice,OU=Staff,O=Contoso");
        assertThat(DistinguishedName.decode(leaf.certificate().getSubjectX500Principal().getEncoded()))
                .isEqualTo(names.subject());
    }

    /** Wraps one AttributeTypeAndValue (CN) with the given value TLV into a whole Name. */
    private static byte[] nameWithCnValue(String valueHex) {
        byte[] value = bytes(valueHex);
        byte[] ava = concat(bytes("06 03 55 04 03"), value);
        byte[] seq = concat(new byte[] {0x30, (byte) ava.length}, ava);
        byte[] set = concat(new byte[] {0x31, (byte) seq.length}, seq);
        return concat(new byte[] {0x30, (byte) set.length}, set);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void decodeWhenWellFormedRawNameThenReadsIt() throws NameException {
        assertThat(DistinguishedName.decode(nameWithCnValue("0C 01 61")).values(CN_OID)).containsExactly("a");
        assertThat(DistinguishedName.decode(bytes("30 00")).size()).isZero();
        assertThat(DistinguishedName.decode(bytes("30 00"))).hasToString("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "UTF8String invalid byte sequence, 0C 02 C3 28",
        "UTF8String overlong encoding of '/', 0C 02 C0 AF",
        "UTF8String encoded surrogate (CESU-8), 0C 03 ED A0 80",
        "UTF8String truncated sequence, 0C 01 E2",
        "UTF8String beyond U+10FFFF, 0C 04 F4 90 80 80",
        "PrintableString non-ASCII, 13 01 E9",
        "IA5String non-ASCII, 16 02 61 FF",
        "VisibleString non-ASCII, 1A 01 80",
        "NumericString non-ASCII, 12 01 B1",
        "BMPString odd length, 1E 03 00 61 00",
        "BMPString unpaired high surrogate, 1E 02 D8 00",
        "BMPString unpaired low surrogate, 1E 04 DC 00 00 61",
        "UniversalString length not multiple of 4, 1C 03 00 00 61",
        "UniversalString beyond U+10FFFF, 1C 04 00 11 00 00",
        "UniversalString surrogate code point, 1C 04 00 00 D8 00",
        "value length beyond the AVA, 0C 05 61",
    })
    void decodeWhenMalformedValueThenNameException(String what, String valueHex) {
        assertThatThrownBy(() -> DistinguishedName.decode(nameWithCnValue(valueHex)))
                .as(what).isInstanceOf(NameException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty input, ''",
        "truncated, 30 0C 31 0A 30 08 06 03 55 04 03 0C 01",
        "bad outer length, 30 0D 31 0A 30 08 06 03 55 04 03 0C 01 61",
        "bad inner length, 30 0C 31 0B 30 08 06 03 55 04 03 0C 01 61",
        "indefinite length, 30 80 31 0A 30 08 06 03 55 04 03 0C 01 61 00 00",
        "overlong length, 30 81 0C 31 0A 30 08 06 03 55 04 03 0C 01 61",
        "trailing bytes, 30 0C 31 0A 30 08 06 03 55 04 03 0C 01 61 00",
        "not a SEQUENCE, 31 0C 31 0A 30 08 06 03 55 04 03 0C 01 61",
        "RDN not a SET, 30 0C 30 0A 30 08 06 03 55 04 03 0C 01 61",
        "empty RDN, 30 02 31 00",
        "AVA without value, 30 09 31 07 30 05 06 03 55 04 03",
        "AVA with two values, 30 0F 31 0D 30 0B 06 03 55 04 03 0C 01 61 0C 01 62",
        "AVA type not an OID, 30 0C 31 0A 30 08 04 03 55 04 03 0C 01 61",
        "empty OID, 30 09 31 07 30 05 06 00 0C 01 61",
        "non-minimal OID arc, 30 0D 31 0B 30 09 06 04 55 04 80 03 0C 01 61",
        "truncated OID arc, 30 0C 31 0A 30 08 06 03 55 04 83 0C 01 61",
    })
    void decodeWhenMalformedDerThenNameException(String what, String hex) {
        assertThatThrownBy(() -> DistinguishedName.decode(bytes(hex))).as(what).isInstanceOf(NameException.class);
    }

    @Test
    void ofWhenCertificateSubjectHasInvalidUtf8ThenNameException() {
        X500Name name = builder().addRDN(O, utf8("Contoso")).addRDN(CN, Names.raw("0C 02 C3 28")).build();
        var certificate = Names.certificate(name);
        assertThatThrownBy(() -> CertificateNames.of(certificate)).isInstanceOf(NameException.class)
                .hasMessageContaining("UTF8String");
    }

    @Test
    void nameExceptionMessageWhenMalformedThenNoRawBytes() {
        assertThatThrownBy(() -> DistinguishedName.decode(nameWithCnValue("0C 02 C3 28")))
                .isInstanceOf(NameException.class)
                .hasMessageNotContaining("C3")
                .hasMessageNotContaining("\u00C3");
    }

    /**
     * Found by the name fuzz target's boundary seed: the reader accepts an attribute type OID of up
     * to 256 content bytes, whose dotted form can be 1024 characters, while the RFC 4514 parser
     * refused OIDs longer than 256 characters, so such a name printed a string that did not parse
     * back (the contract of {@link DistinguishedName#toString()}).
     */
    @Test
    void toStringWhenAttributeOidIsAsLongAsTheReaderAcceptsThenParsesBack() throws NameException {
        byte[] arcs = new byte[256];
        java.util.Arrays.fill(arcs, (byte) 0x7F); // 2.47 then 255 arcs of 127: the longest dotted text
        DistinguishedName dn = DistinguishedName.decode(name(arcs));
        assertThat(dn.toString()).hasSize(1024 + "=v".length()).startsWith("2.47.127.127.");
        assertRoundTrips(dn);

        byte[] tooLong = new byte[257];
        java.util.Arrays.fill(tooLong, (byte) 0x7F);
        assertThatThrownBy(() -> DistinguishedName.decode(name(tooLong))).isInstanceOf(NameException.class)
                .hasMessageContaining("OBJECT IDENTIFIER of 257 bytes is too long");
        assertThatThrownBy(() -> DistinguishedName.parse("2.47" + ".127".repeat(256) + "=v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown attribute type");
    }

    /** SEQUENCE { SET { SEQUENCE { OID(arcs), UTF8String "v" } } } with long-form lengths. */
    private static byte[] name(byte[] oidContents) {
        byte[] oid = tlv(0x06, oidContents);
        byte[] ava = tlv(0x30, concat(oid, new byte[] {0x0C, 0x01, 'v'}));
        return tlv(0x30, tlv(0x31, ava));
    }

    private static byte[] tlv(int tag, byte[] contents) {
        int n = contents.length;
        byte[] header = n < 0x80 ? new byte[] {(byte) tag, (byte) n}
                : n < 0x100 ? new byte[] {(byte) tag, (byte) 0x81, (byte) n}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(header, contents);
    }

    static void assertRoundTrips(DistinguishedName dn) {
        DistinguishedName again = DistinguishedName.parse(dn.toString());
        assertThat(again).isEqualTo(dn);
        assertThat(again.canonical()).isEqualTo(dn.canonical());
        assertThat(again).hasToString(dn.toString());
    }
}
