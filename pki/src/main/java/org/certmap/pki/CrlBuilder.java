package org.certmap.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes one CRL signed by a CA, with Bouncy Castle's {@link X509v2CRLBuilder}: {@code certmap pki
 * crl} and the revocation tests. Defaults: the CA's subject as issuer, thisUpdate now, nextUpdate in
 * a day, no cRLNumber, the CA's authority key identifier, signed with the CA's key by
 * {@link KeyType#signatureAlgorithm}. {@link BulkCrl} assembles CRLs too large for this builder.
 */
public final class CrlBuilder {

    /** One entry: its own extensions, or a reason code (0, unspecified, writes none, as RFC 5280 asks). */
    private record Entry(BigInteger serial, Instant revoked, int reason, Extensions extensions) {
    }

    /** An extension added as given, after the ones this builder makes. */
    private record Added(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private final IssuedCertificate ca;
    private X500Name issuer;
    private Instant thisUpdate = Instant.now();
    private Instant nextUpdate = thisUpdate.plus(Duration.ofDays(1));
    private BigInteger number;
    private BigInteger deltaBase;
    private IssuingDistributionPoint issuingDistributionPoint;
    private boolean authorityKeyIdentifier = true;
    private String algorithm;
    private PrivateKey signer;
    private Provider provider;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Added> extensions = new ArrayList<>();

    private CrlBuilder(IssuedCertificate ca) {
        this.ca = Objects.requireNonNull(ca);
    }

    /** A CRL of {@code ca}. */
    public static CrlBuilder of(IssuedCertificate ca) {
        return new CrlBuilder(ca);
    }

    /** Lists {@code serial}, revoked at {@code date} for RFC 5280 CRLReason {@code reason} (0: no reasonCode). */
    public CrlBuilder revoke(BigInteger serial, Instant date, int reason) {
        entries.add(new Entry(serial, date, reason, null));
        return this;
    }

    /** Lists {@code serial} with exactly these entry extensions (a reasonCode, a certificateIssuer, anything). */
    public CrlBuilder revoke(BigInteger serial, Instant date, Extensions entryExtensions) {
        entries.add(new Entry(serial, date, 0, Objects.requireNonNull(entryExtensions)));
        return this;
    }

    /** thisUpdate and nextUpdate; a null nextUpdate leaves the optional field out. */
    public CrlBuilder times(Instant from, Instant next) {
        this.thisUpdate = Objects.requireNonNull(from);
        this.nextUpdate = next;
        return this;
    }

    /** The cRLNumber extension; null for none. */
    public CrlBuilder number(BigInteger crlNumber) {
        this.number = crlNumber;
        return this;
    }

    /** A delta CRL: deltaCRLIndicator (critical) naming the number of its base CRL. */
    public CrlBuilder deltaOf(BigInteger baseNumber) {
        this.deltaBase = baseNumber;
        return this;
    }

    /** The issuingDistributionPoint extension (critical). */
    public CrlBuilder issuingDistributionPoint(IssuingDistributionPoint idp) {
        this.issuingDistributionPoint = idp;
        return this;
    }

    /** Any other extension, written after the ones this builder makes. */
    public CrlBuilder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        extensions.add(new Added(oid, critical, value));
        return this;
    }

    /** Another issuer name than the CA's subject. */
    public CrlBuilder issuer(X500Name name) {
        this.issuer = name;
        return this;
    }

    /** Whether to write the CA's authority key identifier (default: yes). */
    public CrlBuilder authorityKeyIdentifier(boolean write) {
        this.authorityKeyIdentifier = write;
        return this;
    }

    /** The JCA signature algorithm (default: by the signing key). */
    public CrlBuilder signatureAlgorithm(String name) {
        this.algorithm = name;
        return this;
    }

    /** Signs with another key than the CA's (a forgery in the CA's name). */
    public CrlBuilder signingKey(PrivateKey key) {
        this.signer = key;
        return this;
    }

    /** The JCA provider that signs (default: the first that offers the algorithm). */
    public CrlBuilder provider(Provider signingProvider) {
        this.provider = signingProvider;
        return this;
    }

    /** The signed CRL's DER, exactly as written (also for CRLs the JDK would not parse). */
    public byte[] encoded() {
        try {
            X500Name name = issuer != null ? issuer
                    : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            if (nextUpdate != null) {
                b.setNextUpdate(Date.from(nextUpdate));
            }
            for (Entry e : entries) {
                if (e.extensions() != null) {
                    b.addCRLEntry(e.serial(), Date.from(e.revoked()), e.extensions());
                } else {
                    b.addCRLEntry(e.serial(), Date.from(e.revoked()), e.reason());
                }
            }
            if (authorityKeyIdentifier) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            }
            if (number != null) {
                b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            }
            if (deltaBase != null) {
                b.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(deltaBase));
            }
            if (issuingDistributionPoint != null) {
                b.addExtension(Extension.issuingDistributionPoint, true, issuingDistributionPoint);
            }
            for (Added e : extensions) {
                b.addExtension(e.oid(), e.critical(), e.value());
            }
            PrivateKey key = signer != null ? signer : ca.privateKey();
            JcaContentSignerBuilder sb = new JcaContentSignerBuilder(
                    algorithm != null ? algorithm : KeyType.signatureAlgorithm(key));
            if (provider != null) {
                sb.setProvider(provider);
            }
            return b.build(sb.build(key)).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign the CRL: " + e.getMessage(), e);
        }
    }

    /** The signed CRL, as the JDK reads it. */
    public X509CRL build() {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(encoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the CRL: " + e.getMessage(), e);
        }
    }
}
