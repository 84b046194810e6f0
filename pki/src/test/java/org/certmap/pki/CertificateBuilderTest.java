package org.certmap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateBuilderTest {

    private static final IssuedCertificate CA = CertificateBuilder.of(CertificateProfile.CA)
            .subject("CN=Test Root CA,O=certmap").issue(null);

    /** keyUsage bits in the JDK's order: digitalSignature, nonRepudiation, keyEncipherment, ..., keyCertSign (5), cRLSign (6). */
    private static boolean[] usage(X509Certificate c) {
        return Arrays.copyOf(c.getKeyUsage(), 9);
    }

    private static byte[] extension(X509Certificate c, ASN1ObjectIdentifier oid) {
        byte[] v = c.getExtensionValue(oid.getId());
        return v == null ? null : ASN1OctetString.getInstance(v).getOctets();
    }

    @Test
    void issueWhenClientThenClientAuthDigitalSignatureAndKeyIdentifiers() throws Exception {
        IssuedCertificate alice = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=alice,OU=Staff,O=Contoso")
                .issue(CA);
        X509Certificate c = alice.certificate();

        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=alice,OU=Staff,O=Contoso");
        assertThat(c.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
        c.verify(CA.certificate().getPublicKey());
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(usage(c)).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(c.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId());
        assertThat(AuthorityKeyIdentifier.getInstance(extension(c, Extension.authorityKeyIdentifier)).getKeyIdentifier())
                .isEqualTo(SubjectKeyIdentifier.getInstance(extension(CA.certificate(), Extension.subjectKeyIdentifier))
                        .getKeyIdentifier());
        assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(397));
        assertThat(c.getNotBefore().toInstant()).isBetween(Instant.now().minus(Duration.ofMinutes(61)), Instant.now());
        assertThat(c.getSerialNumber().signum()).isPositive();
        assertThat(c.getSerialNumber().toByteArray()).hasSize(16);
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(alice.chain()).containsExactly(c, CA.certificate());
        assertThat(alice.keyPair().getPublic()).isEqualTo(c.getPublicKey());
    }

    @Test
    void issueWhenCaThenCriticalBasicConstraintsCertAndCrlSignTenYearsSelfSigned() throws Exception {
        X509Certificate c = CA.certificate();

        c.verify(c.getPublicKey());
        assertThat(c.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(usage(c)).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(c.getExtendedKeyUsage()).isNull();
        assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(3650));
        assertThat(CA.issuers()).isEmpty();
        assertThat(AuthorityKeyIdentifier.getInstance(extension(c, Extension.authorityKeyIdentifier)).getKeyIdentifier())
                .as("self-signed: its own key").isNotNull();
    }

    @Test
    void issueWhenIntermediateWithPathLengthThenFiveYearsAndChainToRoot() {
        IssuedCertificate sub = CertificateBuilder.of(CertificateProfile.INTERMEDIATE).subject("CN=Issuing CA 1")
                .pathLength(0).issue(CA);
        IssuedCertificate leaf = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=bob").issue(sub);

        assertThat(sub.certificate().getBasicConstraints()).isZero();
        assertThat(Duration.between(sub.certificate().getNotBefore().toInstant(), sub.certificate().getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(1825));
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), sub.certificate(), CA.certificate());
    }

    @Test
    void issueWhenServerWithRsaKeyThenServerAuthAndKeyEncipherment() throws Exception {
        X509Certificate rsa = CertificateBuilder.of(CertificateProfile.SERVER).subject("CN=localhost").keyType(KeyType.RSA_2048)
                .dns("localhost").issue(CA).certificate();
        X509Certificate ec = CertificateBuilder.of(CertificateProfile.SERVER).subject("CN=localhost").issue(CA).certificate();

        assertThat(rsa.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(usage(rsa)).containsExactly(true, false, true, false, false, false, false, false, false);
        assertThat(usage(ec)).containsExactly(true, false, false, false, false, false, false, false, false);
    }

    @Test
    void issueWhenSansThenEachKindInOrder() throws Exception {
        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=jdoe")
                .email("jdoe@contoso.example").upn("jdoe@contoso.example").dns("h.example").ip("::1")
                .uri("urn:example:jdoe").issue(CA).certificate();

        List<List<?>> sans = List.copyOf(c.getSubjectAlternativeNames());
        assertThat(sans).extracting(s -> (Object) s.get(0)).containsExactly(1, 0, 2, 7, 6);
        assertThat(sans.get(0).get(1)).isEqualTo("jdoe@contoso.example");
        assertThat(sans.get(2).get(1)).isEqualTo("h.example");
        assertThat(sans.get(3).get(1)).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(sans.get(4).get(1)).isEqualTo("urn:example:jdoe");
        GeneralName upn = GeneralNames.getInstance(extension(c, Extension.subjectAlternativeName)).getNames()[1];
        org.bouncycastle.asn1.ASN1Sequence other = org.bouncycastle.asn1.ASN1Sequence.getInstance(upn.getName());
        assertThat(other.getObjectAt(0).toString()).isEqualTo(CertificateBuilder.UPN_OID);
        assertThat(DERUTF8String.getInstance(org.bouncycastle.asn1.ASN1TaggedObject.getInstance(other.getObjectAt(1))
                .getExplicitBaseObject()).getString()).isEqualTo("jdoe@contoso.example");
    }

    @Test
    void issueWhenCrlDeltaAndOcspUrlsThenDistributionPointsFreshestCrlAndAia() {
        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=ann")
                .crlUrl("http://localhost:8081/ca.crl").deltaCrlUrl(" http://localhost:8081/delta.crl ")
                .ocspUrl("http://ocsp.example/").issue(CA).certificate();

        assertThat(CRLDistPoint.getInstance(extension(c, Extension.cRLDistributionPoints)).getDistributionPoints()[0]
                .getDistributionPoint().toString()).contains("http://localhost:8081/ca.crl");
        assertThat(CRLDistPoint.getInstance(extension(c, Extension.freshestCRL)).getDistributionPoints()[0]
                .getDistributionPoint().toString()).contains("http://localhost:8081/delta.crl");
        AccessDescription ocsp = AuthorityInformationAccess.getInstance(extension(c, Extension.authorityInfoAccess))
                .getAccessDescriptions()[0];
        assertThat(ocsp.getAccessMethod()).isEqualTo(AccessDescription.id_ad_ocsp);
        assertThat(ocsp.getAccessLocation().getName().toString()).isEqualTo("http://ocsp.example/");
    }

    @Test
    void urlWhenNotAbsoluteThenRefusedNamingTheOption() {
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).crlUrl("ca.crl"))
                .hasMessage("--crl-url 'ca.crl' is not an absolute URL, e.g. http://pki.example/ca.crl");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).ocspUrl("::"))
                .hasMessageStartingWith("--ocsp-url '::' is not an absolute URL");
    }

    @Test
    void ekuWhenNamesOidsOrNoneThenThoseOrNoExtension() throws Exception {
        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x")
                .eku(List.of("clientAuth", " EmailProtection", "1.2.3.4", "any")).issue(CA).certificate();
        X509Certificate none = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x").eku(List.of("none"))
                .issue(CA).certificate();

        assertThat(c.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId(),
                KeyPurposeId.id_kp_emailProtection.getId(), "1.2.3.4", KeyPurposeId.anyExtendedKeyUsage.getId());
        assertThat(none.getExtensionValue(Extension.extendedKeyUsage.getId())).isNull();
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).eku(List.of("bogus")))
                .hasMessage("unknown EKU 'bogus': use clientAuth, serverAuth, emailProtection, codeSigning, any, none"
                        + " or a dotted OID");
    }

    @Test
    void issueWhenNoSubjectOrIssuerNoCaOrDatesReversedThenRefusedWithTheReason() {
        IssuedCertificate leaf = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=leaf").issue(CA);
        Instant now = Instant.now();

        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).subject(" ").issue(CA))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a subject is needed, e.g. CN=alice,O=Contoso");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.INTERMEDIATE).subject("CN=i").issue(null))
                .hasMessage("an intermediate CA needs an issuing CA");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x").issue(leaf))
                .hasMessage("the issuer CN=leaf is not a CA certificate");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x")
                .notBefore(now).notAfter(now.minusSeconds(1)).issue(CA)).hasMessageContaining("is not after not-before");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=bad,,x=").issue(CA))
                .hasMessageStartingWith("'CN=bad,,x=' is not an RFC 4514 name (")
                .hasMessageEndingWith("); write e.g. CN=alice,OU=Staff,O=Contoso and escape , + \" \\ < > ; with a backslash");
        assertThatThrownBy(() -> CertificateBuilder.of(CertificateProfile.CLIENT).ip("300.1.1.1"))
                .hasMessage("'300.1.1.1' is not an IPv4 or IPv6 address");
    }

    @Test
    void buildWhenIssuerIsNoCaThenSignedAnyway() throws Exception {
        IssuedCertificate leaf = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=leaf").issue(CA);

        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=below a leaf").issuer(leaf).build()
                .certificate();

        c.verify(leaf.certificate().getPublicKey());
        assertThat(c.getIssuerX500Principal()).isEqualTo(leaf.certificate().getSubjectX500Principal());
    }

    @Test
    void issueWhenNotAfterInThePastThenTheValidityEndsThere() {
        Instant end = Instant.parse("2024-06-30T00:00:00Z");

        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=old").notAfter(end).issue(CA)
                .certificate();

        assertThat(c.getNotAfter().toInstant()).isEqualTo(end);
        assertThat(c.getNotBefore().toInstant()).isEqualTo(end.minus(Duration.ofDays(397)));
    }

    @Test
    void subjectWhenCertmapKeywordsThenTheirOidsMostSpecificLastInDer() {
        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT)
                .subject("CN=John Doe,E=j@x.example,SERIALNUMBER=42,T=Dr,GN=John,SN=Doe,S=WA,O=Contoso").issue(CA)
                .certificate();

        X500Name name = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        assertThat(name.getRDNs()[0].getFirst().getType().getId()).as("O first in DER").isEqualTo("2.5.4.10");
        assertThat(name.getRDNs()).extracting(r -> r.getFirst().getType().getId()).containsExactly("2.5.4.10", "2.5.4.8",
                "2.5.4.4", "2.5.4.42", "2.5.4.12", "2.5.4.5", "1.2.840.113549.1.9.1", "2.5.4.3");
    }

    @Test
    void buildWhenEveryDefaultLeftOutThenOnlyWhatWasAsked() {
        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=bare").issuer(CA)
                .withoutBasicConstraints().withoutKeyUsage().eku().subjectKeyIdentifier(false)
                .authorityKeyIdentifier(false).serial(BigInteger.valueOf(42)).build().certificate();

        assertThat(c.getExtensionValue(Extension.basicConstraints.getId())).isNull();
        assertThat(c.getKeyUsage()).isNull();
        assertThat(c.getNonCriticalExtensionOIDs()).isNull();
        assertThat(c.getCriticalExtensionOIDs()).isNull();
        assertThat(c.getSerialNumber()).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void buildWhenKeyUsageExtensionsAndAlgorithmGivenThenThose() {
        KeyPair rsa = KeyType.RSA_2048.generate();
        IssuedCertificate rsaCa = CertificateBuilder.of(CertificateProfile.CA).subject("CN=RSA CA").keyPair(rsa).issue(null);
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x").issuer(rsaCa)
                .keyUsage(KeyUsage.keyAgreement, false).signatureAlgorithm("SHA384withRSA")
                .extension(new ASN1ObjectIdentifier("1.2.3.4"), false, new DERUTF8String("hello"))
                .rawExtension(new ASN1ObjectIdentifier("1.2.3.5"), true, new byte[] {0x05, 0x00})
                .validity(from, from.plusSeconds(60)).build().certificate();

        assertThat(c.getKeyUsage()[4]).as("keyAgreement").isTrue();
        assertThat(c.getNonCriticalExtensionOIDs()).contains(Extension.keyUsage.getId(), "1.2.3.4");
        assertThat(c.getCriticalExtensionOIDs()).contains("1.2.3.5");
        assertThat(extension(c, new ASN1ObjectIdentifier("1.2.3.5"))).containsExactly(0x05, 0x00);
        assertThat(c.getSigAlgName()).isEqualTo("SHA384withRSA");
        assertThat(c.getNotBefore().toInstant()).isEqualTo(from);
        assertThat(c.getNotAfter().toInstant()).isEqualTo(from.plusSeconds(60));
    }

    @Test
    void issueWhenP384IssuerThenSha384WithEcdsa() {
        IssuedCertificate p384 = CertificateBuilder.of(CertificateProfile.CA).subject("CN=P-384 CA").keyType(KeyType.EC_P384)
                .issue(null);

        assertThat(p384.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=x").issue(p384).certificate().getSigAlgName())
                .isEqualTo("SHA384withECDSA");
    }

    @Test
    void buildWhenRawSubjectThenThoseBytesExactlyAndStillSigned() throws Exception {
        // CN as a BMPString, which Bouncy Castle would write as UTF8String.
        byte[] cn = Der.tlv(0x30, Der.oid("2.5.4.3"), Der.tlv(0x1E, new byte[] {0, 'h', 0, 'i'}));
        byte[] raw = Der.tlv(0x30, Der.tlv(0x31, cn));

        IssuedCertificate self = CertificateBuilder.of(CertificateProfile.CLIENT).rawSubject(raw).build();
        IssuedCertificate issued = CertificateBuilder.of(CertificateProfile.CLIENT).rawSubject(raw).issuer(CA).build();

        assertThat(self.certificate().getSubjectX500Principal().getEncoded()).isEqualTo(raw);
        assertThat(self.certificate().getIssuerX500Principal().getEncoded()).as("self-signed").isEqualTo(raw);
        self.certificate().verify(self.certificate().getPublicKey());
        assertThat(issued.certificate().getSubjectX500Principal().getEncoded()).isEqualTo(raw);
        assertThat(issued.certificate().getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
        issued.certificate().verify(CA.certificate().getPublicKey());
    }

    @Test
    void buildWhenIssuerByNameAndKeyOnlyThenThatIssuerAndNoAuthorityKeyId() throws Exception {
        KeyPair key = KeyType.EC_P256.generate();
        X500Name issuer = new X500Name("O=Bench PKI,CN=Bench Issuing CA");

        X509Certificate c = CertificateBuilder.of(CertificateProfile.CLIENT).subject("CN=user-1").issuer(issuer, key.getPrivate())
                .build().certificate();

        c.verify(key.getPublic());
        assertThat(X500Name.getInstance(c.getIssuerX500Principal().getEncoded())).isEqualTo(issuer);
        assertThat(c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNull();
    }
}
