package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.certmap.engine.x509.NameException;

/**
 * The revocation answer for one CA: its complete (base) CRL and, optionally, a delta CRL applied on
 * top (RFC 5280 §5.2.4; Active Directory Certificate Services publishes deltas by default).
 * Immutable and thread-safe: a reload builds a new set and swaps the reference.
 *
 * <p>A delta applies only when it comes from the same issuer and key as the base, has the same
 * scope flags, its BaseCRLNumber is at most the base's cRLNumber, and its own cRLNumber is greater
 * (it is newer than the base). Its entries override the base's: removeFromCRL (RFC 5280 §5.3.1)
 * lifts a certificateHold. The distributionPoint names of base and delta are not compared, because
 * AD CS writes each CRL's own URL there.
 *
 * <p>Staleness: both CRLs must be current (thisUpdate no later than now plus the skew, nextUpdate
 * no earlier than now minus it) for an answer. One exception, so that nothing turns a verified
 * revocation into a pass (DESIGN.md, {@code onUnknown}): a permanent revocation (any reason but
 * certificateHold) is reported as REVOKED even from a stale CRL, since a CA cannot take it back.
 * A CRL without nextUpdate never goes stale (RFC 5280 requires one; OpenSSL reads its absence the
 * same way).
 */
public final class CrlSet {

    private final Crl base;
    private final Crl delta;

    private CrlSet(Crl base, Crl delta) {
        this.base = base;
        this.delta = delta;
    }

    /** A complete CRL alone. */
    public static CrlSet of(Crl base) throws CrlException {
        if (base.isDelta()) {
            throw new CrlException("a delta CRL (base number " + base.baseCrlNumber()
                    + ") cannot stand alone: it needs its complete CRL");
        }
        return new CrlSet(base, null);
    }

    /**
     * A complete CRL with a delta on top.
     *
     * @throws CrlException when the delta does not apply to this base; the message says why (for a
     *                      delta of a newer base: fetch the newer base)
     */
    public static CrlSet of(Crl base, Crl delta) throws CrlException {
        CrlSet set = of(base);
        if (!delta.isDelta()) {
            throw new CrlException("not a delta CRL (no deltaCRLIndicator)");
        }
        if (!Arrays.equals(base.issuerDer(), delta.issuerDer())
                || !base.issuerCertificate().getPublicKey().equals(delta.issuerCertificate().getPublicKey())) {
            throw new CrlException("the delta CRL is from another issuer or key (" + delta.describe()
                    + ") than its base (" + base.describe() + ")");
        }
        if (!base.scope().sameFlags(delta.scope())) {
            throw new CrlException("the delta CRL covers other certificates (issuingDistributionPoint) than its base");
        }
        BigInteger number = base.crlNumber();
        if (number == null) {
            throw new CrlException("the base CRL has no CRL number, so no delta can apply to it");
        }
        if (delta.baseCrlNumber().compareTo(number) > 0) {
            throw new CrlException("the delta CRL needs base CRL number " + delta.baseCrlNumber()
                    + " or later; the base CRL is number " + number);
        }
        if (delta.crlNumber() == null || delta.crlNumber().compareTo(number) <= 0) {
            throw new CrlException("the delta CRL (number " + delta.crlNumber()
                    + ") is not newer than its base (number " + number + ")");
        }
        return new CrlSet(set.base, delta);
    }

    public Crl base() {
        return base;
    }

    /** The delta CRL in use, or null. */
    public Crl delta() {
        return delta;
    }

    /**
     * The earliest nextUpdate of the CRLs in use, or null when none has one: a decision that used
     * this set may be cached until then and no longer.
     */
    public Instant earliestNextUpdate() {
        Instant b = base.nextUpdate();
        Instant d = delta == null ? null : delta.nextUpdate();
        return b == null ? d : d == null || b.isBefore(d) ? b : d;
    }

