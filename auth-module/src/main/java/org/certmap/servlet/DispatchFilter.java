package org.certmap.servlet;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.DispatcherType;
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
 * {@code protectDispatches} for the portable front doors: a ServerAuthModule or an
 * authentication mechanism sees only the client's request, never the forwards, includes and async
 * dispatches the application makes within it. certmap's initializer registers this filter for
 * FORWARD, INCLUDE and ASYNC on {@code /*}, before the filters of web.xml, and the engine decides
 * each dispatch ({@link CertmapEngine#planDispatch}).
 *
 * <p>The user counts only when certmap logged it in for this request: the front door records its
 * login decision in a request attribute ({@link #recordLogin}), and the request's principal must
 * still carry that user's name (not after {@code logout()} or another {@code login()}). Only a
 * {@link Decision} object counts: a value that reached the request from outside (an AJP request
 * attribute, say) is a string.
 *
 * <p>A refused forward or async dispatch answers 403 through {@code sendError} (the application's
 * error page applies) if the response is not committed yet; a refused include includes nothing.
 * ERROR dispatches never come here. Named dispatchers ({@code getNamedDispatcher}) target a
 * servlet, not a path: locations do not cover them.
 */
public final class DispatchFilter implements Filter {

    /** The filter's name in the application. */
    public static final String NAME = "certmapDispatchFilter";

    /**
     * Request attribute with the {@link Decision} certmap logged the user in with. Internal: not a
     * plain string like the public {@code org.certmap.*} attributes, and no contract.
     */
    static final String LOGIN = "org.certmap.internal.login";

    private final CertmapEngine engine;

    public DispatchFilter(CertmapEngine engine) {
        this.engine = engine;
    }

    /**
     * Records what the front door decided for the client's request: the decision when it logged a
     * user in, else nothing (a login recorded earlier in the same request, e.g. before an async
     * dispatch, is removed).
     */
    public static void recordLogin(HttpServletRequest request, Decision decision) {
        if (decision != null && decision.isAuthenticated()) {
            request.setAttribute(LOGIN, decision);
        } else if (request.getAttribute(LOGIN) != null) {
            request.removeAttribute(LOGIN);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        DispatcherType type = request.getDispatcherType();
        Dispatch dispatch = Dispatch.of(type == null ? null : type.name());
        if (dispatch == null || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        DispatchPlan plan = engine.planDispatch(dispatch, http.getServletPath(), http.getPathInfo(),
                http.getRequestURI(), http::getAttribute, login(http));
        if (plan.proceeds()) {
            chain.doFilter(request, response);
        } else if (!plan.includesNothing()) {
            plan.attributes().forEach(http::setAttribute);
            DecisionResponses.refuse(httpResponse, plan.refusal(), engine.showsReason(new ServletCertmapRequest(http)));
        }
    }

    /** The login certmap recorded for this request, if the request's principal is still that user. */
    static Decision login(HttpServletRequest request) {
        if (!(request.getAttribute(LOGIN) instanceof Decision d) || !d.isAuthenticated()) {
            return null;
        }
        Principal p = request.getUserPrincipal();
        return p != null && d.user().equals(p.getName()) ? d : null;
    }
}
