package org.certmap.bench;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.certmap.engine.revocation.Crl;
import org.certmap.engine.revocation.CrlEntry;
import org.certmap.pki.BulkCrl;
import org.certmap.pki.CertificateBuilder;
import org.certmap.pki.CertificateProfile;
import org.certmap.pki.IssuedCertificate;

/**
 * The revocation figures of DESIGN.md "Performance targets" for CRLs, in one JVM: a 1,000,000-entry
 * CRL (9-byte random serials in random order, every third entry with a reasonCode, about 32 MB of
 * DER, assembled by certmap-pki's {@link BulkCrl} and signed with SHA256withECDSA), its load time ({@link Crl#read}: parse,
 * verify, sort; median of 3), its retained heap after GC, and {@link Crl#lookup} in ns/op over
 * 1,000,000 random serials, hits and misses apart. Single measurements with {@code System.nanoTime},
 * a guide rather than a JMH score. Run with
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar org.certmap.bench.CrlFigures}.
 */
public final class CrlFigures {

    private static final int ENTRIES = 1_000_000;
    private static final int SERIAL_BYTES = 9;

    public static void main(String[] args) throws Exception {
        Instant now = Instant.now();
        IssuedCertificate issuer = CertificateBuilder.of(CertificateProfile.CA).subject("CN=certmap bench CRL CA")
                .serial(BigInteger.ONE).validity(now.minusSeconds(3_600), now.plusSeconds(86_400)).issue(null);
        X509Certificate ca = issuer.certificate();
        SplittableRandom random = new SplittableRandom(20240501);
        BigInteger[] serials = new BigInteger[ENTRIES];
        byte[] der = BulkCrl.assemble(issuer, 1, Instant.now(), ENTRIES, i -> {
            byte[] s = randomSerial(random);
            serials[i] = new BigInteger(s);
            return s;
        });

        double[] loads = new double[3];
        Crl crl = null;
        for (int i = 0; i < loads.length; i++) {
            crl = null;
            EngineFigures.gc();
            long t0 = System.nanoTime();
            crl = Crl.read(der, List.of(ca));
            loads[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(loads);
        crl = null;
        long before = EngineFigures.gc();
        crl = Crl.read(der, List.of(ca));
        long after = EngineFigures.gc();
        java.lang.ref.Reference.reachabilityFence(der);
        double heapMb = (after - before) / 1e6;

        BigInteger[] hits = new BigInteger[ENTRIES];
        BigInteger[] misses = new BigInteger[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            // A fresh copy, allocated in order as the misses are: a request's serial is in cache, not
            // scattered over the heap as the million BigIntegers made with the CRL are.
            hits[i] = new BigInteger(serials[random.nextInt(ENTRIES)].toByteArray());
            misses[i] = new BigInteger(randomSerial(random)); // same length as the listed serials, so a real search
        }
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            sink += lookups(crl, hits) + lookups(crl, misses);
        }
        long t0 = System.nanoTime();
        long found = lookups(crl, hits);
        double hitNs = (System.nanoTime() - t0) / (double) ENTRIES;
        t0 = System.nanoTime();
        long falsePositives = lookups(crl, misses);
        double missNs = (System.nanoTime() - t0) / (double) ENTRIES;
        if (found != ENTRIES) {
            throw new IllegalStateException("found " + found + " of " + ENTRIES + " hits");
        }

        System.out.println();
        System.out.println("## certmap CRL figures");
        System.out.println();
        System.out.printf(Locale.ROOT, "CRL: %,d entries (%,d distinct), %,d bytes of DER%n", ENTRIES, crl.size(), der.length);
        System.out.println();
        System.out.println("| figure | measured | target | ratio / result |");
        System.out.println("|---|---|---|---|");
        row("load (Crl.read: parse, verify, sort), median of 3 [" + fmt(loads[0]) + " / " + fmt(loads[1]) + " / "
                + fmt(loads[2]) + "]", loads[1], "ms", 2_000, "< 2 s");
        row("retained heap after GC (measured)", heapMb, "MB", 64, "< 64 MB");
        row("retained heap (Crl.retainedBytes estimate)", crl.retainedBytes() / 1e6, "MB", 64, "< 64 MB");
        row("lookup, hit", hitNs, "ns", 1_000, "< 1 µs");
        row("lookup, miss" + (falsePositives == 0 ? "" : " (" + falsePositives + " random serials were listed)"),
                missNs, "ns", 1_000, "< 1 µs");
        System.out.println();
        System.out.println("Single measurements with System.nanoTime in one JVM (" + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores), after 3 warm-up rounds of lookups. (" + sink % 2 + ")");
    }

    private static long lookups(Crl crl, BigInteger[] serials) {
        long n = 0;
        for (BigInteger s : serials) {
            CrlEntry e = crl.lookup(s);
            n += e == null ? 0 : 1;
        }
        return n;
    }

    private static void row(String figure, double value, String unit, double target, String targetText) {
        double ratio = value / target;
        System.out.println("| " + figure + " | " + fmt(value) + " " + unit + " | " + targetText + " | "
                + String.format(Locale.ROOT, "%.2f %s", ratio, ratio < 1 ? "PASS" : "MISS") + " |");
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static byte[] randomSerial(SplittableRandom random) {
        byte[] s = new byte[SERIAL_BYTES];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) random.nextInt(256);
        }
        s[0] &= 0x7F;
        s[0] |= 0x40;
        return s;
    }
}
