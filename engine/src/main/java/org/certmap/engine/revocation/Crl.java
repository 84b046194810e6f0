package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.certmap.engine.x509.DistinguishedName;
import org.certmap.engine.x509.NameException;

/**
 * One CRL (RFC 5280 §5), verified against the CA that signed it, immutable and compact: the raw
 * DER is dropped once read, and the revoked certificates are packed in a few primitive arrays
 * ({@link CrlEntries}), so that a million-entry CRL retains about 30 MB and a lookup is a binary
 * search.
 *
 * <p>Only what certmap can answer for is accepted ({@link #read}): a direct CRL (the issuer of the
 * CRL is the issuer of the certificates; an indirect CRL is refused), every critical extension
 * understood (§5.2, §5.3: a CRL with an unknown critical extension must not be used), and a
 * signature by a CA certificate the caller trusts. Thread-safe.
 */
public final class Crl {

    private final byte[] issuerDer;
    private final X500Principal issuer;
    private final X509Certificate issuerCertificate;
    private final String signatureAlgorithm;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final BigInteger crlNumber;
    private final BigInteger baseCrlNumber;
    private final CrlScope scope;
    private final List<String> freshestCrlUris;
    private final CrlEntries entries;

    Crl(byte[] issuerDer, X509Certificate issuerCertificate, String signatureAlgorithm, Instant thisUpdate,
            Instant nextUpdate, BigInteger crlNumber, BigInteger baseCrlNumber, CrlScope scope,
            List<String> freshestCrlUris, CrlEntries entries) {
        this.issuerDer = issuerDer;
        this.issuer = issuerCertificate.getSubjectX500Principal();
        this.issuerCertificate = issuerCertificate;
        this.signatureAlgorithm = signatureAlgorithm;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        this.crlNumber = crlNumber;
        this.baseCrlNumber = baseCrlNumber;
        this.scope = scope;
        this.freshestCrlUris = List.copyOf(freshestCrlUris);
        this.entries = entries;
    }

    /**
     * Reads a CRL (DER, or one PEM block labelled {@code X509 CRL}) and verifies it.
     *
     * <p>The signer is the candidate whose subject is the CRL's issuer (same DER), whose
     * subjectKeyIdentifier matches the CRL's authorityKeyIdentifier when both exist (a CA that
     * renewed its key publishes one CRL per key), whose key verifies the signature, and whose
     * keyUsage, when present, allows cRLSign (RFC 5280 §4.2.1.3).
     *
     * @param data             the file or response body
     * @param candidateIssuers CA certificates that may have signed it (the trust store's CAs)
     * @throws CrlException when it does not parse, is not signed by a candidate it names, or uses
     *                      what certmap does not implement; the message says which
     */
    public static Crl read(byte[] data, List<X509Certificate> candidateIssuers) throws CrlException {
        return CrlParser.parse(CrlDer.unarmour(data), candidateIssuers);
    }

    /** The revoked entry for {@code serial}, or null when the CRL does not list it. */
    public CrlEntry lookup(BigInteger serial) {
        int i = entries.indexOf(serial.toByteArray());
        return i < 0 ? null : entries.entry(i, serial);
    }

    /** Number of distinct serials listed (duplicates counted once, see {@link CrlEntries}). */
    public int size() {
        return entries.size();
    }

    public X500Principal issuer() {
        return issuer;
    }

    /** The issuer Name exactly as the CRL encodes it. */
    public byte[] issuerDer() {
        return issuerDer.clone();
    }

    /** The CA certificate whose key verified this CRL. */
    public X509Certificate issuerCertificate() {
        return issuerCertificate;
    }

    /** The JCA name of the signature algorithm, e.g. {@code SHA256withRSA}, {@code RSASSA-PSS}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public Instant thisUpdate() {
        return thisUpdate;
    }

    /** When the next CRL is due; null when the CRL has none (RFC 5280 §5.1.2.5 makes it a MUST). */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** The cRLNumber extension (§5.2.3), or null. */
    public BigInteger crlNumber() {
        return crlNumber;
    }

    /** The deltaCRLIndicator's BaseCRLNumber (§5.2.4): the oldest base this delta applies to; null for a complete CRL. */
    public BigInteger baseCrlNumber() {
        return baseCrlNumber;
    }

    public boolean isDelta() {
        return baseCrlNumber != null;
    }

    /** The issuingDistributionPoint (§5.2.5), or an unrestricted scope when absent. */
    public CrlScope scope() {
        return scope;
    }

    /** The URIs of the Freshest CRL extension (§5.2.6): where the delta CRLs are published. */
    public List<String> freshestCrlUris() {
        return freshestCrlUris;
    }

    /** An estimate of the heap this CRL holds, entries included (the issuer certificate excluded: the trust store has it). */
    public long retainedBytes() {
        return 96 + 16L + issuerDer.length + entries.retainedBytes();
    }

    /**
     * Why this CRL may not replace {@code inForce}, or empty when it may. It must come from the
     * same issuer and key and be of the same kind (complete or delta), and be newer: a greater
     * cRLNumber (§5.2.3: numbers increase monotonically), or, when either has no number, a later
     * thisUpdate. An equal or older CRL is refused, so that a stale copy (a restored backup, a
     * cached download) cannot bring back a certificate revoked since.
     */
    public Optional<String> refusalToReplace(Crl inForce) {
        if (!Arrays.equals(issuerDer, inForce.issuerDer)) {
            return Optional.of("it names another issuer (" + describe() + ") than the CRL in force ("
                    + inForce.describe() + ")");
        }
        if (!issuerCertificate.getPublicKey().equals(inForce.issuerCertificate.getPublicKey())) {
            return Optional.of("it is signed by another key of " + describe() + " than the CRL in force");
        }
        if (isDelta() != inForce.isDelta()) {
            return Optional.of(isDelta() ? "it is a delta CRL and the CRL in force a complete one"
                    : "it is a complete CRL and the CRL in force a delta");
        }
        if (crlNumber != null && inForce.crlNumber != null) {
            return crlNumber.compareTo(inForce.crlNumber) > 0 ? Optional.empty()
                    : Optional.of("its CRL number " + crlNumber + " is not greater than " + inForce.crlNumber
                            + ", the number of the CRL in force");
        }
        return thisUpdate.isAfter(inForce.thisUpdate) ? Optional.empty()
                : Optional.of("its thisUpdate " + thisUpdate + " is not later than " + inForce.thisUpdate
                        + ", that of the CRL in force (no CRL numbers to compare)");
    }

    int indexOf(BigInteger serial) {
        return entries.indexOf(serial.toByteArray());
    }

    CrlEntries entries() {
        return entries;
    }

    /** The issuer as one log-safe RFC 4514 line. */
    String describe() {
        return describe(issuerDer);
    }

    static String describe(byte[] nameDer) {
        try {
            return DistinguishedName.decode(nameDer).toString();
        } catch (NameException e) {
            return "(a name that does not parse)";
        }
    }

    @Override
    public String toString() {
        return (isDelta() ? "delta CRL" : "CRL") + (crlNumber == null ? "" : " number " + crlNumber) + " of "
                + describe() + ", thisUpdate " + thisUpdate + (nextUpdate == null ? "" : ", nextUpdate " + nextUpdate)
                + ", " + size() + (size() == 1 ? " entry" : " entries");
    }
}
