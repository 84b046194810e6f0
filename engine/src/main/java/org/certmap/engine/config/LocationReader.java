package org.certmap.engine.config;

import java.util.Set;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.location.Location;
import org.certmap.engine.location.LocationMatcher;
import org.certmap.engine.location.SslFlags;
import org.xml.sax.Attributes;

/** Reads a {@code <location>}: which paths need a certificate, and which roles. */
final class LocationReader {

    private LocationReader() {
    }

    static Location read(ReadContext c, Attributes a) throws ConfigException {
        String pattern = LocationMatcher.normalizePattern(a.getValue("path"));
        // Claimed before the other values are read: a duplicate is the problem to report first.
        c.rules.locationPath(pattern, c.here());
        String flags = a.getValue("sslFlags");
        SslFlags parsed = SslFlags.parse(flags == null ? "None" : flags);
        for (String w : parsed.warnings()) {
            c.model.warnings.add(c.errors.line(c.line(), w));
        }
        Set<String> roles = c.model.roles(a.getValue("roles"));
        Location.Requirement req = roles.isEmpty() ? parsed.requirement() : Location.Requirement.REQUIRE;
        return new Location(pattern, parsed.ssl(), req, roles, c.line());
    }
}
