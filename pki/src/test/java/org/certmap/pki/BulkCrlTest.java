package org.certmap.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

class BulkCrlTest {

    private static final IssuedCertificate CA = CertificateBuilder.of(CertificateProfile.CA).subject("CN=CRL CA,O=certmap")
            .issue(null);

    private static BigInteger extensionNumber(X509CRL crl, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        byte[] v = crl.getExtensionValue(oid.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(v).getOctets()).getValue();
    }

    @Test
    void assembleWhenManyEntriesThenEveryThirdKeyCompromiseNumberedAndSigned() throws Exception {
        Instant now = Instant.now();

        byte[] der = BulkCrl.assemble(CA, 7, now, 10, i -> BigInteger.valueOf(100 + i).toByteArray());

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(CA.certificate().getPublicKey());
        assertThat(crl.getRevokedCertificates()).hasSize(10);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(100)).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(101)).getRevocationReason()).isNull();
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(103)).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(extensionNumber(crl, Extension.cRLNumber)).isEqualTo(7);
        assertThat(crl.getThisUpdate()).isBefore(java.util.Date.from(now));
        assertThat(crl.getNextUpdate()).isAfter(java.util.Date.from(now));
        assertThat(Pem.crl(der)).startsWith("-----BEGIN X509 CRL-----\n").endsWith("-----END X509 CRL-----\n");
    }
}
