package org.certmap.engine.directory;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;

/**
 * Certificates whose every AD string is fixed: keys from fixed P-256 scalars, fixed serials and
 * names, so tests can write the expected strings out literally.
 */
final class FixedCertificates {

    static final String SID = "S-1-5-21-3623811015-3361044348-30300820-1013";

    private FixedCertificates() {
    }

    /** A P-256 key pair whose private scalar is {@code d}. */
    static KeyPair key(long d) {
        try {
            ECNamedCurveParameterSpec bc = ECNamedCurveTable.getParameterSpec("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = bc.getG().multiply(BigInteger.valueOf(d)).normalize();
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            KeyFactory kf = KeyFactory.getInstance("EC");
            return new KeyPair(
                    kf.generatePublic(new ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger()), spec)),
                    kf.generatePrivate(new ECPrivateKeySpec(BigInteger.valueOf(d), spec)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** KB5014754's example CA name: DER order DC=com, DC=contoso, CN=Contoso CA. */
    static Issued contosoCa() {
        return TestPki.cert().subject("CN=Contoso CA,DC=contoso,DC=com").keyPair(key(1001)).ca(-1)
                .serial(BigInteger.ONE)
                .build();
    }

    /** A CA with S, E, L, STREET, a comma, a plus and a leading '#' in its name. */
    static Issued oddCa() {
        return TestPki.cert()
                .subject("E=pki@contoso.example,CN=\\#1 Issuing\\, CA+OU=A\\+B,O=Contoso\\, Ltd,STREET=1 Main St,"
                        + "L=Redmond,ST=Washington,C=US")
                .keyPair(key(1002)).ca(-1).serial(BigInteger.TWO)
                .build();
    }

    /** Alice: KB5014754's example serial 2B0000000011AC0000000012, a UPN, an email and the SID extension. */
    static Issued alice(Issued ca) {
        return TestPki.cert().subject("CN=Alice,OU=Staff,DC=contoso,DC=com").issuer(ca).keyPair(key(2001))
                .serial(new BigInteger("2B0000000011AC0000000012", 16))
                .san(upn("alice@contoso.com")).san(new GeneralName(GeneralName.rfc822Name, "alice@contoso.example"))
                .extension(new ASN1ObjectIdentifier(CertificateSids.EXTENSION_OID), false, sidExtension(SID))
                .build();
    }

    /** Bob: a serial with the high bit set (DER 00 8F 01), no SID. */
    static Issued bob(Issued ca) {
        return TestPki.cert().subject("CN=Bob,DC=contoso,DC=com").issuer(ca).keyPair(key(2002))
                .serial(new BigInteger("8F01", 16)).build();
    }

    static GeneralName upn(String upn) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"));
        v.add(new DERTaggedObject(true, 0, new org.bouncycastle.asn1.DERUTF8String(upn)));
        return new GeneralName(GeneralName.otherName, new DERSequence(v));
    }

    /** szOID_NTDS_CA_SECURITY_EXT as AD CS writes it: SEQUENCE { [0] { OID …25.2.1, [0] EXPLICIT OCTET STRING sid } }. */
    static DERSequence sidExtension(String sid) {
        ASN1EncodableVector other = new ASN1EncodableVector();
        other.add(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.25.2.1"));
        other.add(new DERTaggedObject(true, 0, new DEROctetString(sid.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        return new DERSequence(new DERTaggedObject(false, 0, new DERSequence(other)));
    }

    static GeneralName sidUri(String sid) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, "tag:microsoft.com,2022-09-14:sid:" + sid);
    }
}
