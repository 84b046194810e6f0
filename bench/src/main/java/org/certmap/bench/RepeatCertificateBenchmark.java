package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Figure 1: a repeat certificate (keep-alive: the same certificate object on every request) decides
 * from the decision cache. The certificate maps one-to-one in a file of 1,000 sha256 mappings; the
 * whole public {@link CertmapEngine#decide} path is measured (location match, cache lookup, decision,
 * counters).
 */
public class RepeatCertificateBenchmark extends EngineBenchmark {

    private BenchRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        List<X509Certificate> pool = BenchPki.pool(1);
        engine = Engines.start(MappingFiles.oneToOne(dir(), 1_000, pool, "Ssl, SslRequireCert"));
        request = BenchRequest.tls(MappingFiles.PATH, pool.get(0));
        Engines.expect(engine.decide(request, false), Decision.Status.AUTHENTICATED, "repeat certificate");
    }

    @Benchmark
    public Decision repeatCertificate() {
        return engine.decide(request, false);
    }
}
