package org.certmap.engine.location;

import java.util.Objects;
import java.util.Set;

/**
 * One {@code <location>}: which paths need TLS and a certificate (the IIS {@code sslFlags} of a
 * directory) and which roles, any of which is required.
 *
 * @param pattern   the servlet url-pattern as normalized at load ({@code /dir/*}, {@code /a/b.jsp}, {@code *.ext})
 * @param requirement what the location asks of the client certificate
 * @param line      the line in the mapping file
 */
public record Location(String pattern, boolean sslRequired, Requirement requirement, Set<String> roles, int line) {

    /** What a location asks of the client certificate. */
    public enum Requirement {
        /** No certificate is consulted. */
        NONE,
        /** A certificate is accepted and mapped if sent (SslNegotiateCert). */
        NEGOTIATE,
        /** A certificate that maps is required (SslRequireCert, or roles). */
        REQUIRE
    }

    public Location {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(requirement, "requirement");
        roles = Set.copyOf(roles);
    }
}
