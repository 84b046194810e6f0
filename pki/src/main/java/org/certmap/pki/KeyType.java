package org.certmap.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;

/** The key types {@code certmap pki} makes: EC P-256 by default (small, fast, accepted everywhere). */
public enum KeyType {
    EC_P256("ec", "secp256r1", 0),
    EC_P384("ec-p384", "secp384r1", 0),
    RSA_2048("rsa", null, 2048),
    RSA_3072("rsa-3072", null, 3072),
    RSA_4096("rsa-4096", null, 4096);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String label;
    private final String curve;
    private final int rsaBits;

    KeyType(String label, String curve, int rsaBits) {
        this.label = label;
        this.curve = curve;
        this.rsaBits = rsaBits;
    }

    /** The name on the command line: ec, ec-p384, rsa, rsa-3072, rsa-4096. */
    public String label() {
        return label;
    }

    public static KeyType parse(String value) {
        for (KeyType t : values()) {
            if (t.label.equalsIgnoreCase(value.trim()) || t.name().equalsIgnoreCase(value.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + value + "': use ec (P-256), ec-p384, rsa (2048),"
                + " rsa-3072 or rsa-4096");
    }

    public KeyPair generate() {
        try {
            if (curve != null) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve), RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(rsaBits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + label + " key: " + e.getMessage(), e);
        }
    }

    /** The signature algorithm a key of this kind signs certificates with. */
    public static String signatureAlgorithm(PrivateKey signer) {
        if (signer instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }
}