    /**
     * The status of {@code certificate} at {@code at}.
     *
     * <p>NOT_COVERED when the certificate's issuer is not this CRL's issuer (by name, and by key
     * identifier when both the certificate's authorityKeyIdentifier and the CA's
     * subjectKeyIdentifier exist), or the base's issuingDistributionPoint excludes it
     * ({@link CrlScope}). Then, in this order: a permanent revocation, staleness, the delta's
     * entry (a hold, or removeFromCRL lifting one), the base's entry. A removeFromCRL
     * entry in a base CRL (where RFC 5280 does not expect one) reads as not listed, as in OpenSSL.
     *
     * @param certificate a certificate whose issuer is expected to be this CRL's issuer
     * @param at          the instant of the decision
     * @param clockSkew   the tolerance on thisUpdate and nextUpdate ({@code clockSkew}, default 5m)
     */
    public CrlStatus status(X509Certificate certificate, Instant at, Duration clockSkew) {
        if (!Arrays.equals(certificate.getIssuerX500Principal().getEncoded(), base.issuerDer())) {
            return notCovered("the certificate's issuer is not the CRL's issuer");
        }
        if (!sameKeyIdentifier(certificate, base.issuerCertificate())) {
            return notCovered("the certificate was issued by another key of this CA (authorityKeyIdentifier)");
        }
        String why = base.scope().notCovering(certificate);
        if (why != null) {
            return notCovered(why);
        }
        BigInteger serial = certificate.getSerialNumber();
        int inDelta = delta == null ? -1 : delta.indexOf(serial);
        int inBase = base.indexOf(serial);
        if (inDelta >= 0 && permanent(delta, inDelta)) {
            return revoked(delta, inDelta, serial);
        }
        if (inBase >= 0 && permanent(base, inBase)) {
            // Even under a delta's removeFromCRL or hold: only a hold can be taken back (§5.3.1).
            return revoked(base, inBase, serial);
        }
        CrlStatus unusable = currency(base, at, clockSkew);
        if (unusable == null && delta != null) {
            unusable = currency(delta, at, clockSkew);
        }
        if (unusable != null) {
            return unusable;
        }
        Crl listing = inDelta >= 0 ? delta : inBase >= 0 ? base : null;
        int index = inDelta >= 0 ? inDelta : inBase;
        if (listing == null || listing.entries().reason(index) == CrlReason.REMOVE_FROM_CRL.code()) {
            return new CrlStatus(CrlStatus.Kind.GOOD, listing != null ? listing : delta != null ? delta : base,
                    null, -1, null);
        }
        return revoked(listing, index, serial);
    }

    /** Any reason but certificateHold and removeFromCRL: a revocation the CA cannot take back. */
    private static boolean permanent(Crl crl, int index) {
        int reason = crl.entries().reason(index);
        return reason != CrlReason.CERTIFICATE_HOLD.code() && reason != CrlReason.REMOVE_FROM_CRL.code();
    }

    private CrlStatus notCovered(String why) {
        return new CrlStatus(CrlStatus.Kind.NOT_COVERED, base, null, -1, why);
    }

    private static CrlStatus revoked(Crl crl, int index, BigInteger serial) {
        CrlEntry e = crl.entries().entry(index, serial);
        return new CrlStatus(CrlStatus.Kind.REVOKED, crl, e.revocationDate(), e.reasonCode(), null);
    }

    private static CrlStatus currency(Crl crl, Instant at, Duration skew) {
        if (crl.thisUpdate().isAfter(at.plus(skew))) {
            return new CrlStatus(CrlStatus.Kind.NOT_YET_VALID, crl, null, -1,
                    crl + ": thisUpdate is later than now plus the clock skew of " + skew);
        }
        Instant next = crl.nextUpdate();
        if (next != null && next.isBefore(at.minus(skew))) {
            return new CrlStatus(CrlStatus.Kind.STALE, crl, null, -1,
                    crl + ": past its nextUpdate by more than the clock skew of " + skew);
        }
        return null;
    }

    /** The certificate's AKI keyIdentifier against the CA's SKI; true when either is missing. */
    private static boolean sameKeyIdentifier(X509Certificate certificate, X509Certificate ca) {
        try {
            byte[] aki = CrlDer.octets(certificate.getExtensionValue("2.5.29.35"));
            byte[] ski = CrlDer.octets(ca.getExtensionValue("2.5.29.14"));
            if (aki == null || ski == null) {
                return true;
            }
            byte[] keyId = CrlDer.authorityKeyId(aki);
            return keyId == null || Arrays.equals(keyId, CrlDer.octets(ski));
        } catch (NameException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return delta == null ? base.toString() : base + " + " + delta;
    }
}
