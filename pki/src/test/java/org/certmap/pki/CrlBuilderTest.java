package org.certmap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.junit.jupiter.api.Test;

class CrlBuilderTest {

    private static final IssuedCertificate CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=CRL CA,O=certmap")
            .issue(null);

    private static BigInteger extensionNumber(X509CRL crl, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        byte[] v = crl.getExtensionValue(oid.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(v).getOctets()).getValue();
    }

    @Test
    void buildWhenEntriesThenSignedByTheCaWithReasonsNumberAndTimes() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CRL crl = CrlBuilder.of(CA).times(now, now.plus(Duration.ofDays(7))).number(BigInteger.valueOf(3))
                .revoke(BigInteger.valueOf(10), now.minusSeconds(60), 1)
                .revoke(BigInteger.valueOf(11), now.minusSeconds(30), 0).build();

        crl.verify(CA.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(now);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(now.plus(Duration.ofDays(7)));
        assertThat(extensionNumber(crl, Extension.cRLNumber)).isEqualTo(3);
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(crl.getExtensionValue(Extension.deltaCRLIndicator.getId())).isNull();
        X509CRLEntry keyCompromise = crl.getRevokedCertificate(BigInteger.valueOf(10));
        assertThat(keyCompromise.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(keyCompromise.getRevocationDate().toInstant()).isEqualTo(now.minusSeconds(60));
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(11)).getExtensionValue(Extension.reasonCode.getId()))
                .as("unspecified is written as no reasonCode (RFC 5280 5.3.1)").isNull();
        assertThat(crl.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void buildWhenDeltaThenCriticalDeltaIndicatorNamingTheBase() {
        X509CRL crl = CrlBuilder.of(CA).number(BigInteger.valueOf(5)).deltaOf(BigInteger.valueOf(4)).build();

        assertThat(crl.getCriticalExtensionOIDs()).contains(Extension.deltaCRLIndicator.getId());
        assertThat(extensionNumber(crl, Extension.deltaCRLIndicator)).isEqualTo(4);
    }

    @Test
    void encodedWhenEntryExtensionsNoNextUpdateNoAkiAndAnotherKeyThenExactlyThat() throws Exception {
        ExtensionsGenerator g = new ExtensionsGenerator();
        g.addExtension(Extension.reasonCode, false, org.bouncycastle.asn1.x509.CRLReason.lookup(0));
        Extensions explicitUnspecified = g.generate();
        IssuedCertificate forger = CertificateBuilder.of(CertificateProfile.CA).subject("CN=forger").issue(null);

        byte[] der = CrlBuilder.of(CA).times(Instant.now(), null).authorityKeyIdentifier(false)
                .revoke(BigInteger.TWO, Instant.now(), explicitUnspecified).signingKey(forger.privateKey()).encoded();

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        assertThat(crl.getNextUpdate()).isNull();
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNull();
        assertThat(crl.getRevokedCertificate(BigInteger.TWO).getRevocationReason()).isEqualTo(CRLReason.UNSPECIFIED);
        crl.verify(forger.certificate().getPublicKey());
    }
}
