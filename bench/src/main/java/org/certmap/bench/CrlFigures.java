package org.certmap.bench;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certmap.engine.revocation.Crl;
import org.certmap.engine.revocation.CrlEntry;

/**
 * The revocation figures of DESIGN.md "Performance targets" for CRLs, in one JVM: a 1,000,000-entry
 * CRL (9-byte random serials in random order, every third entry with a reasonCode, about 32 MB of
 * DER, assembled here and signed with SHA256withECDSA), its load time ({@link Crl#read}: parse,
 * verify, sort; median of 3), its retained heap after GC, and {@link Crl#lookup} in ns/op over
 * 1,000,000 random serials, hits and misses apart. Single measurements with {@code System.nanoTime},
 * a guide rather than a JMH score. Run with
 * {@code java -Xmx1g -cp bench/target/benchmarks.jar org.certmap.bench.CrlFigures}.
 */
public final class CrlFigures {

    private static final int ENTRIES = 1_000_000;
    private static final int SERIAL_BYTES = 9;

    public static void main(String[] args) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X509Certificate ca = ca(keys);
        SplittableRandom random = new SplittableRandom(20240501);
        BigInteger[] serials = new BigInteger[ENTRIES];
        byte[] der = crl(ca, keys, serials, random);

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

    private static X509Certificate ca(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=certmap bench CRL CA");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minusSeconds(3_600)), Date.from(now.plusSeconds(86_400)), name, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
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

    /** The CRL's DER, assembled directly (a CRL builder would take minutes for a million entries). */
    private static byte[] crl(X509Certificate ca, KeyPair keys, BigInteger[] serials, SplittableRandom random)
            throws Exception {
        Instant now = Instant.now();
        byte[] date = der(0x17, utc(now.minusSeconds(86_400)));
        // Extension { reasonCode, OCTET STRING { ENUMERATED keyCompromise } }, inside crlEntryExtensions.
        byte[] reason = der(0x30, der(0x30, der(0x06, new byte[] {0x55, 0x1D, 0x15}),
                der(0x04, der(0x0A, new byte[] {1}))));
        ByteArrayOutputStream entries = new ByteArrayOutputStream(ENTRIES * 34);
        for (int i = 0; i < ENTRIES; i++) {
            byte[] s = randomSerial(random);
            serials[i] = new BigInteger(s);
            entries.writeBytes(i % 3 == 0 ? der(0x30, der(0x02, s), date, reason) : der(0x30, der(0x02, s), date));
        }
        byte[] algorithm = der(0x30, der(0x06, new byte[] {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02}));
        byte[] crlNumber = der(0x30, der(0x06, new byte[] {0x55, 0x1D, 0x14}), der(0x04, der(0x02, new byte[] {1})));
        byte[] tbs = der(0x30, der(0x02, new byte[] {1}), algorithm, ca.getSubjectX500Principal().getEncoded(),
                der(0x17, utc(now.minusSeconds(3_600))), der(0x17, utc(now.plusSeconds(86_400))),
                der(0x30, entries.toByteArray()), der(0xA0, der(0x30, crlNumber)));
        Signature sig = Signature.getInstance("SHA256withECDSA");
        sig.initSign(keys.getPrivate());
        sig.update(tbs);
        byte[] value = sig.sign();
        byte[] bits = new byte[value.length + 1];
        System.arraycopy(value, 0, bits, 1, value.length);
        return der(0x30, tbs, algorithm, der(0x03, bits));
    }

    private static byte[] utc(Instant t) {
        return DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(int tag, byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int k = bytes - 1; k >= 0; k--) {
                out.write(n >>> (8 * k));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
