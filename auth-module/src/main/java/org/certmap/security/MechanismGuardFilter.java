package org.certmap.security;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Fail closed when the mechanism never runs. The initializer saw
 * {@link CertificateMappingMechanismDefinition} and so registered no ServerAuthModule; if CDI then
 * did not discover the annotated class (not a bean, no beans.xml, no CDI at all) or no Jakarta
 * Security implementation runs the mechanism, nothing would authenticate, silently. This filter
 * (REQUEST dispatches, after authentication) answers 500 and logs once instead.
 */
public final class MechanismGuardFilter implements Filter {

    /** Request attribute the mechanism sets on every request it sees. */
    static final String SEEN = "org.certmap.mechanism";

    private static final Logger LOG = Logger.getLogger("org.certmap");

    private final String definedOn;
    private final AtomicBoolean logged = new AtomicBoolean();

    public MechanismGuardFilter(String definedOn) {
        this.definedOn = definedOn;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(SEEN) != null) {
            chain.doFilter(request, response);
            return;
        }
        if (logged.compareAndSet(false, true)) {
            LOG.severe("certmap [" + request.getServletContext().getContextPath() + "]: @"
                    + CertificateMappingMechanismDefinition.class.getSimpleName() + " is on " + definedOn
                    + " but the mechanism did not run for this request: make that class a CDI bean (a bean-defining"
                    + " annotation such as @ApplicationScoped, or beans.xml) on a server with Jakarta Security;"
                    + " refusing every request with 500 until then");
        }
        ((HttpServletResponse) response).sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    }
}
