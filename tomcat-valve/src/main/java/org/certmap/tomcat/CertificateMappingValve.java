package org.certmap.tomcat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Realm;
import org.apache.catalina.Session;
import org.apache.catalina.authenticator.AuthenticatorBase;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.certmap.engine.CertmapEngine;
import org.certmap.engine.CertmapRequest;
import org.certmap.engine.ConfigRequirement;
import org.certmap.engine.Decision;
import org.certmap.engine.MappingFileLocation;
import org.certmap.engine.SessionAction;
import org.certmap.engine.base.ConfigException;

/**
 * IIS-style client-certificate mapping for one Tomcat context: every request is decided by the
 * mapping file (DESIGN.md, decision matrix) and a mapped certificate logs the user in.
 *
 * <pre>{@code <Context>
 *   <Valve className="org.certmap.tomcat.CertificateMappingValve"/>
 * </Context>}</pre>
 *
 * <p>It is an {@link AuthenticatorBase} so that Tomcat's {@code ContextConfig}, which adds an
 * authenticator for the web.xml {@code <login-config>} only when the context has none, lets it take
 * the place of {@code SSLAuthenticator}: web.xml constraints with {@code CLIENT-CERT} then go
 * through {@link #doAuthenticate}, which requires a mapped certificate. Before that, {@link #invoke}
 * decides every request against the mapping file's {@code <location>}s, so that directories of an
 * application with no web.xml security are protected too.
 *
 * <p>No login survives the request: Tomcat's {@code cache} is forced off and a principal set by an
 * earlier valve (SingleSignOn) is dropped, so that a mapping removed from the file takes effect on
 * the next request, in existing sessions too (invariant 5). The session id changes when the mapped
 * user of a session changes, not on every request.
 *
 * <p>Refusals are {@code sendError(403)} (400 for {@code MALFORMED_HEADER}), never 401: the
 * application's {@code <error-page>} applies, and the generic page shows the reason code and a
 * one-line hint when the mapping file's {@code showReason} is on.
 */
public class CertificateMappingValve extends AuthenticatorBase {

    private static final Log LOG = LogFactory.getLog(CertificateMappingValve.class);

    /** Session note (not an attribute: invisible to the application, never serialized) with the user the session was last bound to. */
    static final String NOTE_USER = "org.certmap.tomcat.USER";

    /** The default {@code configFile}: a resource of the web application. */
    public static final String DEFAULT_CONFIG_FILE = MappingFileLocation.DEFAULT;

    private String configFile = DEFAULT_CONFIG_FILE;
    private boolean realmRoles;

    private volatile CertmapEngine engine;
    /** Whether the context runs this valve's {@link DispatchFilter} (false: the valve came too late for it). */
    private volatile boolean dispatchFilter;
    private volatile ConnectorSurvey survey;
    private ObjectName statisticsName;

    public CertificateMappingValve() {
        cache = false;
    }

    /** The mapping file: {@value #DEFAULT_CONFIG_FILE} by default; located by {@link MappingFileLocation}. */
    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    /**
     * Whether the mapped user also gets the roles the context's Realm has for that user name
     * (default false). Costs a realm look-up per logged-in request: fine for UserDatabaseRealm,
     * worth measuring for a database or directory realm.
     */
    public boolean getRealmRoles() {
        return realmRoles;
    }

    public void setRealmRoles(boolean realmRoles) {
        this.realmRoles = realmRoles;
    }

    /**
     * Ignored (always false): a principal cached in the session would outlive a mapping removed
     * from the file.
     */
    @Override
    public void setCache(boolean cache) {
        if (cache) {
            LOG.warn(Strings.get("valve.cacheIgnored"));
        }
        this.cache = false;
    }

    @Override
    public void setContainer(Container container) {
        if (container != null && !(container instanceof Context)) {
            throw new IllegalArgumentException(Strings.get("valve.notContext", container.getName()));
        }
        super.setContainer(container);
    }

    @Override
    protected String getAuthMethod() {
        return HttpServletRequest.CLIENT_CERT_AUTH;
    }

