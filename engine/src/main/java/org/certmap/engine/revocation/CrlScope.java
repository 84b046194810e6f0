package org.certmap.engine.revocation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.certmap.engine.x509.NameException;

/**
 * What a CRL says it covers: its issuingDistributionPoint extension (RFC 5280 §5.2.5). A CRL
 * without one covers every certificate its issuer signed, for every reason ({@link #FULL}).
 *
 * <p>Why it matters: a CRL that covers only CA certificates, only some reasons, or only one
 * partition (distribution point) of a CA's certificates is silent about the others, and silence
 * must not be read as "good" (DESIGN.md Invariant 6). certmap does not combine reason-partitioned
 * CRLs: one with onlySomeReasons covers nothing here.
 */
public final class CrlScope {

    /** No issuingDistributionPoint: everything the issuer signed. */
    static final CrlScope FULL = new CrlScope(false, false, false, false, List.of());

    private final boolean onlyUserCerts;
    private final boolean onlyCaCerts;
    private final boolean onlySomeReasons;
    private final boolean onlyAttributeCerts;
    private final List<byte[]> names;

    /** @param names the distributionPoint's names, each as its DER (empty when it has none) */
    CrlScope(boolean onlyUserCerts, boolean onlyCaCerts, boolean onlySomeReasons, boolean onlyAttributeCerts,
            List<byte[]> names) {
        this.onlyUserCerts = onlyUserCerts;
        this.onlyCaCerts = onlyCaCerts;
        this.onlySomeReasons = onlySomeReasons;
        this.onlyAttributeCerts = onlyAttributeCerts;
        this.names = List.copyOf(names);
    }

    /** Same kind of coverage, which a delta CRL must share with its base (RFC 5280 §5.2.4). */
    boolean sameFlags(CrlScope o) {
        return onlyUserCerts == o.onlyUserCerts && onlyCaCerts == o.onlyCaCerts
                && onlySomeReasons == o.onlySomeReasons && onlyAttributeCerts == o.onlyAttributeCerts;
    }

    /**
     * Why this scope does not cover {@code cert}, or null when it does (RFC 5280 §6.3.3 (b)(2)):
     * the certificate kind against onlyContains*, and a distributionPoint name against the
     * certificate's CRL distribution points (or, when it has none, its issuer as a directoryName).
     */
    String notCovering(X509Certificate cert) {
        if (onlyAttributeCerts) {
            return "the CRL lists attribute certificates only (issuingDistributionPoint onlyContainsAttributeCerts)";
        }
        if (onlySomeReasons) {
            return "the CRL lists only some reasons (issuingDistributionPoint onlySomeReasons);"
                    + " certmap does not combine reason-partitioned CRLs";
        }
        boolean ca = cert.getBasicConstraints() >= 0;
        if (onlyCaCerts && !ca) {
            return "the CRL lists CA certificates only (issuingDistributionPoint onlyContainsCACerts)";
        }
        if (onlyUserCerts && ca) {
            return "the CRL lists end-entity certificates only (issuingDistributionPoint onlyContainsUserCerts)";
        }
        if (names.isEmpty()) {
            return null;
        }
        List<byte[]> certNames = new ArrayList<>();
        byte[] cdp = cert.getExtensionValue("2.5.29.31");
        try {
            if (cdp != null) {
                CrlDer.distributionPoints(CrlDer.octets(cdp), certNames, new ArrayList<>());
            } else {
                byte[] issuer = cert.getIssuerX500Principal().getEncoded();
                certNames.add(directoryName(issuer));
            }
        } catch (NameException e) {
            return "the certificate's CRL distribution points do not parse: " + e.getMessage();
        }
        for (byte[] n : names) {
            for (byte[] c : certNames) {
                if (Arrays.equals(n, c)) {
                    return null;
                }
            }
        }
        return "the CRL's issuingDistributionPoint names none of the certificate's CRL distribution points";
    }

    /** GeneralName directoryName [4], explicit around the Name. */
    private static byte[] directoryName(byte[] nameDer) {
        int n = nameDer.length;
        byte[] len = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) 0xA4;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(nameDer, 0, out, 1 + len.length, n);
        return out;
    }
}
