package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * A new certificate on every decision, through the public {@link CertmapEngine#decide}. "New" is
 * made honest by rotating, round robin, through {@value Engines#POOL} distinct certificates, far
 * more than the engine's decision cache holds (bounded by bytes, two generations): a certificate was
 * last seen {@value Engines#POOL} decisions ago and has been dropped since, so every decision misses
 * (hit ratio 0, checked by {@link EngineFigures}). The figure includes the cache lookup, the miss,
 * the put and the cache's generation turnover, as a real new certificate pays.
 */
public abstract class NewCertificateRotation extends EngineBenchmark {

    private BenchRequest[] requests;
    private int next;

    /**
     * The requests of the pool's certificates, to {@link MappingFiles#PATH}. The first
     * {@value Engines#CHECKED} are for the set-up's sanity checks: the rotation starts after them, so
     * that no measured lookup hits.
     */
    BenchRequest[] rotate(List<X509Certificate> pool) {
        requests = new BenchRequest[Engines.POOL];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = BenchRequest.tls(MappingFiles.PATH, pool.get(i));
        }
        next = Engines.CHECKED;
        return requests;
    }

    @Benchmark
    public Decision newCertificate() {
        BenchRequest r = requests[next];
        next = (next + 1) & (Engines.POOL - 1);
        return engine.decide(r, false);
    }
}
