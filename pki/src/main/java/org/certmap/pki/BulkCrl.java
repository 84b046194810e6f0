package org.certmap.pki;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * A CRL of up to millions of entries, assembled directly as DER: {@link CrlBuilder} would take
 * minutes for a million. Version 2, the CA's subject as issuer, thisUpdate an hour before
 * {@code now}, nextUpdate a day after, every entry revoked a day before {@code now} and every third
 * one (the first, the fourth, ...) with reasonCode keyCompromise, a cRLNumber, signed by the CA's
 * key (SHA256withECDSA or SHA256withRSA). The benchmarks' and the tests' large CRLs.
 */
public final class BulkCrl {

    private BulkCrl() {
    }

    /**
     * @param serial the contents of entry {@code i}'s serial INTEGER (two's complement, minimal),
     *               asked once per entry in order, {@code i} from 0 to {@code entries - 1}
     */
    public static byte[] assemble(IssuedCertificate ca, long crlNumber, Instant now, int entries, IntFunction<byte[]> serial) {
        byte[] date = Der.utcTime(now.minus(Duration.ofDays(1)));
        // Extension { reasonCode, OCTET STRING { ENUMERATED keyCompromise } }, inside crlEntryExtensions.
        byte[] reason = Der.tlv(0x30, Der.tlv(0x30, Der.oid("2.5.29.21"), Der.tlv(0x04, Der.tlv(0x0A, new byte[] {1}))));
        ByteArrayOutputStream list = new ByteArrayOutputStream(entries * 34);
        for (int i = 0; i < entries; i++) {
            byte[] s = Der.tlv(0x02, serial.apply(i));
            list.writeBytes(i % 3 == 0 ? Der.tlv(0x30, s, date, reason) : Der.tlv(0x30, s, date));
        }
        String algorithm = ca.privateKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] number = Der.tlv(0x30, Der.oid("2.5.29.20"),
                Der.tlv(0x04, Der.tlv(0x02, BigInteger.valueOf(crlNumber).toByteArray())));
        byte[] tbs = Der.tlv(0x30,
                Der.tlv(0x02, new byte[] {1}),
                Der.signatureAlgorithm(algorithm),
                ca.certificate().getSubjectX500Principal().getEncoded(),
                Der.utcTime(now.minus(Duration.ofHours(1))),
                Der.utcTime(now.plus(Duration.ofDays(1))),
                Der.tlv(0x30, list.toByteArray()),
                Der.tlv(0xA0, Der.tlv(0x30, number)));
        return Der.signed(tbs, algorithm, ca.privateKey());
    }
}
