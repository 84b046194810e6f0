package org.certmap.bench;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.Decision;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Figure 3: a new certificate decides with 10,000 many-to-one mappings, each with an Issuer CN rule
 * and then a Subject OU rule, and no one-to-one mappings. Mapping i reads
 * {@code Issuer CN = "Bench Issuing CA " + (i % issuers)} and {@code Subject OU = "Dept " + i};
 * certificate j of the pool has OU {@code "Dept " + (j % 10000)} and the matching issuer, so every
 * decision maps, to a mapping spread uniformly over the document. {@code issuers} is how many
 * distinct issuing CAs the mappings name: 10,000 (every mapping its own CA), 100, or 1 (one company
 * CA and one mapping per department: the common real-world shape). Cache misses as in
 * {@link NewCertificateRotation}.
 */
public class ManyToOneBenchmark extends NewCertificateRotation {

    static final int MAPPINGS = 10_000;

    @Param({"10000", "100", "1"})
    public int issuers;

    @Setup(Level.Trial)
    public void setUp() {
        int n = issuers;
        List<X509Certificate> pool = BenchPki.pool(Engines.POOL, j -> "Dept " + (j % MAPPINGS),
                j -> "Bench Issuing CA " + ((j % MAPPINGS) % n));
        engine = Engines.start(MappingFiles.manyToOne(dir(), MAPPINGS, i -> "Bench Issuing CA " + (i % n)));
        BenchRequest[] requests = rotate(pool);
        for (int i = 0; i < Engines.CHECKED; i++) {
            Decision d = engine.decide(requests[i], false);
            Engines.expect(d, Decision.Status.AUTHENTICATED, "many-to-one certificate " + i);
            if (!d.mapping().equals("dept " + (i % MAPPINGS))) {
                throw new IllegalStateException("certificate " + i + " mapped by " + d.mapping());
            }
        }
    }
}
