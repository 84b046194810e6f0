package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.Decision;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Figures 2 and 4: a new certificate decides with N one-to-one {@code sha256=} mappings, through
 * the public {@link org.certmap.engine.CertmapEngine#decide}, every decision a cache miss
 * ({@link NewCertificateRotation}).
 *
 * <p>The first min(N, {@value Engines#POOL}) mappings are the pool's certificates and the rest random
 * digests: at N = 100,000 and 1,000,000 every decision maps; at N = 1 and 1,000 most decisions look
 * up, miss and decide "anonymous" (the location is SslNegotiateCert), which is slightly less work,
 * so the flatness ratio max/min is if anything overstated.
 */
public class NewCertificateBenchmark extends NewCertificateRotation {

    @Param({"1", "1000", "100000", "1000000"})
    public int mappings;

    @Setup(Level.Trial)
    public void setUp() {
        List<X509Certificate> pool = BenchPki.pool(Engines.POOL);
        engine = Engines.start(MappingFiles.oneToOne(dir(), mappings, pool, "Ssl, SslNegotiateCert"));
        BenchRequest[] requests = rotate(pool);
        // Sanity: the first certificate maps; one that is not in the file decides anonymous.
        Engines.expect(engine.decide(requests[0], false), Decision.Status.AUTHENTICATED, "mapped certificate");
        if (mappings < Engines.CHECKED) {
            Engines.expect(engine.decide(requests[Engines.CHECKED - 1], false), Decision.Status.ANONYMOUS,
                    "unmapped certificate");
        }
    }
}
