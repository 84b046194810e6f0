package org.certmap.engine;

/**
 * What a front door does with an existing HTTP session after a decision (DESIGN.md, "Decision
 * matrix"): every request is decided afresh from its certificate, so a session cookie may come back
 * with another user's certificate (a shared kiosk, a swapped smart card, a leaked cookie).
 * Decided by the engine, once, so the valve, the ServerAuthModule and the mechanism cannot differ.
 */
public enum SessionAction {
    /** Nothing to do: no user logged in, or the session already belongs to this user. */
    KEEP,
    /** An anonymous session gets its first user: change its id (no fixation), then bind it to the user. */
    BIND,
    /** The session belongs to another user: invalidate it, so nothing of that user reaches this one. */
    INVALIDATE;

    /**
     * @param boundUser the user the session was bound to, or null when it has none (or there is no session)
     */
    public static SessionAction of(Decision decision, String boundUser) {
        return of(decision.isAuthenticated() ? decision.user() : null, boundUser);
    }

    /**
     * @param user      the user logging in with this request, or null when none does
     * @param boundUser the user the session was bound to, or null when it has none
     */
    public static SessionAction of(String user, String boundUser) {
        if (user == null) {
            return KEEP;
        }
        if (boundUser == null) {
            return BIND;
        }
        return boundUser.equals(user) ? KEEP : INVALIDATE;
    }
}
