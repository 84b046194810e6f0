package org.certmap.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time the benchmark JVM spent per operation (all its threads: the benchmark thread, and the GC
 * and JIT threads that the operation's allocations and code cause), from
 * {@code OperatingSystemMXBean.getProcessCpuTime}. On a machine whose cores are shared with other
 * builds, wall time per operation grows with the load average while CPU time per operation stays
 * close to what the code costs; both are reported. Use {@code -prof org.certmap.bench.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long cpuBefore;

    @Override
    public String getDescription() {
        return "process CPU time per operation (robust to other processes on shared cores)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuBefore = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = OS.getProcessCpuTime() - cpuBefore;
        long ops = result.getMetadata().getMeasuredOps();
        double perOp = ops == 0 ? Double.NaN : cpu / (double) ops;
        // Scale to the benchmark's own output unit (ns for decisions, ms for loads).
        double unitNanos = benchmarkParams.getTimeUnit().toNanos(1);
        return List.of(new ScalarResult("cpu.per.op", perOp / unitNanos,
                "cpu-" + shortUnit(benchmarkParams.getTimeUnit()) + "/op", AggregationPolicy.AVG));
    }

    private static String shortUnit(java.util.concurrent.TimeUnit u) {
        switch (u) {
            case NANOSECONDS:
                return "ns";
            case MICROSECONDS:
                return "us";
            case MILLISECONDS:
                return "ms";
            default:
                return "s";
        }
    }
}
