package org.certmap.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

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

    /** Called before the container is told about {@code user}. */
    public static void bind(HttpServletRequest request, String user) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        try {
            Object bound = session.getAttribute(ATTRIBUTE);
            if (bound == null) {
                session.setAttribute(ATTRIBUTE, user);
            } else if (!bound.equals(user)) {
                session.invalidate();
            }
        } catch (IllegalStateException alreadyInvalid) {
            // nothing to bind
        }
    }
}
