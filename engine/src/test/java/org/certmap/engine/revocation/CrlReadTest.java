package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

class CrlReadTest {

    private static final Issued CA = TestPki.rootCa("CN=CRL Test CA,O=certmap");
    private static final List<X509Certificate> CAS = List.of(CA.certificate());

    @Test
    void readWhenDerThenEntriesAndFieldsAreExposed() throws Exception {
        byte[] der = CrlTestPki.crl(CA).number(42).revoke(5, CRLReason.keyCompromise).revoke(6, -1)
                .revoke(7, CRLReason.certificateHold).build();

        Crl crl = Crl.read(der, CAS);

        assertThat(crl.size()).isEqualTo(3);
        assertThat(crl.crlNumber()).isEqualTo(42);
        assertThat(crl.isDelta()).isFalse();
        assertThat(crl.baseCrlNumber()).isNull();
        assertThat(crl.issuer()).isEqualTo(CA.certificate().getSubjectX500Principal());
        assertThat(crl.issuerDer()).isEqualTo(CA.certificate().getSubjectX500Principal().getEncoded());
        assertThat(crl.issuerCertificate()).isEqualTo(CA.certificate());
        assertThat(crl.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(crl.thisUpdate()).isEqualTo(CrlTestPki.NOW.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.nextUpdate()).isEqualTo(CrlTestPki.NOW.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.scope()).as("no issuingDistributionPoint").isSameAs(CrlScope.FULL);
        CrlEntry e = crl.lookup(BigInteger.valueOf(5));
        assertThat(e.reason()).isEqualTo(CrlReason.KEY_COMPROMISE);
        assertThat(e.reason().rfcName()).isEqualTo("keyCompromise");
        assertThat(e.revocationDate()).isEqualTo(CrlTestPki.NOW.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.lookup(BigInteger.valueOf(6)).reasonCode()).isEqualTo(-1);
        assertThat(crl.lookup(BigInteger.valueOf(6)).reason()).isEqualTo(CrlReason.UNSPECIFIED);
        assertThat(crl.lookup(BigInteger.valueOf(7)).reason()).isEqualTo(CrlReason.CERTIFICATE_HOLD);
        assertThat(crl.lookup(BigInteger.valueOf(8))).isNull();
        assertThat(crl.lookup(BigInteger.valueOf(4))).isNull();
        assertThat(crl.retainedBytes()).isPositive();
    }

    @Test
    void readWhenPemThenSameAsDer() throws Exception {
        byte[] der = CrlTestPki.crl(CA).revoke(9, CRLReason.superseded).build();
        String text = "Certificate Revocation List (CRL):\n  (openssl crl -text output)\n" + CrlTestPki.pem(der);

        Crl crl = Crl.read(text.getBytes(StandardCharsets.US_ASCII), CAS);

        assertThat(crl.lookup(BigInteger.valueOf(9)).reason()).isEqualTo(CrlReason.SUPERSEDED);
        assertThat(CrlTestPki.pem(der).replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII))
                .satisfies(crlf -> assertThat(Crl.read(crlf, CAS).size()).isEqualTo(1));
    }

