package org.certmap.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.catalina.realm.X509SubjectDnRetriever;
import org.certmap.bench.MappingFiles;
import org.certmap.pki.IssuedCertificate;
import org.certmap.pki.TlsContexts;

/**
 * End-to-end figures of DESIGN.md "Performance targets" (issue 6): Tomcat's throughput over mTLS with
 * no authentication, with its built-in CLIENT-CERT, and with certmap's valve (100,000 one-to-one and
 * 100 many-to-one mappings), in alternating rounds, keep-alive and full-handshake modes.
 *
 * <p>The server ({@link HttpServer}) runs in a child JVM; this JVM is the load client. The client is
 * a minimal HTTP/1.1 client on a plain JSSE {@link SSLSocket} per thread: one pre-encoded GET, a
 * response parser that reads the status line, the headers and {@code Content-Length} bytes of body.
 * It does far less per request than {@code java.net.http.HttpClient} (selector thread hand-offs,
 * futures, header maps) or {@code HttpsURLConnection} (keep-alive cache look-up, header maps, stream
 * wrappers), so more of the two shared cores go to the server being measured.
 *
 * <p>Options (all optional): {@code --threads 4,8} {@code --rounds 5} {@code --seconds 5}
 * {@code --warmup 5} (seconds per context before the rounds, per thread count)
 * {@code --modes keepalive,handshake} {@code --contexts none,builtin,certmap}
 * {@code --one-to-one 100000} {@code --many-to-one 100}
 * {@code --server-jvm "-Xms1g -Xmx1g ..."} (appended to the server JVM's options, e.g. a
 * {@code -XX:StartFlightRecording=...}).
 */
public final class HttpFigures {

