package org.certmap.tomcat;

import java.util.List;

import org.apache.catalina.realm.GenericPrincipal;
import org.certmap.engine.Decision;

/**
 * The principal the valve logs a mapped user in with: a {@link GenericPrincipal} (name and roles,
 * as Tomcat's realms and {@code isUserInRole} expect) that also carries the engine's login
 * decision. The {@link DispatchFilter} reads it back from {@code getUserPrincipal()}: a principal
 * of this class on the request is one this valve set for this request (the valve drops any
 * principal set before it, and Tomcat recycles the request's principal between requests), so
 * nothing a client sends, and no other login ({@code HttpServletRequest.login}), counts as certmap's.
 *
 * <p>The decision is transient: {@link GenericPrincipal} serializes as a plain principal, and the
 * valve never keeps its principal in a session ({@code cache} is off).
 */
final class CertmapPrincipal extends GenericPrincipal {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    /** @param roles the mapped roles, plus the realm's with {@code realmRoles} */
    CertmapPrincipal(Decision decision, List<String> roles) {
        super(decision.user(), roles);
        this.decision = decision;
    }

    /** The engine's login decision for this request (user and the mapping file's roles). */
    Decision decision() {
        return decision;
    }
}
