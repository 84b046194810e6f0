package org.certmap.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/** PEM as openssl writes it: 64 characters a line, LF line ends. */
public final class Pem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {
    }

    /** {@code -----BEGIN CERTIFICATE-----} blocks, one per certificate, in order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                sb.append(block("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    public static String certificates(X509Certificate... certificates) {
        return certificates(List.of(certificates));
    }

    /** An unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** A CRL ({@code -----BEGIN X509 CRL-----}, as openssl writes it). */
    public static String crl(byte[] der) {
        return block("X509 CRL", der);
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /**
     * Reads an unencrypted private key from a PEM file: PKCS#8 {@code PRIVATE KEY}, {@code EC PRIVATE
     * KEY} or {@code RSA PRIVATE KEY}.
     *
     * @throws IOException for an encrypted key, a file without a key, or a key that is not EC or RSA
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED")) {
            throw new IOException(file + ": the key is encrypted; decrypt it first (openssl pkey -in KEY -out plain.key)");
        }
        byte[] pkcs8;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o = parser.readObject();
            if (o instanceof PEMKeyPair pair) {
                pkcs8 = pair.getPrivateKeyInfo().getEncoded();
            } else if (o instanceof PrivateKeyInfo info) {
                pkcs8 = info.getEncoded();
            } else {
                throw new IOException(file + ": no private key (expected -----BEGIN PRIVATE KEY-----)");
            }
        }
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": an EC or RSA private key was expected");
    }
}
