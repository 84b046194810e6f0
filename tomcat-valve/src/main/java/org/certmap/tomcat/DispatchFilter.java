package org.certmap.tomcat;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.Decision;
import org.certmap.engine.Dispatch;
import org.certmap.engine.DispatchPlan;

/**
 * {@code protectDispatches} for the valve: a valve sees only the client's request, never the
 * forwards, includes and async dispatches the application makes within it, so the valve adds this
 * filter to its context (FORWARD, INCLUDE and ASYNC on {@code /*}, before the application's own
 * filters) and the engine decides each dispatch ({@link CertmapEngine#planDispatch}).
 *
 * <p>A refused forward or async dispatch answers 403 (through {@code sendError}, so the
 * application's error page applies) if the response is not committed yet; a refused include
 * includes nothing. ERROR dispatches never come here: an error page inside a location renders.
 * Named dispatchers ({@code getNamedDispatcher}) target a servlet, not a path: locations do not
 * cover them.
 */
final class DispatchFilter implements Filter {

    /** The filter's name in the context (visible in Tomcat's JMX and manager). */
    static final String NAME = "certmapDispatchFilter";

    private final CertificateMappingValve valve;

    DispatchFilter(CertificateMappingValve valve) {
        this.valve = valve;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Dispatch dispatch = Dispatch.of(request.getDispatcherType().name());
        if (dispatch == null || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        CertmapEngine engine = valve.engine();
        if (engine == null) {
            // The valve is stopping or did not start: fail closed, as its own invoke does (503).
            if (dispatch != Dispatch.INCLUDE && !httpResponse.isCommitted()) {
                httpResponse.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            }
            return;
        }
        DispatchPlan plan = engine.planDispatch(dispatch, http.getServletPath(), http.getPathInfo(),
                http.getRequestURI(), http::getAttribute, login(http));
        if (plan.proceeds()) {
            chain.doFilter(request, response);
        } else if (!plan.includesNothing()) {
            plan.attributes().forEach(http::setAttribute);
            if (!httpResponse.isCommitted()) {
                CertificateMappingValve.refuse(engine, peerOf(http), httpResponse, plan.refusal());
            }
        }
    }

    /** The request as far as {@code showReason} asks: the peer and its headers. */
    private static org.certmap.engine.CertmapRequest peerOf(HttpServletRequest http) {
        return new org.certmap.engine.CertmapRequest() {
            @Override
            public String path() {
                return "/";
            }

            @Override
            public boolean secure() {
                return http.isSecure();
            }

            @Override
            public String peerAddress() {
                return http.getRemoteAddr();
            }

            @Override
            public java.util.List<java.security.cert.X509Certificate> tlsCertificates() {
                return java.util.List.of();
            }

            @Override
            public java.util.List<String> headers(String name) {
                return java.util.Collections.list(http.getHeaders(name));
            }
        };
    }

    /** The login the valve made for this request, or null (see {@link CertmapPrincipal}). */
    private static Decision login(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof CertmapPrincipal p ? p.decision() : null;
    }
}