    static final String[] ALL_CONTEXTS = {"none", "builtin", "certmap"};

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int[] threadCounts = Arrays.stream(o.getOrDefault("threads", "4,8").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "5"));
        double seconds = Double.parseDouble(o.getOrDefault("seconds", "5"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "5"));
        String[] modes = o.getOrDefault("modes", "keepalive,handshake").split(",");
        String[] contexts = o.getOrDefault("contexts", String.join(",", ALL_CONTEXTS)).split(",");
        int oneToOne = Integer.parseInt(o.getOrDefault("one-to-one", "100000"));
        int manyToOne = Integer.parseInt(o.getOrDefault("many-to-one", "100"));
        int clients = Arrays.stream(threadCounts).max().getAsInt();

        System.out.println("# certmap end-to-end figures");
        System.out.println("# " + String.join(" ", args));
        System.out.println("# nproc " + Runtime.getRuntime().availableProcessors() + ", java "
                + System.getProperty("java.vm.version") + ", load average at start " + loadAverage());

        Path dir = MappingFiles.tempDir();
        Process server = null;
        try {
            long t0 = System.nanoTime();
            HttpPki pki = new HttpPki(clients);
            List<X509Certificate> clientCerts = pki.clients.stream().map(IssuedCertificate::certificate).toList();
            pki.writeServerKeyStore(dir.resolve("server.p12"));
            HttpPki.writeCertificates(dir.resolve("truststore.p12"), List.of(pki.root.certificate()));
            HttpPki.writeCertificates(dir.resolve("clients.p12"), clientCerts);
            HttpServer.writeMappingFile(dir.resolve("certmap.xml"), clientCerts, oneToOne, manyToOne);
            System.out.printf(Locale.ROOT, "# PKI (%d client certificates) and mapping file (%,d one-to-one, %d many-to-one) in %.1f s%n",
                    clients, oneToOne, manyToOne, (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms1g", "-Xmx1g", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED"));
            String extra = o.getOrDefault("server-jvm", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(Arrays.asList(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpServer.class.getName(), dir.toString()));
            server = new ProcessBuilder(cmd).redirectError(dir.resolve("server.log").toFile()).start();
            int port = awaitPort(server, dir.resolve("server.log"));
            System.out.printf(Locale.ROOT, "# server pid %d on 127.0.0.1:%d, started in %.1f s (log %s)%n", server.pid(), port,
                    (System.nanoTime() - t0) / 1e9, dir.resolve("server.log"));
            System.out.println("# server JVM: " + String.join(" ", cmd.subList(1, cmd.indexOf("-cp"))));

            verify(pki, port);

            for (String mode : modes) {
                boolean keepAlive = switch (mode) {
                    case "keepalive" -> true;
                    case "handshake" -> false;
                    default -> throw new IllegalArgumentException("mode " + mode);
                };
                for (int threads : threadCounts) {
                    measure(pki, port, server, keepAlive, threads, rounds, seconds, warmup, contexts);
                }
            }
            System.out.println("# load average at end " + loadAverage());
        } finally {
            if (server != null) {
                server.getOutputStream().close(); // the server exits on EOF (System.exit: a JFR recording is dumped)
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    server.destroy();
                }
                server.waitFor(60, TimeUnit.SECONDS);
            }
            if (!"true".equals(o.get("keep"))) {
                MappingFiles.delete(dir);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            String k = args[i].substring(2);
            if (k.equals("keep")) {
                o.put(k, "true");
            } else {
                o.put(k, args[++i]);
            }
        }
        return o;
    }

    private static int awaitPort(Process server, Path log) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException e) {
                        // the server is gone
                    }
                }, "server-stdout");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the server did not start; see " + log + ":\n" + Files.readString(log));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Before measuring: every context answers every client certificate as it should. */
    private static void verify(HttpPki pki, int port) throws IOException {
        X509SubjectDnRetriever dn = new X509SubjectDnRetriever();
        LongAdder sig = new LongAdder();
        int checked = 0;
        for (int i = 0; i < pki.clients.size(); i++) {
            IssuedCertificate c = pki.clients.get(i);
            Client client = new Client(pki.clientContext(c, sig), port);
            expect(client, "/none/?who", 200, "anonymous");
            expect(client, "/builtin/?who", 200, dn.getUsername(c.certificate()));
            expect(client, "/certmap/?who", 200, "load-" + i);
            client.close();
            checked += 3;
        }
        // Without a client certificate: only /none serves.
        Client anonymous = new Client(noCertificateContext(pki), port);
        expect(anonymous, "/none/?who", 200, "anonymous");
        Client.Response b = anonymous.get("/builtin/?who", true);
        Client.Response m = anonymous.get("/certmap/?who", true);
        anonymous.close();
        if (b.status() == 200 || m.status() == 200) {
            throw new IllegalStateException("a request without a certificate was served: builtin " + b.status()
                    + ", certmap " + m.status());
        }
        System.out.printf(Locale.ROOT, "# verified: %d requests of %d client certificates (none -> anonymous, builtin -> "
                + "subject DN, certmap -> load-i); without a certificate none 200, builtin %d, certmap %d%n", checked,
                pki.clients.size(), b.status(), m.status());
    }

    private static SSLContext noCertificateContext(HttpPki pki) {
        return TlsContexts.client((javax.net.ssl.KeyManager) null, pki.root.certificate());
    }

    private static void expect(Client client, String path, int status, String body) throws IOException {
        Client.Response r = client.get(path, true);
        if (r.status() != status || !r.body().trim().equals(body)) {
            throw new IllegalStateException(path + ": expected " + status + " [" + body + "], got " + r.status() + " ["
                    + r.body().trim() + "]");
        }
    }

    record Round(String context, int round, long requests, long errors, double seconds, double serverCpuUs,
            double clientCpuUs, long signatures, double otherCores, double stealCores) {
        double rate() {
            return requests / seconds;
        }
    }

    private static void measure(HttpPki pki, int port, Process server, boolean keepAlive, int threads, int rounds,
            double seconds, double warmup, String[] contexts) throws Exception {
        String mode = keepAlive ? "keep-alive" : "full handshake";
        System.out.printf(Locale.ROOT, "%n## %s, %d client threads (%d distinct certificates), %d rounds of %.1f s, "
                + "warm-up %.1f s per context%n", mode, threads, threads, rounds, seconds, warmup);
        LongAdder signatures = new LongAdder();
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(pki.clientContext(pki.clients.get(i % pki.clients.size()), signatures), port, keepAlive);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "load");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String ctx : contexts) {
                run(pool, workers, server, ctx, warmup, 0, signatures);
            }
            System.out.println("| round | context | requests/s | server CPU µs/request | client CPU µs/request | errors | other processes (cores) | steal (cores) |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            List<Round> all = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                for (String ctx : contexts) {
                    Round x = run(pool, workers, server, ctx, seconds, r, signatures);
                    all.add(x);
                    System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %d | %.2f | %.2f |%n", r, ctx, x.rate(),
                            x.serverCpuUs(), x.clientCpuUs(), x.errors(), x.otherCores(), x.stealCores());
                    if (!keepAlive && x.signatures() < x.requests()) {
                        throw new IllegalStateException("full-handshake mode resumed sessions: " + x.signatures()
                                + " client signatures for " + x.requests() + " requests");
                    }
                    if (x.errors() > 0) {
                        throw new IllegalStateException(x.errors() + " failed requests in round " + r + " " + ctx);
                    }
                }
            }
            summarize(mode, threads, contexts, all);
        } finally {
            pool.shutdownNow();
            for (Worker w : workers) {
                w.close();
            }
        }
    }

    private static Round run(ExecutorService pool, Worker[] workers, Process server, String ctx, double seconds,
            int round, LongAdder signatures) throws Exception {
        String path = "/" + ctx + "/";
        CountDownLatch start = new CountDownLatch(1);
        long[] startAt = new long[1];
        List<Future<long[]>> fs = new ArrayList<>();
        for (Worker w : workers) {
            fs.add(pool.submit(() -> {
                start.await();
                return w.run(path, startAt[0] + (long) (seconds * 1e9));
            }));
        }
        long sig0 = signatures.sum();
        long serverCpu0 = cpu(server);
        long clientCpu0 = clientCpu();
        long[] stat0 = procStat();
        startAt[0] = System.nanoTime();
        start.countDown();
        long requests = 0;
        long errors = 0;
        for (Future<long[]> f : fs) {
            long[] r = f.get((long) seconds + 120, TimeUnit.SECONDS);
            requests += r[0];
            errors += r[1];
        }
        long end = System.nanoTime();
        long serverCpu = cpu(server) - serverCpu0;
        long clientCpu = clientCpu() - clientCpu0;
        long[] stat1 = procStat();
        double wall = (end - startAt[0]) / 1e9;
        // /proc/stat: busy = user+nice+system+irq+softirq (USER_HZ ticks, 10 ms); steal apart.
        double busy = (stat1[0] - stat0[0]) / 100.0;
        double steal = (stat1[1] - stat0[1]) / 100.0;
        double other = Math.max(0, busy - (serverCpu + clientCpu) / 1e9) / wall;
        return new Round(ctx, round, requests, errors, wall, serverCpu / 1e3 / requests,
                clientCpu / 1e3 / requests, signatures.sum() - sig0, other, steal / wall);
    }

    /** Machine-wide {busy, steal} ticks from /proc/stat. */
    private static long[] procStat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** CPU time of the server process in ns (Linux: /proc, 10 ms ticks). */
    private static long cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    private static long clientCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void summarize(String mode, int threads, String[] contexts, List<Round> all) {
        Map<String, Double> rate = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String c : contexts) {
            rate.put(c, median(all.stream().filter(r -> r.context().equals(c)).mapToDouble(Round::rate).toArray()));
            cpu.put(c, median(all.stream().filter(r -> r.context().equals(c)).mapToDouble(Round::serverCpuUs).toArray()));
        }
        System.out.println();
        System.out.println("| " + mode + ", " + threads + " threads | median requests/s | median server CPU µs/request |");
        System.out.println("|---|---|---|");
        for (String c : contexts) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f |%n", c, rate.get(c), cpu.get(c));
        }
        if (rate.containsKey("certmap")) {
            ratio(all, rate, "none", 0.97);
            ratio(all, rate, "builtin", 0.98);
        }
    }

    private static void ratio(List<Round> all, Map<String, Double> rate, String base, double target) {
        if (!rate.containsKey(base)) {
            return;
        }
        double r = rate.get("certmap") / rate.get(base);
        // The same ratio round by round (each round's certmap against the same round's base), then its median:
        // less sensitive to the machine's load drifting over the run.
        List<Double> paired = new ArrayList<>();
        for (Round c : all) {
            if (c.context().equals("certmap")) {
                all.stream().filter(b -> b.context().equals(base) && b.round() == c.round()).findFirst()
                        .ifPresent(b -> paired.add(c.rate() / b.rate()));
            }
        }
        double pairedMedian = median(paired.stream().mapToDouble(Double::doubleValue).toArray());
        String ps = paired.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).reduce((a, b) -> a + " " + b).orElse("");
        System.out.printf(Locale.ROOT, "certmap/%s = %.3f (target >= %.2f: %s); per round %s, median %.3f%n", base, r, target,
                r >= target ? "PASS" : "MISS", ps, pairedMedian);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** One load thread's connection(s): keep-alive (one socket, reused) or one full handshake per request. */
    static final class Worker {
        private final SSLContext context;
        private final int port;
        private final boolean keepAlive;
        private Client client;

        Worker(SSLContext context, int port, boolean keepAlive) throws IOException {
            this.context = context;
            this.port = port;
            this.keepAlive = keepAlive;
            if (keepAlive) {
                client = new Client(context, port);
            }
        }

        /** Requests until {@code endNanos}: {completed with 200, failed}. */
        long[] run(String path, long endNanos) {
            long ok = 0;
            long failed = 0;
            while (System.nanoTime() < endNanos) {
                try {
                    Client c = keepAlive ? client : new Client(context, port);
                    Client.Response r = c.get(path, keepAlive);
                    if (!keepAlive) {
                        c.closeWithoutResumption();
                    }
                    if (r.status() == 200) {
                        ok++;
                    } else {
                        failed++;
                    }
                } catch (IOException e) {
                    failed++;
                    if (keepAlive) {
                        client.close();
                        try {
                            client = new Client(context, port);
                        } catch (IOException e2) {
                            // counted; next iteration tries again
                        }
                    }
                }
            }
            return new long[] {ok, failed};
        }

        void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    /** A minimal HTTP/1.1 client on one TLS socket (handshake done in the constructor). */
    static final class Client {
        record Response(int status, String body) {
        }

        private final SSLSocket socket;
        private final OutputStream out;
        private final InputStream in;
        private final ByteArrayOutputStream header = new ByteArrayOutputStream(256);
        private final Map<String, byte[]> requests = new LinkedHashMap<>();

        Client(SSLContext context, int port) throws IOException {
            SSLSocketFactory f = context.getSocketFactory();
            socket = (SSLSocket) f.createSocket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        Response get(String path, boolean keepAlive) throws IOException {
            byte[] req = requests.computeIfAbsent(path + keepAlive, k -> ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(req);
            out.flush();
            return read();
        }

        private Response read() throws IOException {
            header.reset();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed in the response header");
                }
                header.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                        : b == '\r' ? 1 : 0;
            }
            String h = header.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(h.substring(9, 12));
            String lower = h.toLowerCase(Locale.ROOT);
            int cl = lower.indexOf("\r\ncontent-length:");
            byte[] body;
            if (cl >= 0) {
                int e = lower.indexOf('\r', cl + 2);
                body = in.readNBytes(Integer.parseInt(h.substring(cl + 17, e).trim()));
            } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (size == 0) {
                        line();
                        break;
                    }
                    b.write(in.readNBytes(size));
                    line();
                }
                body = b.toByteArray();
            } else {
                body = in.readAllBytes();
            }
            return new Response(status, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        /** Drops the session from the client's cache first, so the next connection cannot resume it. */
        void closeWithoutResumption() {
            socket.getSession().invalidate();
            close();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