    @Test
    void readWhenPemOfACertificateThenRefusedByLabel() {
        byte[] pem = CA.pem().getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Crl.read(pem, CAS)).isInstanceOf(CrlException.class)
                .hasMessage("does not parse: a PEM \"CERTIFICATE\" block, not \"X509 CRL\"");
        assertThatThrownBy(() -> Crl.read("hello".getBytes(StandardCharsets.US_ASCII), CAS))
                .hasMessage("does not parse: neither DER (a SEQUENCE) nor PEM (-----BEGIN X509 CRL-----)");
        byte[] two = (CrlTestPki.pem(CrlTestPki.crl(CA).build()) + CrlTestPki.pem(CrlTestPki.crl(CA).build()))
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Crl.read(two, CAS)).hasMessage("does not parse: more than one \"X509 CRL\" PEM block");
    }

    @Test
    void lookupWhenSerialsHaveLeadingZeroHighBitOr20BytesThenFound() throws Exception {
        BigInteger highBit = new BigInteger("80", 16);
        BigInteger twentyBytes = new BigInteger("7F" + "AB".repeat(19), 16);
        BigInteger twentyWithZero = new BigInteger("FF" + "01".repeat(18), 16);
        BigInteger small = BigInteger.ONE;
        byte[] der = CrlTestPki.crl(CA).revoke(twentyBytes, CRLReason.keyCompromise).revoke(highBit, -1)
                .revoke(twentyWithZero, CRLReason.cACompromise).revoke(small, -1).revoke(BigInteger.valueOf(0x7F), -1)
                .build();

        Crl crl = Crl.read(der, CAS);

        assertThat(crl.lookup(highBit)).isNotNull();
        assertThat(crl.lookup(twentyBytes).reasonCode()).isEqualTo(1);
        assertThat(crl.lookup(twentyWithZero).reason()).isEqualTo(CrlReason.CA_COMPROMISE);
        assertThat(crl.lookup(small)).isNotNull();
        assertThat(crl.lookup(BigInteger.valueOf(0x7F))).isNotNull();
        assertThat(crl.lookup(new BigInteger("7F", 16).shiftLeft(8))).isNull();
        assertThat(crl.lookup(twentyBytes.add(BigInteger.ONE))).isNull();
        assertThat(crl.lookup(new BigInteger("01".repeat(18), 16))).isNull();
        assertThat(crl.lookup(highBit.negate())).isNull();
    }

    @Test
    void readWhenSerialHasNonMinimalPaddingThenNormalisedAndFound() throws Exception {
        byte[] tbs = TestPki.der(0x30, TestPki.der(0x02, new byte[] {1}),
                CrlTestPki.encode(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))),
                CA.certificate().getSubjectX500Principal().getEncoded(),
                TestPki.der(0x17, CrlTestPki.utc(CrlTestPki.NOW.minus(Duration.ofHours(1)))),
                TestPki.der(0x30, TestPki.der(0x30, TestPki.der(0x02, new byte[] {0, 0, 5}),
                        TestPki.der(0x17, CrlTestPki.utc(CrlTestPki.NOW)))));

        Crl crl = Crl.read(CrlTestPki.signTbs(CA, tbs), CAS);

        assertThat(crl.lookup(BigInteger.valueOf(5))).isNotNull();
        assertThat(crl.nextUpdate()).isNull();
        assertThat(crl.crlNumber()).isNull();
    }

    @Test
    void readWhenDuplicateSerialsThenPermanentRevocationWinsOverHold() throws Exception {
        byte[] der = CrlTestPki.crl(CA).revoke(3, CRLReason.certificateHold).revoke(3, CRLReason.keyCompromise)
                .revoke(3, CRLReason.removeFromCRL).revoke(2, CRLReason.superseded).revoke(2, CRLReason.affiliationChanged)
                .build();

        Crl crl = Crl.read(der, CAS);

        assertThat(crl.size()).isEqualTo(2);
        assertThat(crl.lookup(BigInteger.valueOf(3)).reason()).isEqualTo(CrlReason.KEY_COMPROMISE);
        assertThat(crl.lookup(BigInteger.valueOf(2)).reason()).as("equals: the first listed").isEqualTo(CrlReason.SUPERSEDED);
    }

    @Test
    void readWhenManyUnsortedEntriesThenEveryOneIsFound() throws Exception {
        CrlTestPki.Builder b = CrlTestPki.crl(CA);
        long[] serials = new java.util.Random(7).longs(500, 1, Long.MAX_VALUE).toArray();
        for (long s : serials) {
            b.revoke(s, CRLReason.keyCompromise);
        }
        Crl crl = Crl.read(b.build(), CAS);

        assertThat(crl.size()).isEqualTo(500);
        for (long s : serials) {
            assertThat(crl.lookup(BigInteger.valueOf(s))).isNotNull();
            assertThat(crl.lookup(BigInteger.valueOf(s + 1))).isNull();
        }
    }

    @Test
    void lookupWhenManySerialsShareLongPrefixesAndLengthsVaryThenEveryOneIsFound() throws Exception {
        // Sequential 20-byte serials (one long common prefix over several search blocks) among short ones.
        BigInteger prefix = new BigInteger("3A" + "11".repeat(15), 16).shiftLeft(32);
        CrlTestPki.Builder b = CrlTestPki.crl(CA);
        for (int i = 299; i >= 0; i--) {
            b.revoke(prefix.add(BigInteger.valueOf(i * 3L)), CRLReason.keyCompromise);
            b.revoke(BigInteger.valueOf(i * 1_000L + 1), -1);
        }
        Crl crl = Crl.read(b.build(), CAS);

        assertThat(crl.size()).isEqualTo(600);
        for (int i = 0; i < 300; i++) {
            assertThat(crl.lookup(prefix.add(BigInteger.valueOf(i * 3L)))).as("long %d", i).isNotNull();
            assertThat(crl.lookup(prefix.add(BigInteger.valueOf(i * 3L + 1)))).isNull();
            assertThat(crl.lookup(BigInteger.valueOf(i * 1_000L + 1))).as("short %d", i).isNotNull();
            assertThat(crl.lookup(BigInteger.valueOf(i * 1_000L + 2))).isNull();
        }
        assertThat(crl.lookup(prefix.subtract(BigInteger.ONE))).isNull();
        assertThat(crl.lookup(prefix.add(BigInteger.valueOf(900)))).isNull();
    }

    @Test
    void readWhenSignedByAnotherKeyThenNotSignedByAnyCaItNames() {
        byte[] forged = CrlTestPki.crl(CA).signedBy(TestPki.ecKey()).withoutAuthorityKeyId().build();

        assertThatThrownBy(() -> Crl.read(forged, CAS)).isInstanceOf(CrlException.class)
                .hasMessage("not signed by any CA it names (issuer CN=CRL Test CA,O=certmap): 1 CA certificate"
                        + " with that subject, none of whose keys verifies the signature");
    }

    @Test
    void readWhenNoCandidateHasTheIssuerNameThenRefused() {
        Issued other = TestPki.rootCa("CN=Other CA");
        byte[] der = CrlTestPki.crl(CA).build();

        assertThatThrownBy(() -> Crl.read(der, List.of(other.certificate())))
                .hasMessage("not signed by any CA it names (issuer CN=CRL Test CA,O=certmap): no CA certificate with that subject");
    }

    @Test
    void readWhenTwoCasShareTheNameThenTheOneWhoseKeySignedIsChosen() throws Exception {
        Issued renewed = TestPki.rootCa("CN=CRL Test CA,O=certmap");
        byte[] der = CrlTestPki.crl(renewed).build();
        byte[] noAki = CrlTestPki.crl(renewed).withoutAuthorityKeyId().build();

        assertThat(Crl.read(der, List.of(CA.certificate(), renewed.certificate())).issuerCertificate())
                .isEqualTo(renewed.certificate());
        assertThat(Crl.read(noAki, List.of(CA.certificate(), renewed.certificate())).issuerCertificate())
                .isEqualTo(renewed.certificate());
    }

    @Test
    void readWhenSignerLacksCrlSignThenRefused() {
        Issued noCrlSign = TestPki.cert().subject("CN=No CRL Sign CA").ca(-1)
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature, true).build();
        byte[] der = CrlTestPki.crl(noCrlSign).build();

        assertThatThrownBy(() -> Crl.read(der, List.of(noCrlSign.certificate())))
                .hasMessage("not signed by any CA it names (issuer CN=No CRL Sign CA): the CA certificate whose key"
                        + " verifies it has keyUsage without cRLSign");
    }

    @Test
    void readWhenTbsTamperedThenSignatureFails() {
        byte[] der = CrlTestPki.crl(CA).revoke(0x1234567, CRLReason.keyCompromise).build();
        byte[] tampered = der.clone();
        int at = indexOf(tampered, new byte[] {0x02, 0x04, 0x01, 0x23, 0x45, 0x67});
        tampered[at + 5] = 0x68;

        assertThatThrownBy(() -> Crl.read(tampered, CAS)).isInstanceOf(CrlException.class)
                .hasMessageStartingWith("not signed by any CA it names (issuer CN=CRL Test CA,O=certmap)");
    }

    @Test
    void readWhenOuterAlgorithmDiffersFromTbsThenMismatch() {
        byte[] der = CrlTestPki.crl(CA).build();
        byte[] swapped = CrlTestPki.withOuterAlgorithm(der,
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.3")));

        assertThatThrownBy(() -> Crl.read(swapped, CAS)).hasMessage("signature algorithm mismatch: signatureAlgorithm"
                + " differs from the signature field inside tbsCertList (RFC 5280 §5.1.1.2)");
    }

    @Test
    void readWhenSha1ThenUnsupportedAlgorithm() {
        Issued rsa = TestPki.cert().subject("CN=RSA CA").keyPair(TestPki.rsaKey()).ca(-1).build();
        byte[] der = CrlTestPki.crl(rsa).algorithm("SHA1withRSA").build();

        assertThatThrownBy(() -> Crl.read(der, List.of(rsa.certificate())))
                .hasMessageStartingWith("unsupported signature algorithm 1.2.840.113549.1.1.5");
    }

    @Test
    void readWhenEcdsaRsaPssRsaAndEd25519ThenVerified() throws Exception {
        Issued ec384 = TestPki.rootCa("CN=EC CA");
        Issued rsa = TestPki.cert().subject("CN=RSA CA").keyPair(TestPki.rsaKey()).ca(-1).build();
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        KeyPair ed = g.generateKeyPair();
        Issued ed25519 = TestPki.cert().subject("CN=Ed CA").keyPair(ed).ca(-1).signatureAlgorithm("Ed25519").build();

        assertThat(read(ec384, "SHA384withECDSA")).isEqualTo("SHA384withECDSA");
        assertThat(read(ec384, "SHA512withECDSA")).isEqualTo("SHA512withECDSA");
        assertThat(read(rsa, "SHA256withRSA")).isEqualTo("SHA256withRSA");
        assertThat(read(rsa, "SHA512withRSA")).isEqualTo("SHA512withRSA");
        assertThat(read(rsa, "SHA256withRSAandMGF1")).isEqualTo("RSASSA-PSS");
        assertThat(read(rsa, "SHA384withRSAandMGF1")).isEqualTo("RSASSA-PSS");
        assertThat(read(ed25519, "Ed25519")).isEqualTo("Ed25519");
    }

    @Test
    void readWhenRsaPssSignedByAnotherKeyThenRefused() {
        Issued rsa = TestPki.cert().subject("CN=RSA CA").keyPair(TestPki.rsaKey()).ca(-1).build();
        byte[] der = CrlTestPki.crl(rsa).algorithm("SHA256withRSAandMGF1").signedBy(TestPki.rsaKey()).build();

        assertThatThrownBy(() -> Crl.read(der, List.of(rsa.certificate()))).hasMessageStartingWith("not signed by any CA");
    }

    @Test
    void readWhenRsaPkcs1HasNoNullParametersThenStillRead() throws Exception {
        // RFC 4055 asks for NULL; the signature covers only the TBS, so the outer copy can be changed to test both.
        Issued rsa = TestPki.cert().subject("CN=RSA CA").keyPair(TestPki.rsaKey()).ca(-1).build();
        byte[] der = CrlTestPki.crl(rsa).build();
        byte[] withNull = CrlTestPki.withOuterAlgorithm(der,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE));

        assertThat(Crl.read(withNull, List.of(rsa.certificate())).signatureAlgorithm()).isEqualTo("SHA256withRSA");
    }

    @Test
    void readWhenUnknownCriticalCrlExtensionThenRefused() {
        byte[] der = CrlTestPki.crl(CA).extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true,
                new DERUTF8String("x")).build();
        byte[] nonCritical = CrlTestPki.crl(CA).extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), false,
                new DERUTF8String("x")).build();

        assertThatThrownBy(() -> Crl.read(der, CAS)).hasMessage("unknown critical CRL extension 1.3.6.1.4.1.99999.1"
                + " (RFC 5280 §5.2: a CRL with a critical extension certmap does not implement is not used)");
        assertThat(catchless(nonCritical)).isNotNull();
    }

    @Test
    void readWhenUnknownCriticalEntryExtensionThenRefused() {
        byte[] der = CrlTestPki.crl(CA).revokeWith(BigInteger.valueOf(0x1F), CrlTestPki.entryExtension(
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.2"), true, new DERUTF8String("x"))).build();

        assertThatThrownBy(() -> Crl.read(der, CAS)).hasMessage("unknown critical extension 1.3.6.1.4.1.99999.2 in the"
                + " entry for serial 0x1F (RFC 5280 §5.3: the CRL is not used)");
    }

    @Test
    void readWhenIndirectCrlThenRefused() {
        byte[] idp = CrlTestPki.crl(CA).idp(new IssuingDistributionPoint(null, false, false, null, true, false)).build();
        byte[] entry = CrlTestPki.crl(CA).revokeWith(BigInteger.TEN, CrlTestPki.entryExtension(
                Extension.certificateIssuer, true, new GeneralNames(new GeneralName(new X500Name("CN=Someone else")))))
                .build();

        assertThatThrownBy(() -> Crl.read(idp, CAS))
                .hasMessage("indirect CRL (issuingDistributionPoint indirectCRL) is not supported, refused");
        assertThatThrownBy(() -> Crl.read(entry, CAS))
                .hasMessage("indirect CRL (certificateIssuer entry extension, serial 0x0A) is not supported, refused");
    }

    @Test
    void readWhenTruncatedAtAnyLengthThenDoesNotParse() {
        byte[] der = CrlTestPki.crl(CA).revoke(5, CRLReason.keyCompromise).build();
        for (int n = 0; n < der.length; n++) {
            byte[] cut = Arrays.copyOf(der, n);
            assertThatThrownBy(() -> Crl.read(cut, CAS)).as("cut at %d", n).isInstanceOf(CrlException.class)
                    .hasMessageStartingWith("does not parse: ");
        }
    }

    @Test
    void readWhenEntryCountIsAbsurdForTheFileThenDoesNotParse() {
        // A revokedCertificates SEQUENCE that claims 16 MB in a file of 100 bytes: no allocation to match.
        byte[] tbs = TestPki.der(0x30, TestPki.der(0x02, new byte[] {1}),
                CrlTestPki.encode(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))),
                CA.certificate().getSubjectX500Principal().getEncoded(),
                TestPki.der(0x17, CrlTestPki.utc(CrlTestPki.NOW)),
                new byte[] {0x30, (byte) 0x83, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x30, 0x00});

        assertThatThrownBy(() -> Crl.read(CrlTestPki.signTbs(CA, tbs), CAS))
                .hasMessageStartingWith("does not parse: truncated: length 16777215");
    }

    @Test
    void readWhenDeltaAndScopeAndFreshestThenExposed() throws Exception {
        GeneralNames base = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "http://pki.example/ca.crl"));
        GeneralNames delta = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "http://pki.example/ca+.crl"));
        byte[] der = CrlTestPki.crl(CA).number(12)
                .idp(new IssuingDistributionPoint(new DistributionPointName(base), true, false, null, false, false))
                .extension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(delta), null, null)}))
                .build();
        byte[] d = CrlTestPki.crl(CA).number(13).delta(12).build();

        Crl crl = Crl.read(der, CAS);

        X509Certificate inPartition = TestPki.cert().issuer(CA).extension(Extension.cRLDistributionPoints, false,
                new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(base), null, null)}))
                .build().certificate();
        assertThat(crl.scope().notCovering(inPartition)).as("onlyUserCerts, and the partition's name").isNull();
        assertThat(crl.scope().notCovering(CA.certificate())).contains("end-entity certificates only");
        assertThat(crl.scope().notCovering(TestPki.client(CA, "CN=elsewhere").certificate()))
                .contains("names none of the certificate's CRL distribution points");
        assertThat(crl.freshestCrlUris()).containsExactly("http://pki.example/ca+.crl");
        assertThat(Crl.read(d, CAS).isDelta()).isTrue();
        assertThat(Crl.read(d, CAS).baseCrlNumber()).isEqualTo(12);
    }

    @Test
    void readWhenAFullNameIsEmptyThenDoesNotParse() {
        // GeneralNames is SIZE (1..MAX): an empty fullName in the scope read as no name at all made
        // a partitioned CRL look complete, so that it answered for certificates of other partitions.
        GeneralNames none = new GeneralNames(new GeneralName[0]);
        byte[] idp = CrlTestPki.crl(CA)
                .idp(new IssuingDistributionPoint(new DistributionPointName(none), false, false, null, false, false))
                .build();
        byte[] freshest = CrlTestPki.crl(CA).extension(Extension.freshestCRL, false, new CRLDistPoint(
                new DistributionPoint[] {new DistributionPoint(new DistributionPointName(none), null, null)})).build();

        assertThatThrownBy(() -> Crl.read(idp, CAS)).hasMessage("does not parse: fullName is empty");
        assertThatThrownBy(() -> Crl.read(freshest, CAS)).hasMessage("does not parse: fullName is empty");
    }

    @Test
    void readWhenReasonCodeIsNotACrlReasonThenDoesNotParse() {
        byte[] der = CrlTestPki.crl(CA).revokeWith(BigInteger.TWO, CrlTestPki.entryExtension(Extension.reasonCode, false,
                new org.bouncycastle.asn1.ASN1Enumerated(7))).build();

        assertThatThrownBy(() -> Crl.read(der, CAS)).hasMessage("does not parse: reasonCode 7 in the entry for serial 0x02"
                + " is not a CRLReason (RFC 5280 §5.3.1)");
    }

    @Test
    void readWhenV1WithExtensionsOrDuplicateExtensionThenDoesNotParse() throws Exception {
        byte[] tbs = TestPki.der(0x30,
                CrlTestPki.encode(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))),
                CA.certificate().getSubjectX500Principal().getEncoded(),
                TestPki.der(0x17, CrlTestPki.utc(CrlTestPki.NOW)),
                TestPki.der(0xA0, CrlTestPki.encode(new DERSequence(new Extension(Extension.cRLNumber, false,
                        new org.bouncycastle.asn1.DEROctetString(new org.bouncycastle.asn1.ASN1Integer(1)))))));
        byte[] number = CrlTestPki.encode(new Extension(Extension.cRLNumber, false,
                new org.bouncycastle.asn1.DEROctetString(new org.bouncycastle.asn1.ASN1Integer(1))));
        byte[] dup = CrlTestPki.signTbs(CA, TestPki.der(0x30, TestPki.der(0x02, new byte[] {1}),
                CrlTestPki.encode(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))),
                CA.certificate().getSubjectX500Principal().getEncoded(),
                TestPki.der(0x17, CrlTestPki.utc(CrlTestPki.NOW)),
                TestPki.der(0xA0, TestPki.der(0x30, number, number))));

        assertThatThrownBy(() -> Crl.read(CrlTestPki.signTbs(CA, tbs), CAS))
                .hasMessage("does not parse: crlExtensions in a v1 CRL (extensions need version v2)");
        assertThatThrownBy(() -> Crl.read(dup, CAS))
                .hasMessage("does not parse: CRL extension 2.5.29.20 appears twice (RFC 5280 §4.2)");
    }

    private static Crl catchless(byte[] der) {
        try {
            return Crl.read(der, CAS);
        } catch (CrlException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static String read(Issued ca, String algorithm) throws CrlException {
        byte[] der = CrlTestPki.crl(ca).algorithm(algorithm).revoke(3, CRLReason.keyCompromise).build();
        Crl crl = Crl.read(der, List.of(ca.certificate()));
        assertThat(crl.lookup(BigInteger.valueOf(3))).isNotNull();
        return crl.signatureAlgorithm();
    }

    static int indexOf(byte[] data, byte[] what) {
        for (int i = 0; i <= data.length - what.length; i++) {
            if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
