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
 * Figure 3: a new certificate decides with 10,000 many-to-one mappings, each with an Issuer CN rule
 * and then a Subject OU rule, and no one-to-one mappings. Mapping i reads
 * {@code Issuer CN = "Bench Issuing CA " + (i % issuers)} and {@code Subject OU = "Dept " + i};
 * certificate j of the pool has OU {@code "Dept " + (j % 10000)} and the matching issuer, so every
 * decision maps, to a mapping spread uniformly over the document. {@code issuers} is how many
 * distinct issuing CAs the mappings name: 10,000 (every mapping its own CA), 100, or 1 (one company
 * CA and one mapping per department: the common real-world shape). Cache misses as in
 * {@link NewCertificateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
public class ManyToOneBenchmark {

    static final int MAPPINGS = 10_000;

    @Param({"10000", "100", "1"})
    public int issuers;

    private Path dir;
    private CertmapEngine engine;
    private BenchRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        int n = issuers;
        List<X509Certificate> pool = BenchPki.pool(Engines.POOL, j -> "Dept " + (j % MAPPINGS),
                j -> "Bench Issuing CA " + ((j % MAPPINGS) % n));
        dir = MappingFiles.tempDir();
        engine = Engines.start(MappingFiles.manyToOne(dir, MAPPINGS, i -> "Bench Issuing CA " + (i % n)));
        requests = new BenchRequest[Engines.POOL];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = BenchRequest.tls(MappingFiles.PATH, pool.get(i));
        }
        for (int i = 0; i < Engines.CHECKED; i++) {
            Decision d = engine.decide(requests[i], false);
            Engines.expect(d, Decision.Status.AUTHENTICATED, "many-to-one certificate " + i);
            if (!d.mapping().equals("dept " + (i % MAPPINGS))) {
                throw new IllegalStateException("certificate " + i + " mapped by " + d.mapping());
            }
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
