package org.certmap.engine.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.certmap.engine.x509.NameException;
import org.certmap.testing.TestPki;
import org.junit.jupiter.api.Test;

class CertificateSidsTest {

    private static final String SID = FixedCertificates.SID;

    @Test
    void sidWhenExtensionThenRead() throws Exception {
        assertThat(CertificateSids.of(FixedCertificates.alice(FixedCertificates.contosoCa()).certificate()))
                .containsExactly(SID);
    }

    @Test
    void sidWhenSanUriThenRead() throws Exception {
        var cert = TestPki.cert().subject("CN=x").san(FixedCertificates.sidUri(SID)).build().certificate();
        assertThat(CertificateSids.of(cert)).containsExactly(SID);
    }

    @Test
    void sidWhenNoneThenEmpty() throws Exception {
        assertThat(CertificateSids.of(TestPki.cert().subject("CN=x").build().certificate())).isEmpty();
    }

    @Test
    void sidWhenExtensionHoldsGarbageThenRefused() {
        var cert = TestPki.cert().subject("CN=x").extension(new ASN1ObjectIdentifier(CertificateSids.EXTENSION_OID),
                false, FixedCertificates.sidExtension("S-1-5-21-x")).build().certificate();
        assertThatThrownBy(() -> CertificateSids.of(cert)).isInstanceOf(NameException.class)
                .hasMessageContaining("malformed SID");
    }

    @Test
    void extensionEncodingWhenAdCsWritesItThenPinned() throws Exception {
        // SEQUENCE { [0] { OID 1.3.6.1.4.1.311.25.2.1, [0] { OCTET STRING "S-1-5-21-1-2-3-500" } } }
        byte[] ext = FixedCertificates.sidExtension("S-1-5-21-1-2-3-500").getEncoded("DER");
        assertThat(HexFormat.of().formatHex(ext)).isEqualTo("3024a022060a2b060104018237190201a0140412"
                + HexFormat.of().formatHex("S-1-5-21-1-2-3-500".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        byte[] wrapped = new byte[ext.length + 2];
        wrapped[0] = 0x04;
        wrapped[1] = (byte) ext.length;
        System.arraycopy(ext, 0, wrapped, 2, ext.length);
        assertThat(CertificateSids.fromExtension(wrapped)).containsExactly("S-1-5-21-1-2-3-500");
    }

    @Test
    void binaryWhenDomainUserSidThenMsDtypLayout() {
        byte[] b = WindowsSid.toBinary(SID);
        assertThat(HexFormat.of().formatHex(b))
                .isEqualTo("010500000000000515000000c7f7fed77c7755c8945ace01f5030000");
        assertThat(WindowsSid.toText(b)).isEqualTo(SID);
        assertThat(WindowsSid.toText(WindowsSid.toBinary("S-1-5-32-544"))).isEqualTo("S-1-5-32-544");
        assertThat(HexFormat.of().formatHex(WindowsSid.toBinary("S-1-1-0"))).isEqualTo("010100000000000100000000");
    }

    @Test
    void parseWhenMalformedThenRefused() {
        for (String bad : new String[] {"S-1-5", "s-1-5-21", "S-2-5-21", "S-1-5-21-01", "S-1-5-21-4294967296",
                "S-1-5-21--1", "S-1-5-+1", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "S-1-5-21-1 "}) {
            assertThatThrownBy(() -> WindowsSid.toBinary(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WindowsSid.toText(new byte[] {1, 2, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
