package org.certmap.servlet;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller principal certmap reports to the container: the mapped user name, with the roles it
 * was logged in with.
 *
 * <p>Equality covers the roles on purpose. Tomcat's Jakarta Authentication path keeps the
 * principal of the last login in the HTTP session and, on every later request, calls
 * {@code register()} (which changes the session id while {@code changeSessionIdOnAuthentication}
 * is true) unless the newly reported principal {@code equals} the cached one. A principal without
 * value equality therefore changes the session id on every request; one equal by name alone would
 * keep stale roles in the session after the mapping file changed them. Equal by name and roles,
 * the session id changes exactly when the identity changes (DESIGN.md, decision matrix).
 */
public final class MappedUserPrincipal implements Principal, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final TreeSet<String> roles;

    public MappedUserPrincipal(String name, Set<String> roles) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = new TreeSet<>(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    /** The roles of this login (sorted, unmodifiable view). */
    public Set<String> roles() {
        return java.util.Collections.unmodifiableSet(roles);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MappedUserPrincipal p && name.equals(p.name) && roles.equals(p.roles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, roles);
    }

    @Override
    public String toString() {
        return name;
    }
}
