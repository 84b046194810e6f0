package org.certmap.bench;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figures 2 and 4: a new certificate decides with N one-to-one {@code sha256=} mappings, through
 * the public {@link CertmapEngine#decide}. "New" is made honest by rotating, round robin, through
 * {@value Engines#POOL} distinct certificates, more than the engine's 10,000-entry decision cache
 * (which clears when full): a certificate was last seen {@value Engines#POOL} decisions ago, and
 * the cache never holds more than the last 10,000, so every decision misses (hit ratio 0, checked by
 * {@link EngineFigures}). The figure includes the cache lookup, the miss, the put and the cache's
 * periodic clear, as a real new certificate pays.
 *
 * <p>The first min(N, {@value Engines#POOL}) mappings are the pool's certificates and the rest random
 * digests: at N = 100,000 and 1,000,000 every decision maps; at N = 1 and 1,000 most decisions look
 * up, miss and decide "anonymous" (the location is SslNegotiateCert), which is slightly less work,
 * so the flatness ratio max/min is if anything overstated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
public class NewCertificateBenchmark {

    @Param({"1", "1000", "100000", "1000000"})
    public int mappings;

    private Path dir;
    private CertmapEngine engine;
    private BenchRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<X509Certificate> pool = BenchPki.pool(Engines.POOL);
        dir = MappingFiles.tempDir();
        engine = Engines.start(MappingFiles.oneToOne(dir, mappings, pool, "Ssl, SslNegotiateCert"));
        requests = new BenchRequest[Engines.POOL];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = BenchRequest.tls(MappingFiles.PATH, pool.get(i));
        }
        // Sanity: the first certificate maps; one that is not in the file decides anonymous.
        Engines.expect(engine.decide(requests[0], false), Decision.Status.AUTHENTICATED, "mapped certificate");
        if (mappings < Engines.CHECKED) {
            Engines.expect(engine.decide(requests[Engines.CHECKED - 1], false), Decision.Status.ANONYMOUS,
                    "unmapped certificate");
        }
        next = Engines.CHECKED;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        MappingFiles.delete(dir);
    }

    @Benchmark
    public Decision newCertificate() {
        BenchRequest r = requests[next];
        next = (next + 1) & (Engines.POOL - 1);
        return engine.decide(r, false);
    }
}