    /** The running engine (null when stopped), for tests and the JMX bean. */
    CertmapEngine engine() {
        return engine;
    }

    @Override
    protected void startInternal() throws LifecycleException {
        String name = ConnectorSurvey.contextName(context);
        ServletContext servletContext = context.getServletContext();
        // A connector that defers validation to certmap must never run with a file that has no trust
        // store: the engine refuses such a file at start and at every reload (keeping the last good).
        ConnectorSurvey s = ConnectorSurvey.scan(context);
        Set<Connector> deferring = s.deferring();
        ConfigRequirement requirement = deferring.isEmpty() ? ConfigRequirement.NONE : cfg -> {
            if (!cfg.hasTrustStore()) {
                throw new ConfigException(cfg.file().toString(), 0, 0, Strings.get("valve.deferredWithoutTrustStore",
                        name, deferring.iterator().next().toString(), cfg.file()));
            }
        };
        CertmapEngine e;
        try {
            Path file = MappingFileLocation.resolve(configFile, servletContext == null ? null : servletContext::getRealPath);
            e = CertmapEngine.builder(name, file).requirement(requirement).start();
        } catch (ConfigException ce) {
            // A line of certmap's own, without a stack trace: Tomcat's "Error starting child" that
            // follows carries the exception, and admins grep for the file name, not for a trace.
            String message = Strings.get("valve.startFailed", name, ce.getMessage());
            LOG.error(message);
            throw new LifecycleException(message, ce);
        }
        if (!deferring.isEmpty()) {
            DeferredValidationGuard.watch(context);
        }
        for (String w : s.warnings(e.configuration())) {
            LOG.warn(w);
        }
        engine = e;
        survey = s;
        if (context.getState().isAvailable()) {
            // Filters start with the context: one added now would never run. Failing the start would
            // not help: Tomcat then drops the valve and serves the context with no certmap at all.
            dispatchFilter = false;
            LOG.error(Strings.get("valve.dispatchFilter.late", name));
        } else {
            installDispatchFilter();
            dispatchFilter = true;
        }
        registerStatistics(name);
        super.startInternal();
        LOG.info(Strings.get("valve.started", name, e.file()));
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        super.stopInternal();
        if (dispatchFilter) {
            removeDispatchFilter();
            dispatchFilter = false;
        }
        unregisterStatistics();
        CertmapEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
    }

    /**
     * Adds the {@link DispatchFilter} to the context, before the application's filters, for
     * FORWARD, INCLUDE and ASYNC dispatches to any path. Called while the context starts (its
     * pipeline starts after web.xml is read and before its filters are created), so the filter is
     * created and started with the application's. Always added: the engine reads
     * {@code protectDispatches} from the current mapping file at every dispatch. The valve JAR has no
     * ServletContainerInitializer: Tomcat would run one for every application.
     */
    private void installDispatchFilter() {
        removeDispatchFilter();
        FilterDef def = new FilterDef();
        def.setFilterName(DispatchFilter.NAME);
        def.setFilterClass(DispatchFilter.class.getName());
        def.setFilter(new DispatchFilter(this));
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(DispatchFilter.NAME);
        map.addURLPattern("/*");
        map.setDispatcher(DispatcherType.FORWARD.name());
        map.setDispatcher(DispatcherType.INCLUDE.name());
        map.setDispatcher(DispatcherType.ASYNC.name());
        context.addFilterMapBefore(map);
    }

    /** Removes the filter a previous start added (Tomcat keeps filter definitions across a restart). */
    private void removeDispatchFilter() {
        for (FilterMap m : context.findFilterMaps()) {
            if (DispatchFilter.NAME.equals(m.getFilterName())) {
                context.removeFilterMap(m);
            }
        }
        FilterDef def = context.findFilterDef(DispatchFilter.NAME);
        if (def != null) {
            context.removeFilterDef(def);
        }
    }

