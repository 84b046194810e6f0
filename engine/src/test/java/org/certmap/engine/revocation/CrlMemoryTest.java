package org.certmap.engine.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.testing.TestPki;
import org.certmap.testing.TestPki.Issued;
import org.junit.jupiter.api.Test;

/**
 * The memory half of DESIGN.md's CRL target at a fifth of its size: 250,000 entries with 16-byte
 * serials (about 8 MB of DER) must retain in proportion to 1,000,000 in 64 MB, so under 16 MB,
 * both by the CRL's own estimate and measured on the heap. An {@code X509CRLEntry} per entry would
 * cost several times that. No wall-clock assertion: timings are the bench's (CrlFigures).
 */
class CrlMemoryTest {

    private static final int ENTRIES = 250_000;
    private static final long BUDGET = 64L * 1024 * 1024 * ENTRIES / 1_000_000;

    @Test
    void readWhenQuarterMillionEntriesThenRetainsWithinProportionalBudget() throws Exception {
        Issued ca = TestPki.rootCa("CN=Big CRL CA");
        List<X509Certificate> cas = List.of(ca.certificate());
        // Serials descending (so the parser has to sort), 16 bytes each, random-looking like real ones.
        BigInteger first = new BigInteger("5A" + "C3".repeat(15), 16);
        byte[] der = CrlTestPki.large(ca, ENTRIES, first, BigInteger.valueOf(-7_919));

        long before = usedAfterGc();
        Crl crl = Crl.read(der, cas);
        long after = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(der);
        System.out.printf("CrlMemoryTest: %,d bytes of DER, retainedBytes %,d, heap delta %,d, budget %,d%n",
                der.length, crl.retainedBytes(), after - before, BUDGET);

        assertThat(crl.size()).isEqualTo(ENTRIES);
        assertThat(crl.lookup(first).reason()).isEqualTo(CrlReason.KEY_COMPROMISE);
        assertThat(crl.lookup(first.subtract(BigInteger.valueOf(7_919))).reasonCode()).isEqualTo(-1);
        assertThat(crl.lookup(first.subtract(BigInteger.ONE))).isNull();
        assertThat(crl.retainedBytes()).isBetween(ENTRIES * 16L, BUDGET);
        // The DER stays reachable across both measurements, so the delta is the Crl alone.
        assertThat(after - before).as("measured heap delta").isLessThan(BUDGET);
        java.lang.ref.Reference.reachabilityFence(crl);
    }

    private static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(30);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
