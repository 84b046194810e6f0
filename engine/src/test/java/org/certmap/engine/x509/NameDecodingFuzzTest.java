package org.certmap.engine.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the DER name reader: a Name ({@link DistinguishedName#decode(byte[])}), a SubjectAltName
 * extension value ({@link GeneralNamesDecoder}), and a TBSCertificate with its SAN as
 * {@link CertificateNames} reads them. The one failure allowed is {@link NameException} with a
 * message; whatever decodes must print as a safe log line that parses back to an equal name.
 *
 * <p>{@link #certificateNames} hands the bytes to {@code CertificateNames.of} through a stub
 * certificate, so the TBSCertificate does not have to survive the JDK's parser first: input is a
 * two-byte big-endian length, that many TBSCertificate bytes, and the rest as the SAN extension
 * value (none when empty). Seeds: {@code NameDecodingFuzzTestInputs/<method>/}, made from real
 * Bouncy Castle certificates and hand-written DER (see the file names).
 *
 * <p>To fuzz one method:
 * {@code JAZZER_FUZZ=1 JAZZER_MAX_DURATION=3m mvn -o -pl engine test -Dtest=NameDecodingFuzzTest#decodeName}.
 */
class NameDecodingFuzzTest {

    private static final List<String> OIDS = List.of(AttributeType.CN, "2.5.4.11", "2.5.4.10", "2.5.4.6",
            AttributeType.EMAIL, "0.9.2342.19200300.100.1.25");

    @FuzzTest(maxDuration = "3m")
    void decodeName(byte[] der) {
        DistinguishedName dn;
        try {
            dn = DistinguishedName.decode(der);
        } catch (NameException e) {
            FuzzChecks.assertMessage(e);
            return;
        }
        FuzzChecks.assertSafeAndRoundTrips(dn);
        for (String oid : OIDS) {
            for (String v : dn.values(oid)) {
                assertThat(v).isNotNull();
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void decodeSubjectAltName(byte[] extensionValue) {
        Map<SanType, List<String>> sans;
        try {
            sans = GeneralNamesDecoder.decode(extensionValue);
        } catch (NameException e) {
            FuzzChecks.assertMessage(e);
            return;
        }
        for (Map.Entry<SanType, List<String>> e : sans.entrySet()) {
            for (String v : e.getValue()) {
                if (e.getKey() != SanType.UPN) {
                    // rfc822Name, dNSName, URI are IA5String: ASCII only; iPAddress is printed by certmap.
                    assertThat(v.chars().allMatch(c -> c < 0x80)).as("%s %s", e.getKey(), FuzzChecks.escape(v))
                            .isTrue();
                }
                if (e.getKey() == SanType.IP) {
                    assertThat(v).matches("[0-9a-f:.]+");
                }
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void certificateNames(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int tbsLength = Math.min(((input[0] & 0xFF) << 8) | (input[1] & 0xFF), input.length - 2);
        byte[] tbs = Arrays.copyOfRange(input, 2, 2 + tbsLength);
        byte[] san = input.length > 2 + tbsLength ? Arrays.copyOfRange(input, 2 + tbsLength, input.length) : null;
        X509Certificate certificate = new StubCertificate(tbs, san);
        CertificateNames names;
        try {
            names = CertificateNames.of(certificate);
        } catch (NameException e) {
            FuzzChecks.assertMessage(e);
            return;
        }
        FuzzChecks.assertSafeAndRoundTrips(names.subject());
        FuzzChecks.assertSafeAndRoundTrips(names.issuer());
        // What a decision's summary keeps and renders later must be the very names mapping read.
        byte[][] encoded;
        try {
            encoded = CertificateNames.encodedSubjectAndIssuer(certificate);
            assertThat(DistinguishedName.decode(encoded[0])).isEqualTo(names.subject());
            assertThat(DistinguishedName.decode(encoded[1])).isEqualTo(names.issuer());
        } catch (NameException e) {
            throw new AssertionError("names decoded, but not their encodings: " + e.getMessage(), e);
        }
        for (String field : List.of("Subject", "Issuer")) {
            for (String sub : List.of("CN", "OU", "O", "E", "DC", "2.5.4.45")) {
                assertThat(names.values(field, sub)).isNotNull();
            }
        }
        for (SanType t : SanType.values()) {
            assertThat(names.subjectAltNames(t)).isNotNull();
        }
    }

    /** Only what {@link CertificateNames} reads is real; everything else fails loudly if touched. */
    static final class StubCertificate extends X509Certificate {

        private static final long serialVersionUID = 1L;

        private final byte[] tbs;
        private final byte[] san;

        StubCertificate(byte[] tbs, byte[] san) {
            this.tbs = tbs;
            this.san = san;
        }

        @Override
        public byte[] getTBSCertificate() {
            return tbs.clone();
        }

        @Override
        public byte[] getExtensionValue(String oid) {
            return "2.5.29.17".equals(oid) && san != null ? san.clone() : null;
        }

        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("not part of the name fuzz target");
        }

        @Override public void checkValidity() { throw unused(); }
        @Override public void checkValidity(Date date) { throw unused(); }
        @Override public int getVersion() { throw unused(); }
        @Override public BigInteger getSerialNumber() { throw unused(); }
        @Override public Principal getIssuerDN() { throw unused(); }
        @Override public Principal getSubjectDN() { throw unused(); }
        @Override public Date getNotBefore() { throw unused(); }
        @Override public Date getNotAfter() { throw unused(); }
        @Override public byte[] getSignature() { throw unused(); }
        @Override public String getSigAlgName() { throw unused(); }
        @Override public String getSigAlgOID() { throw unused(); }
        @Override public byte[] getSigAlgParams() { throw unused(); }
        @Override public boolean[] getIssuerUniqueID() { throw unused(); }
        @Override public boolean[] getSubjectUniqueID() { throw unused(); }
        @Override public boolean[] getKeyUsage() { throw unused(); }
        @Override public int getBasicConstraints() { throw unused(); }
        @Override public byte[] getEncoded() { throw unused(); }
        @Override public void verify(PublicKey key) { throw unused(); }
        @Override public void verify(PublicKey key, String sigProvider) { throw unused(); }
        @Override public String toString() { return "StubCertificate"; }
        @Override public PublicKey getPublicKey() { throw unused(); }
        @Override public boolean hasUnsupportedCriticalExtension() { throw unused(); }
        @Override public Set<String> getCriticalExtensionOIDs() { throw unused(); }
        @Override public Set<String> getNonCriticalExtensionOIDs() { throw unused(); }
    }
}
