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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 1: a repeat certificate (keep-alive: the same certificate object on every request) decides
 * from the decision cache. The certificate maps one-to-one in a file of 1,000 sha256 mappings; the
 * whole public {@link CertmapEngine#decide} path is measured (location match, cache lookup, decision,
 * counters).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
public class RepeatCertificateBenchmark {

    private Path dir;
    private CertmapEngine engine;
    private BenchRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        List<X509Certificate> pool = BenchPki.pool(1);
        dir = MappingFiles.tempDir();
        engine = Engines.start(MappingFiles.oneToOne(dir, 1_000, pool, "Ssl, SslRequireCert"));
        request = BenchRequest.tls(MappingFiles.PATH, pool.get(0));
        Engines.expect(engine.decide(request, false), Decision.Status.AUTHENTICATED, "repeat certificate");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        MappingFiles.delete(dir);
    }

    @Benchmark
    public Decision repeatCertificate() {
        return engine.decide(request, false);
    }
}