    /**
     * Decides the request against the mapping file's locations, then lets {@link AuthenticatorBase}
     * apply web.xml constraints (which call {@link #doAuthenticate} where they need a user).
     */
    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        CertmapEngine e = engine;
        if (e == null || !dispatchFilter && e.configuration().protectDispatches()) {
            // Fail closed: stopped, or dispatches cannot be protected as the mapping file asks.
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        if (request.getUserPrincipal() != null) {
            // Only this valve logs users in here; nothing set before it (SingleSignOn) stands.
            request.setAuthType(null);
            request.setUserPrincipal(null);
        }
        Decision d = decide(e, request, false);
        if (d.isRefused()) {
            refuse(e, new TomcatCertmapRequest(request, false, true), response, d);
            return;
        }
        if (d.isAuthenticated()) {
            login(request, d);
        }
        try {
            super.invoke(request, response);
        } finally {
            bindNewSession(request);
        }
    }

    /** A web.xml constraint needs a user: a mapped certificate is required (authenticationMandatory). */
    @Override
    protected boolean doAuthenticate(Request request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() != null) {
            return true;
        }
        CertmapEngine e = engine;
        if (e == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return false;
        }
        Decision d = decide(e, request, true);
        if (d.isAuthenticated()) {
            login(request, d);
            return true;
        }
        refuse(e, new TomcatCertmapRequest(request, false, true), response, d);
        return false;
    }

    /** Location-based decisions cover the path; preemptive authentication would log in where no one asked. */
    @Override
    protected boolean isPreemptiveAuthPossible(Request request) {
        return false;
    }

    private Decision decide(CertmapEngine e, Request request, boolean mandatory) {
        ConnectorSurvey s = survey;
        Connector connector = request.getConnector();
        boolean validated = !s.deferring().contains(connector)
                && !(connector.getProtocolHandler() instanceof org.apache.coyote.ajp.AbstractAjpProtocol);
        Decision d = e.decide(new TomcatCertmapRequest(request, s.renegotiating().contains(connector), validated),
                mandatory);
        d.attributes().forEach(request::setAttribute);
        return d;
    }

    /**
     * The generic refusal: status, and where the engine says the reason may be shown to this client
     * ({@code showReason}), the reason code and its hint; never names or certificate data.
     */
    static void refuse(CertmapEngine e, CertmapRequest request, HttpServletResponse response, Decision d)
            throws IOException {
        int status = d.isRefused() ? d.httpStatus() : HttpServletResponse.SC_FORBIDDEN;
        String text = d.pageText(e.showsReason(request));
        if (text != null) {
            response.sendError(status, text);
        } else {
            response.sendError(status);
        }
    }

    /**
     * The principal of one of the engine's reused login decisions (one per cached certificate
     * outcome), kept with that decision, so that a keep-alive request does not build and sort a new
     * role array, and the principal is evicted with the engine's cache entry (bounded by bytes).
     */
    private static GenericPrincipal principalOf(Decision d) {
        return d.attachment(x -> new CertmapPrincipal(x, new ArrayList<>(x.roles())));
    }

    private void login(Request request, Decision d) {
        request.setAuthType(HttpServletRequest.CLIENT_CERT_AUTH);
        request.setUserPrincipal(realmRoles ? withRealmRoles(d) : principalOf(d));
        Session session = request.getSessionInternal(false);
        if (session != null) {
            bind(request, session, d);
        }
    }

    /** The mapped roles plus those the context's Realm gives the name (asked every time: the Realm may change). */
    private GenericPrincipal withRealmRoles(Decision d) {
        List<String> roles = new ArrayList<>(d.roles());
        Realm realm = context.getRealm();
        Principal p = realm == null ? null : realm.authenticate(d.user());
        if (p instanceof GenericPrincipal gp) {
            for (String r : gp.getRoles()) {
                if (!roles.contains(r)) {
                    roles.add(r);
                }
            }
        }
        return new CertmapPrincipal(d, roles);
    }

    /**
     * A session with no user yet gets a new id once when a user logs in, against session fixation;
     * further requests of the same user keep it (Tomcat's {@code register()} would change it on
     * every request, since every request is authenticated afresh). A session bound to ANOTHER user
     * is invalidated, not migrated: the certificate is the credential, and a cookie must not carry
     * one user's session data (legacy applications cache profiles there) to another.
     */
    private void bind(Request request, Session session, Decision d) {
        synchronized (session) {
            Object bound = session.getNote(NOTE_USER);
            switch (SessionAction.of(d, bound == null ? null : bound.toString())) {
                case INVALIDATE -> session.expire();
                case BIND -> {
                    if (getChangeSessionIdOnAuthentication()) {
                        changeSessionID(request, session);
                    }
                    session.setNote(NOTE_USER, d.user());
                }
                default -> {
                    // the same user: keep the session and its id
                }
            }
        }
    }

    /** A session the application created during a logged-in request already belongs to that user. */
    private static void bindNewSession(Request request) {
        Principal p = request.getUserPrincipal();
        if (p == null || !HttpServletRequest.CLIENT_CERT_AUTH.equals(request.getAuthType())) {
            return;
        }
        Session session = request.getSessionInternal(false);
        if (session != null) {
            synchronized (session) {
                if (session.getNote(NOTE_USER) == null) {
                    session.setNote(NOTE_USER, p.getName());
                }
            }
        }
    }

    private void registerStatistics(String name) {
        String keys = context.getMBeanKeyProperties();
        try {
            ObjectName on = new ObjectName(getDomain() + ":type=CertificateMapping" + keys);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(on)) {
                server.unregisterMBean(on);
            }
            server.registerMBean(new Statistics(this), on);
            statisticsName = on;
        } catch (Exception ex) {
            LOG.warn(Strings.get("valve.jmxFailed", name, keys, ex.toString()));
        }
    }

    private void unregisterStatistics() {
        ObjectName on = statisticsName;
        statisticsName = null;
        if (on != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(on);
            } catch (Exception ex) {
                LOG.debug("certmap: unregistering " + on, ex);
            }
        }
    }

    /** The JMX view of this valve's engine; reads the current engine each time (it changes on restart). */
    static final class Statistics implements CertificateMappingMXBean {
        private final CertificateMappingValve valve;

        Statistics(CertificateMappingValve valve) {
            this.valve = valve;
        }

        private CertmapEngine engine() {
            CertmapEngine e = valve.engine;
            if (e == null) {
                throw new IllegalStateException("the context is stopped");
            }
            return e;
        }

        @Override
        public String getConfigFile() {
            return engine().file().toString();
        }

        @Override
        public long getGeneration() {
            return engine().generation();
        }

        @Override
        public String getLastReloadError() {
            return engine().lastReloadError();
        }

        @Override
        public long getAuthenticatedCount() {
            return engine().authenticatedCount();
        }

        @Override
        public Map<String, Long> getRefusalCounts() {
            Map<String, Long> out = new LinkedHashMap<>();
            engine().refusalCounts().forEach((r, n) -> out.put(r.name(), n));
            return out;
        }

        @Override
        public java.util.List<String> getTopMappings() {
            return engine().usage().top(20).stream().map(Object::toString).toList();
        }

        @Override
        public java.util.List<String> getNeverHitMappings() {
            return engine().usage().neverHit(100).stream().map(Object::toString).toList();
        }

        @Override
        public long getNeverHitCount() {
            return engine().usage().neverHitCount();
        }

        @Override
        public long getWeakMappingHits() {
            return engine().usage().weakHits();
        }

        @Override
        public long getStrongMappingHits() {
            return engine().usage().strongHits();
        }

        @Override
        public Map<String, Long> getShadowDifferences() {
            return engine().shadowDifferences();
        }

        @Override
        public Map<String, Long> getShadowDifferencesByMapping() {
            return engine().shadowDifferencesByMapping();
        }

        @Override
        public String getShadowError() {
            return engine().shadowError();
        }

        @Override
        public java.util.List<String> getExpiringCertificates() {
            return engine().expiringCertificates().stream().map(Object::toString).toList();
        }

        @Override
        public boolean reloadIfChanged() {
            return engine().reloadIfChanged();
        }
    }
}
