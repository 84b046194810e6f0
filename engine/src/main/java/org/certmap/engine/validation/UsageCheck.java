package org.certmap.engine.validation;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.Check;

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

    /** {@link #check} without the words: true exactly when check() would not fail. */
    static boolean passes(X509Certificate leaf, boolean requireClientAuthEku, boolean requireDigitalSignature) {
        if (requireClientAuthEku) {
            List<String> ekus;
            try {
                ekus = leaf.getExtendedKeyUsage();
            } catch (CertificateParsingException e) {
                return false;
            }
            if (ekus == null ? leaf.getExtensionValue(EKU_OID) != null
                    : !ekus.contains(CLIENT_AUTH) && !ekus.contains(ANY_EXTENDED_KEY_USAGE)) {
                return false;
            }
        }
        if (requireDigitalSignature) {
            boolean[] bits = leaf.getKeyUsage();
            if (bits == null ? leaf.getExtensionValue(KEY_USAGE_OID) != null
                    : !(bits.length > DIGITAL_SIGNATURE && bits[DIGITAL_SIGNATURE])) {
                return false;
            }
        }
        return true;
    }

    static Check check(X509Certificate leaf, boolean requireClientAuthEku, boolean requireDigitalSignature) {
        if (!requireClientAuthEku && !requireDigitalSignature) {
            return Check.skipped(SUBJECT, "requireClientAuthEku and requireDigitalSignature are both off");
        }
        List<String> passed = new ArrayList<>();
        if (requireClientAuthEku) {
            String problem = ekuProblem(leaf, passed);
            if (problem != null) {
                return Check.failed(SUBJECT, problem);
            }
        }
        if (requireDigitalSignature) {
            String problem = keyUsageProblem(leaf, passed);
            if (problem != null) {
                return Check.failed(SUBJECT, problem);
            }
        }
        return Check.passed(SUBJECT, String.join("; ", passed));
    }

    private static String ekuProblem(X509Certificate leaf, List<String> passed) {
        List<String> ekus;
        try {
            ekus = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return "the extended key usage extension cannot be parsed";
        }
        if (ekus == null) {
            if (leaf.getExtensionValue(EKU_OID) != null) {
                return "the extended key usage extension cannot be parsed";
            }
            passed.add("no extended key usage extension (no restriction)");
        } else if (ekus.contains(CLIENT_AUTH)) {
            passed.add("extended key usage allows clientAuth");
        } else if (ekus.contains(ANY_EXTENDED_KEY_USAGE)) {
            passed.add("extended key usage allows anyExtendedKeyUsage");
        } else {
            return "extended key usage " + describeEku(ekus) + " does not include clientAuth ("
                    + CLIENT_AUTH + ") or anyExtendedKeyUsage";
        }
        return null;
    }

    private static String keyUsageProblem(X509Certificate leaf, List<String> passed) {
        boolean[] bits = leaf.getKeyUsage();
        if (bits == null) {
            if (leaf.getExtensionValue(KEY_USAGE_OID) != null) {
                return "the key usage extension cannot be parsed";
            }
            passed.add("no key usage extension (no restriction)");
        } else if (bits.length > DIGITAL_SIGNATURE && bits[DIGITAL_SIGNATURE]) {
            passed.add("key usage allows digitalSignature");
        } else {
            return "key usage " + describeKeyUsage(bits) + " does not include digitalSignature,"
                    + " which a TLS client needs to prove it holds the key";
        }
        return null;
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
