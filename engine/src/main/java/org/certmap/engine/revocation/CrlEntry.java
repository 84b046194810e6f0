package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One revoked certificate as a CRL lists it, made on demand by {@link Crl#lookup}: the CRL itself
 * keeps no object per entry.
 *
 * @param serial         the certificate serial number
 * @param revocationDate when the CA says it was revoked (RFC 5280 §5.1.2.6)
 * @param reasonCode     the reasonCode entry extension (RFC 5280 §5.3.1), or -1 when absent
 */
public record CrlEntry(BigInteger serial, Instant revocationDate, int reasonCode) {

    /** The reason; {@link CrlReason#UNSPECIFIED} when the entry has no reasonCode. */
    public CrlReason reason() {
        return CrlReason.of(reasonCode);
    }
}
