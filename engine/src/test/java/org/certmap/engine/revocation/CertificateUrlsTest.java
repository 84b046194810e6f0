package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;

class CertificateUrlsTest {

    private static final TestPki.Issued CA = TestPki.rootCa("CN=Urls Test CA,O=certmap");

    private static GeneralName uri(String u) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, u);
    }

    private static DistributionPoint point(GeneralName... names) {
        return new DistributionPoint(new DistributionPointName(new GeneralNames(names)), null, null);
    }

    private static AuthorityInformationAccess aia(AccessDescription... descriptions) {
        return new AuthorityInformationAccess(descriptions);
    }

    private static AccessDescription ocsp(String u) {
        return new AccessDescription(AccessDescription.id_ad_ocsp, uri(u));
    }

    @Test
    void ofWhenAiaNamesOcspAndCaIssuersThenHttpUrlsListedAndLdapSkipped() {
        X509Certificate c = TestPki.cert().issuer(CA)
                .extension(Extension.authorityInfoAccess, false, aia(
                        ocsp("http://ocsp.contoso.com/"),
                        ocsp("ldap://ldap.contoso.com/cn=ocsp"),
                        ocsp("HTTPS://ocsp2.contoso.com/ocsp"),
                        ocsp("http://ocsp.contoso.com/"),
                        new AccessDescription(AccessDescription.id_ad_caIssuers, uri("http://pki.contoso.com/ca.cer")),
                        new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(new X500Name("CN=x")))))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.ocsp()).containsExactly(URI.create("http://ocsp.contoso.com/"),
                URI.create("HTTPS://ocsp2.contoso.com/ocsp"));
        assertThat(urls.skipped()).containsExactly(
                new CertificateUrls.Skipped("authorityInfoAccess", "ldap://ldap.contoso.com/cn=ocsp"));
        assertThat(urls.problems()).isEmpty();
        assertThat(urls.crlDistributionPoints()).isEmpty();
    }

    @Test
    void ofWhenCrlDistributionPointsAndFreshestCrlThenFullNameUrls() {
        DistributionPoint relative = new DistributionPoint(new DistributionPointName(
                DistributionPointName.NAME_RELATIVE_TO_CRL_ISSUER,
                new X500Name("CN=rel").getRDNs()[0].toASN1Primitive()), null, null);
        X509Certificate c = TestPki.cert().issuer(CA)
                .extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    point(uri("ldap:///CN=Contoso,CN=CDP?certificateRevocationList?base"),
                            uri("http://crl.contoso.com/issuing.crl")),
                    relative,
                    point(uri("file://///server/share/issuing.crl"), uri("https://crl2.contoso.com/issuing.crl"))}))
                .extension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                    point(uri("http://crl.contoso.com/issuing+.crl"))}))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.crlDistributionPoints()).containsExactly(URI.create("http://crl.contoso.com/issuing.crl"),
                URI.create("https://crl2.contoso.com/issuing.crl"));
        assertThat(urls.freshestCrl()).containsExactly(URI.create("http://crl.contoso.com/issuing+.crl"));
        assertThat(urls.skipped()).extracting(CertificateUrls.Skipped::url).containsExactly(
                "ldap:///CN=Contoso,CN=CDP?certificateRevocationList?base", "file://///server/share/issuing.crl");
        assertThat(urls.skipped()).extracting(CertificateUrls.Skipped::extension)
                .containsOnly("crlDistributionPoints");
        assertThat(urls.problems()).isEmpty();
    }

    @Test
    void ofWhenNoExtensionsThenEverythingEmpty() {
        CertificateUrls urls = CertificateUrls.of(TestPki.client(CA, "CN=plain").certificate());
        assertThat(urls.ocsp()).isEmpty();
        assertThat(urls.crlDistributionPoints()).isEmpty();
        assertThat(urls.freshestCrl()).isEmpty();
        assertThat(urls.skipped()).isEmpty();
        assertThat(urls.problems()).isEmpty();
    }

    @Test
    void ofWhenAiaIsMalformedThenNoOcspUrlsAndAProblemButCdpStillRead() {
        byte[] truncated = {0x30, 0x10, 0x30, 0x02};
        X509Certificate c = TestPki.cert().issuer(CA)
                .rawExtension(Extension.authorityInfoAccess, false, truncated)
                .extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    point(uri("http://crl.contoso.com/a.crl"))}))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.ocsp()).isEmpty();
        assertThat(urls.problems()).singleElement().asString()
                .startsWith("authorityInfoAccess extension is malformed: truncated");
        assertThat(urls.crlDistributionPoints()).containsExactly(URI.create("http://crl.contoso.com/a.crl"));
    }

    @Test
    void ofWhenCdpHasTrailingBytesOrIsEmptyThenProblem() {
        byte[] trailing = TestPki.der(0x30, TestPki.der(0x30), new byte[] {0x05, 0x00});
        X509Certificate c = TestPki.cert().issuer(CA)
                .rawExtension(Extension.cRLDistributionPoints, false, new byte[] {0x30, 0x00})
                .rawExtension(Extension.freshestCRL, false, trailing)
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.crlDistributionPoints()).isEmpty();
        assertThat(urls.freshestCrl()).isEmpty();
        assertThat(urls.problems()).containsExactly("crlDistributionPoints extension is malformed: crlDistributionPoints is empty",
                "freshestCrl extension is malformed: DistributionPoint: expected tag 0x30 but found 0x05");
    }

    @Test
    void ofWhenUriHasAControlCharacterOrNonAsciiThenEscapedOrRefused() {
        byte[] newline = TestPki.der(0x86, "ldap://x/\nFAKE LOG LINE".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] accessDescription = TestPki.der(0x30, TestPki.oid("1.3.6.1.5.5.7.48.1"), newline);
        byte[] nonAscii = TestPki.der(0x86, new byte[] {'h', 't', 't', 'p', ':', '/', '/', (byte) 0xE9});
        X509Certificate c = TestPki.cert().issuer(CA)
                .rawExtension(Extension.authorityInfoAccess, false, TestPki.der(0x30, accessDescription))
                .rawExtension(Extension.cRLDistributionPoints, false,
                        TestPki.der(0x30, TestPki.der(0x30, TestPki.der(0xA0, TestPki.der(0xA0, nonAscii)))))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.skipped()).containsExactly(
                new CertificateUrls.Skipped("authorityInfoAccess", "ldap://x/\\x0AFAKE LOG LINE"));
        assertThat(urls.problems()).containsExactly(
                "crlDistributionPoints extension is malformed: uniformResourceIdentifier is not IA5 (byte above 0x7F)");
    }

    @Test
    void ofWhenMoreThanTenUrlsThenTenKeptAndOneProblem() {
        ASN1Encodable[] many = new ASN1Encodable[15];
        for (int i = 0; i < many.length; i++) {
            many[i] = ocsp("http://ocsp" + i + ".contoso.com/");
        }
        X509Certificate c = TestPki.cert().issuer(CA)
                .extension(Extension.authorityInfoAccess, false, new DERSequence(many))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.ocsp()).hasSize(CertificateUrls.MAX_URLS);
        assertThat(urls.problems()).containsExactly("authorityInfoAccess: more than 10 URLs, the rest are ignored");
    }

    @Test
    void ofWhenDistributionPointNameIsNeitherChoiceOrFullNameIsEmptyThenProblem() {
        byte[] url = TestPki.der(0x86, "http://crl.contoso.com/a.crl".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] good = TestPki.der(0x30, TestPki.der(0xA0, TestPki.der(0xA0, url)));
        byte[] neither = TestPki.der(0x30, TestPki.der(0xA0, TestPki.der(0xA2, url)));
        byte[] emptyFullName = TestPki.der(0x30, TestPki.der(0xA0, TestPki.der(0xA0)));
        X509Certificate c = TestPki.cert().issuer(CA)
                .rawExtension(Extension.cRLDistributionPoints, false, TestPki.der(0x30, good, neither))
                .rawExtension(Extension.freshestCRL, false, TestPki.der(0x30, good, emptyFullName))
                .build().certificate();
        CertificateUrls urls = CertificateUrls.of(c);
        assertThat(urls.crlDistributionPoints()).isEmpty();
        assertThat(urls.freshestCrl()).isEmpty();
        assertThat(urls.problems()).containsExactly("crlDistributionPoints extension is malformed: distributionPoint:"
                + " neither fullName nor nameRelativeToCRLIssuer", "freshestCrl extension is malformed: fullName is empty");
    }
}
