package org.certmap.engine.validation;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.base.Check;
import org.certmap.engine.base.Findings;
import org.certmap.engine.base.Reason;

/**
 * The {@code usage} check on the leaf: extended key usage and key usage, as RFC 5280 §4.2.1.3 and
 * §4.2.1.12 read them. An absent extension restricts nothing; a present one must allow client
 * authentication. Criticality does not matter: a CA that wrote keyUsage=keyEncipherment meant it,
 * whether or not it marked the extension critical. An extension that is present but does not parse
 * fails, so that a malformed certificate is never read as "unrestricted".
 */
final class UsageCheck {

    static final String SUBJECT = "usage";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String EKU_OID = "2.5.29.37";
    private static final String KEY_USAGE_OID = "2.5.29.15";
    private static final int DIGITAL_SIGNATURE = 0;

    private UsageCheck() {
    }

    /**
     * The step: records a failure (with its reason {@code CERTIFICATE_USAGE}) or, when explaining,
     * what passed. One function for requests and {@code certmap explain}: deciding, a passing
     * certificate costs two extension reads and no text.
     */
    static void check(X509Certificate leaf, boolean requireClientAuthEku, boolean requireDigitalSignature,
            Findings f) {
        if (!requireClientAuthEku && !requireDigitalSignature) {
            f.skipped(SUBJECT, "check.usage.off");
            return;
        }
        Object eku = null;
        if (requireClientAuthEku) {
            List<String> ekus;
            try {
                ekus = leaf.getExtendedKeyUsage();
            } catch (CertificateParsingException e) {
                ekus = null;
            }
            if (ekus == null) {
                if (leaf.getExtensionValue(EKU_OID) != null) {
                    f.fail(SUBJECT, Reason.CERTIFICATE_USAGE, "check.usage.ekuUnparsable");
                    return;
                }
                eku = "phrase.usage.noEku";
            } else if (ekus.contains(CLIENT_AUTH)) {
                eku = "phrase.usage.clientAuth";
            } else if (ekus.contains(ANY_EXTENDED_KEY_USAGE)) {
                eku = "phrase.usage.anyEku";
            } else {
                f.fail(SUBJECT, Reason.CERTIFICATE_USAGE, "check.usage.noClientAuth", describeEku(ekus));
                return;
            }
        }
        Object ku = null;
        if (requireDigitalSignature) {
            boolean[] bits = leaf.getKeyUsage();
            if (bits == null) {
                if (leaf.getExtensionValue(KEY_USAGE_OID) != null) {
                    f.fail(SUBJECT, Reason.CERTIFICATE_USAGE, "check.usage.keyUsageUnparsable");
                    return;
                }
                ku = "phrase.usage.noKeyUsage";
            } else if (bits.length > DIGITAL_SIGNATURE && bits[DIGITAL_SIGNATURE]) {
                ku = "phrase.usage.digitalSignature";
            } else {
                f.fail(SUBJECT, Reason.CERTIFICATE_USAGE, "check.usage.noDigitalSignature", describeKeyUsage(bits));
                return;
            }
        }
        if (f.explaining()) {
            List<Object> passed = new ArrayList<>();
            for (Object code : new Object[] {eku, ku}) {
                if (code != null) {
                    if (!passed.isEmpty()) {
                        passed.add(new Check.Phrase("phrase.usage.separator"));
                    }
                    passed.add(new Check.Phrase((String) code));
                }
            }
            f.passed(SUBJECT, "check.usage.passed", passed);
        }
    }

    private static String describeEku(List<String> ekus) {
        List<String> names = new ArrayList<>();
        for (String oid : ekus) {
            names.add(switch (oid) {
                case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
                case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
                case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
                case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
                case "1.3.6.1.5.5.7.3.9" -> "OCSPSigning";
                default -> oid;
            });
        }
        return names.isEmpty() ? "(empty)" : String.join(", ", names);
    }

    private static final String[] KEY_USAGE_NAMES = {
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    };

    private static String describeKeyUsage(boolean[] bits) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
            if (bits[i]) {
                names.add(KEY_USAGE_NAMES[i]);
            }
        }
        return names.isEmpty() ? "(no bits set)" : String.join(", ", names);
    }
}
