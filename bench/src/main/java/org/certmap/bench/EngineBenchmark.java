package org.certmap.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.certmap.engine.CertmapEngine;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-decision benchmarks share (JMH inherits the annotations and the tear-down): average
 * time in nanoseconds, one fork with a 2 GB heap, 12 warm-up and 5 measured iterations of 1 s (the
 * settings bench/REPORT.md states), the temporary folder their mapping file is written to, and the
 * engine a subclass's set-up starts on it, closed with the folder deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class EngineBenchmark {

    private Path dir;

    /** Started by the subclass's set-up, or null for one that measures pieces without an engine. */
    CertmapEngine engine;

    /** The trial's temporary folder, made on first use. */
    Path dir() {
        if (dir == null) {
            dir = MappingFiles.tempDir();
        }
        return dir;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.close();
        }
        MappingFiles.delete(dir);
    }
}
