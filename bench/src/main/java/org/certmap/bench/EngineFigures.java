package org.certmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every engine figure of DESIGN.md "Performance targets" and prints one table:
 * <ol>
 * <li>in this JVM: the cold start of an engine with 1,000,000 mappings (first thing the JVM does
 * after writing the file), the retained heap of loaded snapshots of 1 to 1,000,000 mappings, and the
 * decision cache's hit ratio in the benchmarks' rotation (read by reflection, at setup only);</li>
 * <li>then the JMH benchmarks, each in its own forked JVM.</li>
 * </ol>
 * Arguments are JMH's (for example {@code -f 1 -wi 3 -i 5 -r 1s}); they override the annotations.
 * Run with {@code java -Xmx2g -cp bench/target/benchmarks.jar org.certmap.bench.EngineFigures}.
 */
public final class EngineFigures {

    private static final int[] SIZES = {1, 1_000, 100_000, 1_000_000};

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Path dir = MappingFiles.tempDir();
        Map<Integer, Double> heapMb = new LinkedHashMap<>();
        double coldStartMs;
        double hitRatioNew;
        double hitRatioRepeat;
        try {
            // 1. Cold start: the JVM has not yet loaded the XSD or any engine class on the load path.
            Path million = MappingFiles.oneToOne(dir, 1_000_000, List.of(), "Ssl, SslRequireCert");
            gc();
            long t0 = System.nanoTime();
            CertmapEngine cold = Engines.start(million);
            coldStartMs = (System.nanoTime() - t0) / 1e6;
            cold.close();
            cold = null;

            // 2. Retained heap of a loaded snapshot, per size.
            for (int n : SIZES) {
                Path f = n == 1_000_000 ? million : MappingFiles.oneToOne(dir, n, List.of(), "Ssl, SslRequireCert");
                long before = gc();
                MappingConfig cfg = MappingFileLoader.standard().load(f);
                long after = gc();
                heapMb.put(n, (after - before) / 1e6);
                if (cfg.mapper().oneToOne().size() != n) {
                    throw new IllegalStateException("loaded " + cfg.mapper().oneToOne().size() + " of " + n);
                }
                java.lang.ref.Reference.reachabilityFence(cfg);
            }

            // 3. Hit ratios of the benchmarks' access patterns, in figure 2's regime: every certificate
            // of the pool maps (as at 100k and 1M mappings), so every outcome goes to the mapped
            // budget. (With 1,000 mappings, 1,000 mapped outcomes stayed in that budget for good
            // while the rest went to the refused one: a hit ratio figure 2 never sees.)
            List<X509Certificate> pool = BenchPki.pool(Engines.POOL);
            CertmapEngine engine = Engines.start(MappingFiles.oneToOne(dir, Engines.POOL, pool, "Ssl, SslNegotiateCert"));
            BenchRequest[] requests = new BenchRequest[Engines.POOL];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = BenchRequest.tls(MappingFiles.PATH, pool.get(i));
            }
            for (int i = 0; i < Engines.CHECKED; i++) {
                engine.decide(requests[i], false);
            }
            int hits = 0;
            int total = 3 * Engines.POOL;
            int next = Engines.CHECKED;
            for (int i = 0; i < total; i++) {
                BenchRequest r = requests[next];
                next = (next + 1) & (Engines.POOL - 1);
                hits += cached(engine, r) ? 1 : 0;
                engine.decide(r, false);
            }
            hitRatioNew = hits / (double) total;
            hits = 0;
            for (int i = 0; i < 1_000; i++) {
                hits += cached(engine, requests[0]) ? 1 : 0;
                engine.decide(requests[0], false);
            }
            hitRatioRepeat = hits / 1_000.0;
            engine.close();
        } finally {
            MappingFiles.delete(dir);
        }

        // 4. JMH.
        Options opts = new OptionsBuilder().parent(cli)
                .include(RepeatCertificateBenchmark.class.getName())
                .include(NewCertificateBenchmark.class.getName())
                .include(ManyToOneBenchmark.class.getName())
                .include(LoadBenchmark.class.getName())
                .include(BreakdownBenchmark.class.getName())
                .addProfiler(CpuTimeProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, RunResult> byKey = new LinkedHashMap<>();
        for (RunResult r : results) {
            String b = r.getParams().getBenchmark();
            String key = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
            for (String p : r.getParams().getParamsKeys()) {
                key += " " + p + "=" + r.getParams().getParam(p);
            }
            byKey.put(key, r);
        }
        print(byKey, heapMb, coldStartMs, hitRatioNew, hitRatioRepeat);
    }

    private static void print(Map<String, RunResult> r, Map<Integer, Double> heapMb, double coldStartMs,
            double hitRatioNew, double hitRatioRepeat) {
        List<String[]> rows = new ArrayList<>();
        RunResult hit = r.get("RepeatCertificateBenchmark.repeatCertificate");
        rows.add(row("1. repeat certificate (cache hit ratio " + pct(hitRatioRepeat) + ")", hit, "ns", 1_000, "< 1 µs"));
        RunResult million = r.get("NewCertificateBenchmark.newCertificate mappings=1000000");
        rows.add(row("2. new certificate, 1,000,000 sha256 one-to-one (hit ratio " + pct(hitRatioNew) + ")",
                million, "ns", 5_000, "< 5 µs"));
        for (String issuers : new String[] {"10000", "100", "1"}) {
            RunResult v = r.get("ManyToOneBenchmark.newCertificate issuers=" + issuers);
            rows.add(row("3. new certificate, 10,000 many-to-one (Issuer+Subject rules), " + issuers
                    + (issuers.equals("1") ? " issuer CA" : " issuer CAs"), v, "ns", 20_000, "< 20 µs"));
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        StringBuilder flat = new StringBuilder();
        for (int n : SIZES) {
            Double v = ns(r, "NewCertificateBenchmark.newCertificate mappings=" + n);
            if (v != null) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                flat.append(flat.length() == 0 ? "" : " / ").append(fmt(v));
            }
        }
        rows.add(new String[] {"4. flatness: new certificate at 1 / 1k / 100k / 1M mappings (ns)", flat.toString(),
            "max/min ≤ 2", max == 0 ? "-" : String.format(Locale.ROOT, "%.2f %s", max / min, max / min <= 2 ? "PASS" : "MISS")});
        RunResult load = r.get("LoadBenchmark.load mappings=1000000");
        rows.add(row("5a. load 1,000,000 sha256 mappings incl. XSD (warm JVM)", load, "ms", 3_000, "< 3 s"));
        Double heap = heapMb.get(1_000_000);
        rows.add(row("5b. retained heap of the 1,000,000-mapping snapshot", heap, "MB", 200, "< 200 MB"));
        RunResult start = r.get("LoadBenchmark.start mappings=1000000");
        rows.add(row("6a. CertmapEngine.start, 1,000,000 mappings (warm JVM)", start, "ms", 3_000, "(< 3 s, as load)"));
        rows.add(row("6b. CertmapEngine.start, 1,000,000 mappings (cold JVM, first start)", coldStartMs, "ms", 3_000,
                "(< 3 s, as load)"));

        System.out.println();
        System.out.println("## certmap engine figures");
        System.out.println();
        System.out.println("| figure | measured | target | ratio / result |");
        System.out.println("|---|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println();
        System.out.println("### Scaling (one-to-one sha256 mappings)");
        System.out.println();
        System.out.println("| mappings | new-certificate decision (ns) | load (ms, warm) | start (ms, warm) | retained heap (MB) |");
        System.out.println("|---|---|---|---|---|");
        for (int n : SIZES) {
            System.out.println("| " + String.format(Locale.ROOT, "%,d", n) + " | "
                    + withError(r.get("NewCertificateBenchmark.newCertificate mappings=" + n)) + " | "
                    + withError(r.get("LoadBenchmark.load mappings=" + n)) + " | "
                    + withError(r.get("LoadBenchmark.start mappings=" + n)) + " | "
                    + (heapMb.get(n) == null ? "-" : String.format(Locale.ROOT, "%.1f", heapMb.get(n))) + " |");
        }
        System.out.println();
        System.out.println("### Where a cache miss goes (BreakdownBenchmark, 1,000,000-mapping snapshot)");
        System.out.println();
        System.out.println("| piece | wall ns/op | cpu ns/op |");
        System.out.println("|---|---|---|");
        for (String piece : new String[] {"sha256", "namesDecode", "summary", "validate", "mapOneToOne"}) {
            RunResult b = r.get("BreakdownBenchmark." + piece);
            System.out.println("| " + piece + " | " + withError(b) + " | " + (cpu(b) == null ? "-" : fmt(cpu(b))) + " |");
        }
        System.out.println();
        System.out.println("Measured = JMH mean wall time per operation; (cpu ...) = process CPU time per operation "
                + "(CpuTimeProfiler), which other processes on the shared cores inflate less. ");
        System.out.println("JMH scores are means with 99.9% confidence half-widths (±); "
                + "cold start and heap are single measurements in the runner JVM.");
    }

    private static String[] row(String figure, Double value, String unit, double target, String targetText) {
        return row(figure, value, null, unit, target, targetText);
    }

    private static String[] row(String figure, RunResult r, String unit, double target, String targetText) {
        return row(figure, r == null ? null : r.getPrimaryResult().getScore(), cpu(r), unit, target, targetText);
    }

    private static String[] row(String figure, Double value, Double cpu, String unit, double target, String targetText) {
        if (value == null) {
            return new String[] {figure, "-", targetText, "-"};
        }
        double ratio = value / target;
        return new String[] {figure, fmt(value) + " " + unit + (cpu == null ? "" : " (cpu " + fmt(cpu) + ")"),
            targetText, String.format(Locale.ROOT, "%.2f %s", ratio, ratio < 1 ? "PASS" : "MISS")};
    }

    private static Double cpu(RunResult r) {
        if (r == null) {
            return null;
        }
        org.openjdk.jmh.results.Result<?> c = r.getSecondaryResults().get("cpu.per.op");
        return c == null ? null : c.getScore();
    }

    private static Double ns(Map<String, RunResult> r, String key) {
        RunResult x = r.get(key);
        return x == null ? null : x.getPrimaryResult().getScore();
    }

    private static String withError(RunResult r) {
        if (r == null) {
            return "-";
        }
        double e = r.getPrimaryResult().getScoreError();
        return fmt(r.getPrimaryResult().getScore()) + (Double.isNaN(e) ? "" : " ± " + fmt(e));
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** Heap in use after several full collections. */
    static long gc() throws InterruptedException {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return m.getHeapMemoryUsage().getUsed();
    }

    /** Whether the engine's current decision cache holds this request's chain (engine internals, by reflection). */
    private static boolean cached(CertmapEngine engine, BenchRequest r) throws Exception {
        Field f = CertmapEngine.class.getDeclaredField("state");
        f.setAccessible(true);
        Object state = ((AtomicReference<?>) f.get(engine)).get();
        Method cacheAccessor = state.getClass().getDeclaredMethod("cache");
        cacheAccessor.setAccessible(true);
        Object cache = cacheAccessor.invoke(state);
        Method get = cache.getClass().getDeclaredMethod("get", List.class, boolean.class, long.class);
        get.setAccessible(true);
        return get.invoke(cache, r.tlsCertificates(), true, System.currentTimeMillis()) != null;
    }
}
