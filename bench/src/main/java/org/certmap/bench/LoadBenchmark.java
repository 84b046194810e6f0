package org.certmap.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.base.ConfigException;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
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
 * Figures 5 and 6 (time): loading a file of N {@code sha256=} one-to-one mappings with
 * {@link MappingFileLoader} (SAX parse, XSD validation and index building in one pass), and
 * starting an engine on it ({@link CertmapEngine#start}: load plus snapshot and cache set-up). Each
 * iteration is one load (single shot) on a JVM warmed by the earlier iterations; the first load in a
 * cold JVM is measured by {@link EngineFigures}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class LoadBenchmark {

    @Param({"1", "1000", "100000", "1000000"})
    public int mappings;

    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() {
        dir = MappingFiles.tempDir();
        file = MappingFiles.oneToOne(dir, mappings, List.of(), "Ssl, SslRequireCert");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        MappingFiles.delete(dir);
    }

    @Benchmark
    public MappingConfig load() throws ConfigException {
        return MappingFileLoader.standard().load(file);
    }

    @Benchmark
    public CertmapEngine start() {
        CertmapEngine e = Engines.start(file);
        e.close();
        return e;
    }
}
