package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.certmap.engine.base.CertificateSummary;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.MappingResult;
import org.certmap.engine.validation.Validation;
import org.certmap.engine.x509.CertificateNames;
import org.certmap.engine.x509.NameException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Profiling aid, not a target: the pieces of a cache miss ({@code Decider.evaluate}), each called
 * through the engine's public API on a rotating pool of certificates, against a snapshot of
 * 1,000,000 sha256 mappings that contain the pool. Attribution by subtraction works even when the
 * shared machine starves a sampling profiler.
 */
public class BreakdownBenchmark extends EngineBenchmark {

    private MappingConfig config;
    private X509Certificate[] pool;
    private List<X509Certificate>[] chains;
    private CertificateFacts[] facts;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws ConfigException {
        List<X509Certificate> certs = BenchPki.pool(Engines.POOL);
        config = MappingFileLoader.standard().load(MappingFiles.oneToOne(dir(), 1_000_000, certs, "Ssl, SslRequireCert"));
        pool = certs.toArray(new X509Certificate[0]);
        chains = (List<X509Certificate>[]) new List<?>[pool.length];
        facts = new CertificateFacts[pool.length];
        for (int i = 0; i < pool.length; i++) {
            chains[i] = List.of(pool[i]);
            facts[i] = new CertificateFacts(pool[i]);
        }
    }

    private int index() {
        int i = next;
        next = (i + 1) & (Engines.POOL - 1);
        return i;
    }

    /** getEncoded (a copy of the DER) + SHA-256 + hex: what every miss pays first. */
    @Benchmark
    public CertificateFacts sha256() {
        return new CertificateFacts(pool[index()]);
    }

    /** Decoding subject, issuer and SAN from the DER. */
    @Benchmark
    public CertificateNames namesDecode() throws NameException {
        return CertificateNames.of(pool[index()]);
    }

    /** The summary every evaluate builds (names decode + RFC 4514 strings), on facts already hashed. */
    @Benchmark
    public CertificateSummary summary() {
        return new CertificateFacts(pool[index()]).summary();
    }

    /** Validation without a trustStore (TLS-validated): dates and usage, with their explanation strings. */
    @Benchmark
    public Validation validate() {
        return config.validator().validate(chains[index()], true, Instant.now());
    }

    /** One-to-one lookup in the 1,000,000-entry table, on pre-hashed facts (the pool maps). */
    @Benchmark
    public MappingResult mapOneToOne() {
        return config.mapper().map(facts[index()]);
    }
}
