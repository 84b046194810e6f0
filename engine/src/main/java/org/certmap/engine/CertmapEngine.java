package org.certmap.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * <p>Reload is off the request path: a daemon thread polls the modification times and sizes of
 * the mapping file and of every file it names every {@code reloadInterval}; a changed file is
 * parsed and checked in full and then swapped in atomically with a fresh decision cache. A bad
 * file keeps the last good snapshot and logs why, once per change (invariants 3 and 5).
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
    private volatile String lastReloadError;
    private volatile List<FileStamp> failedStamps;
    private ScheduledFuture<?> poller;
    private Duration pollInterval;
    private boolean closed;
    private volatile boolean polls;

    /** An immutable snapshot and what belongs to it alone. */
    private record State(MappingConfig config, long generation, DecisionCache cache, List<FileStamp> stamps) {
    }

    private record FileStamp(Path path, long modified, long size) {
        static FileStamp of(Path p) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return new FileStamp(p, a.lastModifiedTime().toMillis(), a.size());
            } catch (IOException e) {
                return new FileStamp(p, -1, -1);
            }
        }
    }

    private CertmapEngine(String name, Path file, MappingFileLoader loader, Clock clock, ConfigRequirement requirement) {
        this.name = Objects.requireNonNull(name);
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.clock = clock;
        this.requirement = Objects.requireNonNull(requirement);
        this.log = new DecisionLog(name);
        this.decider = new Decider(log);
        for (Reason r : Reason.values()) {
            counters.put(r, new LongAdder());
        }
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
        CertmapEngine e = new CertmapEngine(name, file, loader, clock, requirement);
        List<FileStamp> before = stamps(List.of(e.file));
        MappingConfig cfg = e.load();
        e.apply(cfg, 1, before);
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

    private void apply(MappingConfig cfg, long generation, List<FileStamp> before) {
        List<FileStamp> stamps = stamps(cfg.watchedFiles());
        if (!before.isEmpty() && !before.get(0).equals(stamps.get(0))) {
            // The file changed while it was read: make the next poll read it again.
            stamps.set(0, new FileStamp(stamps.get(0).path(), -2, -2));
        }
        state.set(new State(cfg, generation, DecisionCache.configured(), stamps));
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

    private void poll() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            // Like a bad file: keep the last good snapshot, and say so once until the files change.
            synchronized (this) {
                List<FileStamp> now = stamps(paths(state.get().stamps()));
                if (!now.equals(failedStamps)) {
                    failedStamps = now;
                    lastReloadError = e.toString();
                    log.warn("engine.reloadFailed", name, file, state.get().generation(), e.toString());
                }
            }
        }
    }

    /**
     * Reloads now if the file or a file it names changed. Returns true when a new snapshot was
     * applied; false when nothing changed or the new file is bad (the last good one stays).
     */
    public synchronized boolean reloadIfChanged() {
        State current = state.get();
        List<FileStamp> now = stamps(paths(current.stamps()));
        if (now.equals(current.stamps()) || now.equals(failedStamps)) {
            return false;
        }
        List<FileStamp> before = stamps(List.of(file));
        MappingConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            failedStamps = now;
            lastReloadError = e.getMessage();
            log.warn("engine.reloadFailed", name, file, current.generation(), e.getMessage());
            return false;
        }
        failedStamps = null;
        lastReloadError = null;
        apply(cfg, current.generation() + 1, before);
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
        Decision d = decider.decide(s.config(), s.cache(), request, authenticationMandatory, clock.millis());
        if (d.isRefused()) {
            counters.get(d.reason()).increment();
        } else if (d.isAuthenticated()) {
            authenticated.increment();
        }
        return d;
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
        if (poller != null) {
            poller.cancel(false);
            poller = null;
            releaseReloader();
        }
    }

    private static List<Path> paths(List<FileStamp> stamps) {
        List<Path> out = new ArrayList<>();
        for (FileStamp s : stamps) {
            out.add(s.path());
        }
        return out;
    }

    private static List<FileStamp> stamps(List<Path> paths) {
        List<FileStamp> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(FileStamp.of(p));
        }
        return out;
    }
}
