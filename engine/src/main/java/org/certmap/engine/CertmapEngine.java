package org.certmap.engine;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Reason;
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

    private final String name;
    private final Path file;
    private final MappingFileLoader loader;
    private final Clock clock;
    private final ConfigRequirement requirement;
    private final DecisionLog log;
    private final Decider decider;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final RequestCounters counters = new RequestCounters();
    private final ExpiringCertificates expiring;
    private final FileWatch watch;
    /** Null when the engine does not poll (the CLI, tests). */
    private final Reloader reloader;
    private volatile String lastReloadError;

    /** An immutable snapshot and what belongs to it alone. */
    private record State(MappingConfig config, long generation, DecisionCache cache, MappingUsage usage,
            Shadow shadow) {
    }

    private CertmapEngine(Builder b, FileStamp.Stamper stamper) {
        this.name = b.name;
        this.file = b.file.toAbsolutePath().normalize();
        this.loader = b.loader;
        this.clock = b.clock;
        this.requirement = b.requirement;
        this.watch = new FileWatch(stamper);
        this.log = new DecisionLog(name);
        this.expiring = new ExpiringCertificates(name, log);
        this.decider = new Decider(log, expiring);
        this.reloader = b.poll ? new Reloader(this::reloadIfChanged, this::pollFailed) : null;
        // Newly fetched revocation data (a CRL from a distribution point) starts a fresh decision
        // cache, as a reload does: no cached "good" outlives the CRL that revoked it.
        loader.revocation().onNewData(() -> state.updateAndGet(s -> s == null ? null
                : new State(s.config(), s.generation(), DecisionCache.configured(), s.usage(), s.shadow())));
    }

    /**
     * The way to start an engine: {@code CertmapEngine.builder(name, file).start()} loads the
     * mapping file and polls it for changes; the builder's other settings are for front doors with
     * a requirement of their own, the CLI and tests.
     *
     * @param name the site root's name in log lines (a context path)
     * @param file the mapping file
     */
    public static Builder builder(String name, Path file) {
        return new Builder(name, file);
    }

    /** What an engine starts with. Not thread-safe; {@link #start()} may be called more than once. */
    public static final class Builder {
        private final String name;
        private final Path file;
        private MappingFileLoader loader = MappingFileLoader.standard();
        private Clock clock = Clock.systemUTC();
        private boolean poll = true;
        private ConfigRequirement requirement = ConfigRequirement.NONE;
        private FileStamp.Stamper stamper;

        private Builder(String name, Path file) {
            this.name = Objects.requireNonNull(name, "name");
            this.file = Objects.requireNonNull(file, "file");
        }

        /** How the file is loaded (default {@link MappingFileLoader#standard()}); an engine closes what its loader holds. */
        public Builder loader(MappingFileLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** The clock decisions are made at (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether the file is polled every {@code reloadInterval} (default true). */
        public Builder polling(boolean poll) {
            this.poll = poll;
            return this;
        }

        /** A requirement every loaded file must meet, at start and at every reload (default none). */
        public Builder requirement(ConfigRequirement requirement) {
            this.requirement = Objects.requireNonNull(requirement, "requirement");
            return this;
        }

        /** The stamper that watches the files (tests: its clock, its hash count). */
        Builder stamper(FileStamp.Stamper stamper) {
            this.stamper = Objects.requireNonNull(stamper, "stamper");
            return this;
        }

        /**
         * Loads the mapping file and, if polling, starts polling it.
         *
         * @throws ConfigException when the file is missing or invalid: the front door must not start
         */
        public CertmapEngine start() throws ConfigException {
            // Each engine gets its own stamper unless a test gave one.
            CertmapEngine e = new CertmapEngine(this, stamper != null ? stamper : new FileStamp.Stamper());
            long loadStart = e.watch.now();
            List<FileStamp> before = e.watch.first(e.file);
            MappingConfig cfg = e.load();
            e.apply(cfg, 1, before, loadStart);
            if (e.reloader != null) {
                e.reloader.schedule(cfg.reloadInterval());
            }
            return e;
        }
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
        watch.loaded(cfg.watchedFiles(), before, loadStart);
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

    /** A poll threw (not a bad file: that is a {@link ConfigException}, handled in the reload). */
    private void pollFailed(Throwable t) {
        lastReloadError = t.toString();
        log.warn(t, "engine.reloadFailed", name, file, generation(), t.toString());
    }

    /**
     * Reloads now if the file or a file it names changed. Returns true when a new snapshot was
     * applied; false when nothing changed or the new file is bad (the last good one stays). A
     * loader or requirement that throws leaves the last good snapshot too; the throwable is passed
     * on, and the same files are not read again until they change.
     */
    public synchronized boolean reloadIfChanged() {
        State current = state.get();
        List<FileStamp> before = watch.changed();
        if (before == null) {
            return false;
        }
        long loadStart = watch.now();
        MappingConfig cfg;
        try {
            cfg = load();
        } catch (ConfigException e) {
            watch.failed(before);
            lastReloadError = e.getMessage();
            log.warn("engine.reloadFailed", name, file, current.generation(), e.getMessage());
            return false;
        } catch (Throwable t) {
            if (!(t instanceof VirtualMachineError)) {
                // Not the files' fault as far as anyone knows, but the same files would fail the same way.
                watch.failed(before);
                lastReloadError = t.toString();
            }
            throw t;
        }
        lastReloadError = null;
        apply(cfg, current.generation() + 1, before, loadStart);
        log.info("engine.reloaded", name, file, current.generation() + 1);
        if (reloader != null) {
            reloader.schedule(cfg.reloadInterval());
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
            counters.refused(d.reason());
        } else if (d.isAuthenticated()) {
            counters.authenticated();
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
     * <p>Front doors call {@link #planDispatch}, which reads the dispatch from the servlet request's
     * values and says how to answer.
     *
     * @param from  the client's request URI, for the log line
     * @param path  the dispatch target as the container will serve it: servlet path + path info
     *              (for an include, the {@code jakarta.servlet.include.*} attributes)
     * @param login what {@link #decide} returned for this request if it logged a user in, else null;
     *              only an {@link Decision#isAuthenticated() authenticated} decision counts
     * @return null when the dispatch may go on; else the refusal ({@code CERTIFICATE_REQUIRED}, or
     *         {@code ROLE_REQUIRED} when a user is there but lacks the location's roles)
     */
    Decision decideDispatch(Dispatch dispatch, String from, String path, Decision login) {
        Decision d = decider.decideDispatch(state.get().config(), Objects.requireNonNull(dispatch), from, path, login);
        if (d != null) {
            counters.refused(d.reason());
        }
        return d;
    }

    /**
     * What a dispatch filter does with a dispatch the application made ({@code protectDispatches},
     * see {@link #decideDispatch}), from the servlet request's own values, so that every front
     * door reads the target and the client's URI the same way: the target is the servlet path +
     * path info the container mapped the dispatch to (for an include, the
     * {@code jakarta.servlet.include.*} attributes, since the request's own path methods still
     * describe the including page); the log line's URI is the client's original one
     * ({@code jakarta.servlet.forward.request_uri}, {@code jakarta.servlet.async.request_uri}),
     * else the request URI.
     *
     * @param dispatch    {@link Dispatch#of} the request's {@code DispatcherType}; not null
     * @param servletPath {@code getServletPath()}
     * @param pathInfo    {@code getPathInfo()}
     * @param requestUri  {@code getRequestURI()}
     * @param attributes  {@code getAttribute}
     * @param login       what {@link #decide} returned for this request if certmap logged a user in
     *                    with it (and the request's principal is still that user), else null
     */
    public DispatchPlan planDispatch(Dispatch dispatch, String servletPath, String pathInfo, String requestUri,
            Function<String, Object> attributes, Decision login) {
        return DispatchPlan.of(dispatch, decideDispatch(dispatch, dispatch.from(requestUri, attributes),
                dispatch.target(servletPath, pathInfo, attributes), login));
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
        return counters.refusals();
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
        return counters.authenticatedCount();
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.close();
        }
        loader.revocation().close();
        loader.directories().close();
    }
}
