package org.certmap.engine.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.certmap.testing.TestPki;

/** Test helpers: names built exactly with Bouncy Castle, and certificates carrying them. */
final class Names {

    static final ASN1ObjectIdentifier CN = BCStyle.CN;
    static final ASN1ObjectIdentifier OU = BCStyle.OU;
    static final ASN1ObjectIdentifier O = BCStyle.O;
    static final ASN1ObjectIdentifier C = BCStyle.C;

    private Names() {
    }

    static X500NameBuilder builder() {
        return new X500NameBuilder(BCStyle.INSTANCE);
    }

    static byte[] der(X500Name name) {
        try {
            return name.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client certificate whose subject is exactly {@code subject}. */
    static X509Certificate certificate(X500Name subject) {
        return TestPki.cert().subject(subject).build().certificate();
    }

    /** The subject of a real certificate, decoded by certmap. */
    static DistinguishedName subjectOf(X500Name subject) throws NameException {
        return CertificateNames.of(certificate(subject)).subject();
    }

    /** An ASN.1 primitive from hex, for values with exact (possibly invalid) contents. */
    static ASN1Encodable raw(String hex) {
        try {
            return ASN1Primitive.fromByteArray(bytes(hex));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
