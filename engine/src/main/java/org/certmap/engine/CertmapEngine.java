package org.certmap.engine;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.MappingFileLoader;

/**
 * certmap for one site root: the mapping file's current snapshot, its reload, the decision cache
 * and the one decision function every front door calls.
 *
 * <p>Reload is off the request path: a daemon thread polls the mapping file and every file it
 * names every {@code reloadInterval}, by content ({@link FileStamp}: attributes, and a hash only
 * where they cannot tell); a changed file is parsed and checked in full and then swapped in
 * atomically with a fresh decision cache. A bad file keeps the last good snapshot and logs why,
 * once per change (invariants 3 and 5).
 */
public final class CertmapEngine implements AutoCloseable {

    /**
     * One reload thread for all engines of a class loader, alive only while an engine polls: in
     * {@code WEB-INF/lib} the thread's classes belong to the web application, and a thread that
     * outlived the last engine would pin that application's class loader after undeploy.
     */
    private static ScheduledExecutorService reloader;
    private static int pollers;

    private static synchronized ScheduledExecutorService acquireReloader() {
        if (reloader == null) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "certmap-reload");
                t.setDaemon(true);
                // Not the loader of whichever web application started the first engine: the thread
                // serves them all, and containers would report it as that application's leak.
                t.setContextClassLoader(CertmapEngine.class.getClassLoader());
                return t;
            });
        }
        pollers++;
        return reloader;
    }

    private static synchronized void releaseReloader() {
        if (--pollers == 0) {
            reloader.shutdownNow();
            reloader = null;
        }
    }

    /** Whether a reload thread is running (for tests of the no-leak rule). */
    static synchronized boolean reloaderRunning() {
        return reloader != null;
    }

    private final String name;
    private final Path file;
    private final MappingFileLoader loader;
    private final Clock clock;
    private final ConfigRequirement requirement;
    private final DecisionLog log;
    private final Decider decider;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final Map<Reason, LongAdder> counters = new EnumMap<>(Reason.class);
    private final LongAdder authenticated = new LongAdder();
    private final ExpiringCertificates expiring;
    private final FileStamp.Stamper stamper;
    private volatile String lastReloadError;
    /** The files the current snapshot was read from, refreshed by polls that find them unchanged. */
    private List<FileStamp> stamps = List.of(); // guarded by this
    /** The files as they were when the last reload failed; null after a good load. */
    private List<FileStamp> failedStamps; // guarded by this
    private ScheduledFuture<?> poller;
    private Duration pollInterval;
    private boolean closed;
    private volatile boolean polls;
    /** What the last poll threw, or null after one that did not throw. */
    private volatile String pollFailure;

    /** An immutable snapshot and what belongs to it alone. */
    private record State(MappingConfig config, long generation, DecisionCache cache, MappingUsage usage,
            Shadow shadow) {
    }

    private CertmapEngine(String name, Path file, MappingFileLoader loader, Clock clock, ConfigRequirement requirement,
            FileStamp.Stamper stamper) {
        this.name = Objects.requireNonNull(name);
        this.stamper = Objects.requireNonNull(stamper);
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.clock = clock;
        this.requirement = Objects.requireNonNull(requirement);
        this.log = new DecisionLog(name);
        this.expiring = new ExpiringCertificates(name, log);
        this.decider = new Decider(log, expiring);
        for (Reason r : Reason.values()) {
            counters.put(r, new LongAdder());
        }
        // Newly fetched revocation data (a CRL from a distribution point) starts a fresh decision
        // cache, as a reload does: no cached "good" outlives the CRL that revoked it.
        loader.revocation().onNewData(() -> state.updateAndGet(s -> s == null ? null
                : new State(s.config(), s.generation(), DecisionCache.configured(), s.usage(), s.shadow())));
    }

    /**
     * Loads the mapping file and starts polling it for changes.
     *
     * @param name the site root's name in log lines (a context path)
     * @throws ConfigException when the file is missing or invalid: the front door must not start
     */
    public static CertmapEngine start(String name, Path file) throws ConfigException {
        return start(name, file, ConfigRequirement.NONE);
    }

    /**
     * As {@link #start(String, Path)}, with a requirement every loaded file must meet, at start
     * and at every reload.
     */
    public static CertmapEngine start(String name, Path file, ConfigRequirement requirement) throws ConfigException {
        return start(name, file, MappingFileLoader.standard(), Clock.systemUTC(), true, requirement);
    }

    /** As {@link #start(String, Path)}, with a loader, a clock, and polling on or off (tests, the CLI). */
    public static CertmapEngine start(String name, Path file, MappingFileLoader loader, Clock clock, boolean poll)
            throws ConfigException {
        return start(name, file, loader, clock, poll, ConfigRequirement.NONE);
    }

    /** The general form of {@code start}. */
    public static CertmapEngine start(String name, Path file, MappingFileLoader loader, Clock clock, boolean poll,
            ConfigRequirement requirement) throws ConfigException {
        return start(name, file, loader, clock, poll, requirement, new FileStamp.Stamper());
    }

    /** As the general form, with the stamper that watches the files (tests: its clock, its hash count). */
    static CertmapEngine start(String name, Path file, MappingFileLoader loader, Clock clock, boolean poll,
            ConfigRequirement requirement, FileStamp.Stamper stamper) throws ConfigException {
        CertmapEngine e = new CertmapEngine(name, file, loader, clock, requirement, stamper);
        long loadStart = stamper.now();
        List<FileStamp> before = List.of(stamper.take(e.file));
        MappingConfig cfg = e.load();
        e.apply(cfg, 1, before, loadStart);
        if (poll) {
            e.polls = true;
            e.schedule(cfg.reloadInterval());
        }
        return e;
    }

    private MappingConfig load() throws ConfigException {
        MappingConfig cfg = loader.load(file);
        requirement.check(cfg);
        return cfg;
    }

    /**
     * Swaps in a loaded snapshot.
     *
     * @param before    stamps taken before the load: the mapping file, and at a reload the files the
     *                  last snapshot named
     * @param loadStart the stamper's clock when the load began
     */
    private void apply(MappingConfig cfg, long generation, List<FileStamp> before, long loadStart) {
        synchronized (this) {
            stamps = afterLoad(cfg.watchedFiles(), before, loadStart);
        }
        state.set(new State(cfg, generation, DecisionCache.configured(), new MappingUsage(cfg.mapper()), shadowOf(cfg)));
        for (String w : cfg.warnings()) {
            log.warn("engine.loadWarning", name, w);
        }
        for (String n : cfg.notices()) {
            log.info("engine.loadNotice", name, n);
        }
        log.info("engine.loaded", name, file, generation, cfg.mapper().oneToOne().size(),
                cfg.mapper().manyToOne().size(), cfg.locations().locations().size(),
                cfg.reloadInterval().isZero() ? "(off)" : cfg.reloadInterval().toString());
        if (cfg.reloadInterval().isZero()) {
            log.info("engine.reloadDisabled", name, file);
        }
        if (cfg.revocation() != null) {
            cfg.revocation().files().byFile().forEach((path, crl) -> log.info("engine.crlLoaded", name, path, crl));
        }
    }

    /** The shadow of a loaded file: its candidate file loaded with the same loader, or the reason it did not load. */
    private Shadow shadowOf(MappingConfig cfg) {
        Path shadowFile = cfg.shadowFile();
        if (shadowFile == null) {
            return null;
        }
        try {
            MappingConfig shadow = loader.load(shadowFile);
            log.info("engine.shadowLoaded", name, shadowFile);
            return new Shadow(name, shadowFile, shadow, null, log);
        } catch (ConfigException e) {
            log.warn("engine.shadowFailed", name, shadowFile, e.getMessage());
            return new Shadow(name, shadowFile, null, e.getMessage(), log);
        }
    }

    /**
     * The stamps of the files a load read, where a file that changed while it was read gets a dirty
     * stamp, so that the next poll reads again: a file stamped before the load is compared with that
     * stamp; a file the load named for the first time, with the time the load began.
     */
    private List<FileStamp> afterLoad(List<Path> watched, List<FileStamp> before, long loadStart) {
        Map<Path, FileStamp> earlier = new HashMap<>();
        for (FileStamp s : before) {
            earlier.put(s.path(), s);
        }
        Map<Path, FileStamp> after = new LinkedHashMap<>();
        for (Path p : watched) {
            if (after.containsKey(p)) {
                continue;
            }
            FileStamp b = earlier.get(p);
            FileStamp s;
            if (b != null) {
                FileStamp.Poll r = stamper.recheck(b);
                s = r.changed() ? FileStamp.dirty(p) : r.stamp();
            } else {
                s = stamper.take(p);
                s = s.changedSince(loadStart) ? FileStamp.dirty(p) : s;
            }
            after.put(p, s);
        }
        return List.copyOf(after.values());
    }

    private synchronized void schedule(Duration interval) {
        if (Objects.equals(interval, pollInterval) && poller != null) {
            return;
        }
        if (poller != null) {
            poller.cancel(false);
            poller = null;
            releaseReloader();
        }
        pollInterval = interval;
        if (!interval.isZero() && !closed) {
            long ms = Math.max(100, interval.toMillis());
            poller = acquireReloader().scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One scheduled poll. Lets no Throwable out but a {@link VirtualMachineError}: a scheduled task
     * that throws is never run again, and reloading would stop without a word.
     */
    void poll() {
        try {
            reloadIfChanged();
            pollFailure = null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // Like a bad file: keep the last good snapshot and keep polling. Said once: a load that
            // threw is not tried again until the files change, and anything else that fails poll
            // after poll is logged again only after a poll that did not fail.
            String problem = t.toString();
            if (!problem.equals(pollFailure)) {
                pollFailure = problem;
                lastReloadError = problem;
                log.warn(t, "engine.reloadFailed", name, file, generation(), problem);
            }
        }
    }

    /**
     * Reloads now if the file or a file it names changed. Returns true when a new snapshot was
     * applied; false when nothing changed or the new file is bad (the last good one stays). A
     * loader or requirement that throws leaves the last good snapshot too; the throwable is passed
     * on, and the same files are not read again until they change.
     */
    public synchronized boolean reloadIfChanged() {
        State current = state.get();
        Polled now = recheckAll(stamps);
        if (!now.changed()) {
            stamps = now.stamps();
            return false;
        }
        if (failedStamps != null) {
            Polled failed = recheckAll(failedStamps);
            if (!failed.changed()) {
                failedStamps = failed.stamps();
                return false;
            }
            now = failed;
        }
        List<FileStamp> before = now.stamps();
        long loadStart = stamper.now();
        MappingConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            failedStamps = before;
            lastReloadError = e.getMessage();
            log.warn("engine.reloadFailed", name, file, current.generation(), e.getMessage());
            return false;
        } catch (Throwable t) {
            if (!(t instanceof VirtualMachineError)) {
                // Not the files' fault as far as anyone knows, but the same files would fail the same way.
                failedStamps = before;
                lastReloadError = t.toString();
            }
            throw t;
        }
        failedStamps = null;
        lastReloadError = null;
        apply(cfg, current.generation() + 1, before, loadStart);
        log.info("engine.reloaded", name, file, current.generation() + 1);
        if (polls) {
            schedule(cfg.reloadInterval());
        }
        return true;
    }

    /**
     * Decides one request (DESIGN.md decision matrix).
     *
     * @param authenticationMandatory true when a web.xml security constraint requires authentication
     *                                for this request (auth-method CLIENT-CERT): then a mapped
     *                                certificate is required even where no location says so
     */
    public Decision decide(CertmapRequest request, boolean authenticationMandatory) {
        State s = state.get();
        long now = clock.millis();
        Decision d = decider.decide(s.config(), s.cache(), request, authenticationMandatory, now);
        if (d.isRefused()) {
            counters.get(d.reason()).increment();
        } else if (d.isAuthenticated()) {
            authenticated.increment();
            s.usage().hit(d.slot(), now);
        }
        Shadow shadow = s.shadow();
        if (shadow != null) {
            try {
                shadow.compare(request, authenticationMandatory, now, d);
            } catch (RuntimeException e) {
                // The shadow never changes the answer, not even by failing.
                log.warn(e, "engine.shadowFailed", name, shadow.file(), e.toString());
            }
        }
        return d;
    }

    /**
     * Decides a dispatch the application made within a request ({@code protectDispatches}, DESIGN.md):
     * a FORWARD, INCLUDE or ASYNC dispatch into a location that requires a certificate (SslRequireCert
     * or roles) is refused unless {@code login} is the decision with which certmap logged the user in
     * for this request and that user has one of the location's roles. ERROR dispatches, locations
     * that only accept a certificate, uncovered paths, and every dispatch when the mapping file says
     * {@code protectDispatches="false"} go on. A refusal is logged (one line) and counted.
     *
     * <p>The front door answers a refused forward or async dispatch with {@link Decision#httpStatus()}
     * if the response is not committed yet, and includes nothing for a refused include.
     *
     * @param from  the client's request URI, for the log line
     * @param path  the dispatch target as the container will serve it: servlet path + path info
     *              (for an include, the {@code jakarta.servlet.include.*} attributes)
     * @param login what {@link #decide} returned for this request if it logged a user in, else null;
     *              only an {@link Decision#isAuthenticated() authenticated} decision counts
     * @return null when the dispatch may go on; else the refusal ({@code CERTIFICATE_REQUIRED}, or
     *         {@code ROLE_REQUIRED} when a user is there but lacks the location's roles)
     */
    public Decision decideDispatch(Dispatch dispatch, String from, String path, Decision login) {
        Decision d = decider.decideDispatch(state.get().config(), Objects.requireNonNull(dispatch), from, path, login);
        if (d != null) {
            counters.get(d.reason()).increment();
        }
        return d;
    }

    private static final org.certmap.engine.proxy.TrustedProxies LOOPBACK =
            org.certmap.engine.proxy.TrustedProxies.parse("127.0.0.0/8 ::1");
    private static final String[] FORWARDING_HEADERS = {"Forwarded", "X-Forwarded-For", "X-Real-IP"};

    /**
     * Whether a refusal page for this request may name the reason code and its hint
     * ({@code showReason}): always, never, or ({@code local}, the default) only to a client
     * connected directly from a loopback address. A request from a trusted proxy, or one carrying a
     * forwarding header, is never "local": a reverse proxy on the same host connects from loopback
     * for every client.
     */
    public boolean showsReason(CertmapRequest request) {
        MappingConfig cfg = state.get().config();
        switch (cfg.showReason()) {
            case TRUE:
                return true;
            case FALSE:
                return false;
            default:
                String peer = request.peerAddress();
                if (peer == null || !LOOPBACK.isTrusted(peer) || cfg.trustedProxies().isTrusted(peer)) {
                    return false;
                }
                for (String h : FORWARDING_HEADERS) {
                    if (!request.headers(h).isEmpty()) {
                        return false;
                    }
                }
                return true;
        }
    }

    /** Explains a certificate chain against the current snapshot (see {@link Explanation}). */
    public Explanation explain(List<X509Certificate> chain, boolean fromTls, String path, Instant at) {
        return Decider.explain(state.get().config(), chain, fromTls, path, at);
    }

    /** Explains without an engine: the CLI loads a file once and explains. */
    public static Explanation explain(MappingConfig config, List<X509Certificate> chain, boolean fromTls, String path,
            Instant at) {
        return Decider.explain(config, chain, fromTls, path, at);
    }

    /** The current snapshot. */
    public MappingConfig configuration() {
        return state.get().config();
    }

    /** 1 for the first load, +1 for each applied reload. */
    public long generation() {
        return state.get().generation();
    }

    /** The last failed reload's message (file:line:column: problem), or null after a good load. */
    public String lastReloadError() {
        return lastReloadError;
    }

    /** Refusals per reason since start (for JMX). */
    public Map<Reason, Long> refusalCounts() {
        Map<Reason, Long> out = new EnumMap<>(Reason.class);
        counters.forEach((r, c) -> out.put(r, c.sum()));
        return out;
    }

    /** {@code shadowFile}'s differences from the file in force, per outcome pair; empty without a shadow (JMX). */
    public Map<String, Long> shadowDifferences() {
        Shadow sh = state.get().shadow();
        return sh == null ? Map.of() : sh.differences();
    }

    /** {@code shadowFile}'s differences per mapping pair ("staff -> no contractors") (JMX). */
    public Map<String, Long> shadowDifferencesByMapping() {
        Shadow sh = state.get().shadow();
        return sh == null ? Map.of() : sh.differencesByMapping();
    }

    /** Why the shadow file does not load, or null (none configured, or it loaded). */
    public String shadowError() {
        Shadow sh = state.get().shadow();
        return sh == null ? null : sh.error();
    }

    /** How each mapping of the file in force was used since it was loaded (JMX). */
    public MappingUsage usage() {
        return state.get().usage();
    }

    /** Certificates that logged someone in and expire soon, the first to expire first (JMX). */
    public List<ExpiringCertificates.Expiring> expiringCertificates() {
        return expiring.list(clock.millis());
    }

    public long authenticatedCount() {
        return authenticated.sum();
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closed = true;
        loader.revocation().close();
        loader.directories().close();
        if (poller != null) {
            poller.cancel(false);
            poller = null;
            releaseReloader();
        }
    }

    /** The watched files compared with their stamps: whether any changed, and their stamps now. */
    private record Polled(boolean changed, List<FileStamp> stamps) {
    }

    private Polled recheckAll(List<FileStamp> previous) {
        boolean changed = false;
        List<FileStamp> out = new ArrayList<>(previous.size());
        for (FileStamp s : previous) {
            FileStamp.Poll p = stamper.recheck(s);
            changed |= p.changed();
            out.add(p.stamp());
        }
        return new Polled(changed, List.copyOf(out));
    }

}
