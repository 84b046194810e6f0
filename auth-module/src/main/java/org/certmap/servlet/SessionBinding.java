package org.certmap.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.certmap.engine.SessionAction;

/**
 * Keeps one user per HTTP session. Every request is authenticated afresh from its certificate, so a
 * cookie can arrive with a different certificate than the one that made the session (a shared
 * kiosk, a swapped smart card, a leaked cookie). The container would migrate that session, with
 * the first user's cached data, to the second user; certmap invalidates it instead.
 */
public final class SessionBinding {

    /** A plain string attribute, so that no class is shared across class loaders or serialized. */
    public static final String ATTRIBUTE = "org.certmap.user";

    private SessionBinding() {
    }

    /**
     * Called before the container is told about the user: the engine's {@link SessionAction} for
     * this session, carried out (a new id once when an anonymous session gets its user, on every
     * server, not only where the container changes it itself).
     */
    public static void bind(HttpServletRequest request, String user) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        try {
            Object bound = session.getAttribute(ATTRIBUTE);
            switch (SessionAction.of(user, bound == null ? null : bound.toString())) {
                case INVALIDATE -> session.invalidate();
                case BIND -> {
                    request.changeSessionId();
                    request.getSession(false).setAttribute(ATTRIBUTE, user);
                }
                default -> {
                    // the same user keeps the session and its id
                }
            }
        } catch (IllegalStateException alreadyInvalid) {
            // nothing to bind
        }
    }
}
