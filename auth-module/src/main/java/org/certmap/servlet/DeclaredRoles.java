package org.certmap.servlet;

import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.ConfigRequirement;
import org.certmap.engine.config.MappingConfig;

/**
 * The roles a mapping file names, declared to the server with {@code ServletContext.declareRoles}
 * at start (DESIGN.md, "Front doors"). Servers that check roles through Jakarta Authorization
 * (GlassFish, Payara, WildFly, Liberty) answer {@code isUserInRole} only for declared roles, and an
 * application without web.xml declares none: without this, a legacy application would see
 * {@code isUserInRole("admin") == false} for a user the mapping file gives {@code admin}. Where
 * {@code declareRoles} alone is not enough (GlassFish 7, Liberty 26), a servlet that serves nothing
 * names the roles in a programmatic constraint ({@link #declareThroughConstraint}).
 *
 * <p>Roles can be declared only while the application starts. As a {@link ConfigRequirement} of
 * the engine (which calls it for every file it loads, at start and at each reload, and never
 * refuses a file for it), it remembers the first file's roles as the declared ones and logs each
 * role that a later reload names for the first time, once, as needing a redeploy.
 *
 * <p>The engine keeps one-to-one mappings in a hash table that cannot be listed, so the roles are
 * read from the file itself: every {@code roles} attribute of an {@code <add>} or a
 * {@code <location>} (the only elements with one, besides {@code <directory roles>}, which names
 * where a directory's groups come from, not roles). The file has just been loaded and checked by
 * the engine, so it is read without the schema, and a failure to read it costs nothing but the log
 * line.
 */
public final class DeclaredRoles implements ConfigRequirement {

    private static final Logger LOG = Logger.getLogger("org.certmap");

    private final String app;
    private final boolean needsDeclaration;
    /** The roles declared at start; null until the first file loaded. Guarded by this. */
    private Set<String> declared;
    /** Roles already logged as needing a redeploy. Guarded by this. */
    private final Set<String> reported = new TreeSet<>();

    /**
     * @param needsDeclaration false where {@code isUserInRole} reads the principal's roles and never
     *                         the declared ones (Tomcat): a new role then needs no redeploy, and no
     *                         roles servlet ({@link #declareThroughConstraint}) is added
     */
    DeclaredRoles(String app, boolean needsDeclaration) {
        this.app = app;
        this.needsDeclaration = needsDeclaration;
    }

    /** For the application of {@code context}: Tomcat answers isUserInRole without declarations. */
    static DeclaredRoles of(ServletContext context, String app) {
        String server = context.getServerInfo();
        return new DeclaredRoles(app, server == null || !server.startsWith("Apache Tomcat"));
    }

    @Override
    public void check(MappingConfig config) {
        Set<String> now = config.roleNames();
        synchronized (this) {
            if (declared == null) {
                declared = Collections.unmodifiableSet(now);
                return;
            }
            if (!needsDeclaration) {
                return;
            }
            Set<String> fresh = new TreeSet<>(now);
            fresh.removeAll(declared);
            fresh.removeAll(reported);
            if (!fresh.isEmpty()) {
                reported.addAll(fresh);
                LOG.warning("certmap [" + app + "]: the reloaded mapping file names role(s) " + String.join(", ", fresh)
                        + " that were not declared when the application started: on this server isUserInRole and"
                        + " web.xml role checks see them only after a redeploy (or declare them in web.xml's"
                        + " <security-role>); certmap's own <location roles> checks apply now");
            }
        }
    }

    /** The roles of the file loaded at start (empty before). */
    synchronized Set<String> declared() {
        return declared == null ? Set.of() : declared;
    }

    /**
     * Declares the start file's roles to {@code context}; from a ServletContainerInitializer, the
     * only place the Servlet specification allows it for an application without web.xml listeners.
     */
    void declareTo(ServletContext context) {
        Set<String> roles = declared();
        if (roles.isEmpty()) {
            return;
        }
        try {
            context.declareRoles(roles.toArray(new String[0]));
            if (needsDeclaration) {
                declareThroughConstraint(context, roles);
            }
            LOG.info("certmap [" + app + "]: declared the mapping file's roles " + String.join(", ", roles)
                    + (needsDeclaration ? " (ServletContext.declareRoles, and a constraint on " + ROLES_PATH + ")"
                            : " (ServletContext.declareRoles)")
                    + ", so that isUserInRole sees them without a web.xml <security-role>");
        } catch (RuntimeException e) {
            // Fail safe: undeclared roles only make isUserInRole answer false.
            LOG.warning("certmap [" + app + "]: the server refused to declare the roles " + String.join(", ", roles)
                    + " (" + e + "); declare them in web.xml with <security-role> where isUserInRole must see them");
        }
    }

    /**
     * What {@code declareRoles} alone does not do everywhere: Payara and WildFly read declared
     * roles, but GlassFish 7 regenerates its Jakarta Authorization policy from them only after a
     * programmatic servlet registration, and Liberty 26 ignores {@code declareRoles} (a no-op) and
     * knows only the roles that constraints name. So a servlet that serves nothing,
     * {@value #ROLES_SERVLET} at {@value #ROLES_PATH}, gets a programmatic security constraint
     * naming the roles: every such server then knows them. It answers 404 to whoever that
     * constraint lets in.
     */
    private void declareThroughConstraint(ServletContext context, Set<String> roles) {
        ServletRegistration.Dynamic servlet = context.addServlet(ROLES_SERVLET, new NotFound());
        if (servlet == null) {
            LOG.warning("certmap [" + app + "]: the application already has a servlet named " + ROLES_SERVLET
                    + "; on GlassFish and Liberty declare the roles in web.xml with <security-role>");
            return;
        }
        servlet.addMapping(ROLES_PATH);
        servlet.setServletSecurity(new ServletSecurityElement(
                new HttpConstraintElement(TransportGuarantee.NONE, roles.toArray(new String[0]))));
    }

    /** The servlet of {@link #declareThroughConstraint}. */
    static final String ROLES_SERVLET = "certmapDeclaredRoles";

    /** Its one path, which its constraint covers. */
    static final String ROLES_PATH = "/certmap-declared-roles";

    /** Serves nothing: 404. */
    static final class NotFound extends GenericServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void service(ServletRequest req, ServletResponse res) throws IOException {
            ((HttpServletResponse) res).sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
