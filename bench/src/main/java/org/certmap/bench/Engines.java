package org.certmap.bench;

import java.nio.file.Path;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.base.ConfigException;

/** Starting engines the way the front doors do, without polling. */
final class Engines {

    /**
     * Distinct certificates a "new certificate" benchmark rotates through (a power of two): far more
     * than the engine's decision cache holds. That cache is bounded by bytes (32 MB per site root, in
     * two generations), about 16,000 of these certificates' outcomes; a pool of 16,384 still found
     * 4.2% of them cached when they came round again (run 5).
     */
    static final int POOL = 65_536;
    /** Certificates decided once at setup as a sanity check; rotation starts after them so no lookup ever hits. */
    static final int CHECKED = 64;

    private Engines() {
    }

    static CertmapEngine start(Path file) {
        try {
            return CertmapEngine.builder("/bench", file).polling(false).start();
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Fails the benchmark when the path it measures is not the one it claims to measure. */
    static void expect(Decision d, Decision.Status status, String what) {
        if (d.status() != status) {
            throw new IllegalStateException(what + ": expected " + status + " but got " + d);
        }
    }
}
