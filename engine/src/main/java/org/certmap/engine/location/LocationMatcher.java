package org.certmap.engine.location;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.match.AsciiCase;

/**
 * Finds the location that covers a request path, as a servlet container picks a mapping: exact
 * pattern first, then the longest {@code /dir/*} prefix (on segment boundaries: {@code /dir/*}
 * covers {@code /dir}, {@code /dir/} and {@code /dir/x}, never {@code /dirx}), then
 * {@code *.ext}. Locations do not inherit from each other.
 *
 * <p>Matching is ASCII case-insensitive on purpose: a container on a case-insensitive file system
 * serves {@code /SECURE/x} from {@code /secure}, and protecting more than asked is the safe side.
 * It follows that {@code /Secure/*} and {@code /secure/*} are one location written twice, and the
 * second would silently replace the first, so they are refused ({@link #matchKey}).
 * The path is normalized again here (path parameters, {@code //}, {@code .} and {@code ..}) so
 * that a front door passing a less normalized path still cannot slip past a location.
 */
public final class LocationMatcher {

    private final Map<String, Location> exact = new HashMap<>();
    private final Map<String, Location> prefix = new HashMap<>();
    private final Map<String, Location> extension = new HashMap<>();
    private final List<Location> locations;

    /**
     * @throws IllegalArgumentException when two locations have the same {@link #matchKey}
     */
    public LocationMatcher(List<Location> locations) {
        this.locations = List.copyOf(locations);
        for (Location l : this.locations) {
            String p = l.pattern();
            Location replaced;
            if (p.startsWith("*.")) {
                replaced = extension.put(AsciiCase.fold(p.substring(2)), l);
            } else if (p.endsWith("/*")) {
                replaced = prefix.put(AsciiCase.fold(p.substring(0, p.length() - 2)), l);
            } else {
                replaced = exact.put(AsciiCase.fold(p), l);
            }
            if (replaced != null) {
                // The loader refuses these with both lines; never let one location hide another.
                throw new IllegalArgumentException("locations " + replaced.pattern() + " (line " + replaced.line()
                        + ") and " + p + " (line " + l.line() + ") cover the same paths");
            }
        }
    }

    /**
     * The form in which two location patterns are the same location for matching: ASCII case
     * folded, as request paths are. Two patterns with the same key would cover exactly the same
     * requests, so the loader refuses the second rather than let one silently override the other.
     *
     * @param pattern a pattern as {@link #normalizePattern} returns it
     */
    public static String matchKey(String pattern) {
        return AsciiCase.fold(pattern);
    }

    public List<Location> locations() {
        return locations;
    }

    public boolean isEmpty() {
        return locations.isEmpty();
    }

    /**
     * The location covering the path, or null. The path is matched as the container gave it and,
     * when certmap's own normalization changes it, also normalized; the stricter of the two wins.
     * Normalization alone must never reduce coverage: Tomcat strips path parameters before it
     * decodes, so a decoded {@code /secure/..;/page} (sent as {@code ..%3B}) is served by the
     * servlet at {@code /secure/*}, while resolving its {@code ..} would point elsewhere.
     */
    public Location match(String path) {
        if (locations.isEmpty()) {
            return null;
        }
        String raw = path == null || path.isEmpty() ? "/" : path;
        String normalized = PathNormalizer.normalize(raw);
        Location asGiven = lookup(AsciiCase.fold(raw));
        if (normalized.equals(raw)) {
            return asGiven;
        }
        return stricter(asGiven, lookup(AsciiCase.fold(normalized)));
    }

    private Location lookup(String p) {
        Location l = exact.get(p);
        if (l != null) {
            return l;
        }
        if (!prefix.isEmpty()) {
            String candidate = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            while (true) {
                l = prefix.get(candidate);
                if (l != null) {
                    return l;
                }
                int slash = candidate.lastIndexOf('/');
                if (slash < 0) {
                    break;
                }
                candidate = candidate.substring(0, slash);
            }
        }
        if (!extension.isEmpty()) {
            int slash = p.lastIndexOf('/');
            int dot = p.lastIndexOf('.');
            if (dot > slash) {
                return extension.get(p.substring(dot + 1));
            }
        }
        return null;
    }

    /** The location that asks more: a certificate over none, required over accepted, roles, then TLS. */
    static Location stricter(Location a, Location b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int byRequirement = a.requirement().compareTo(b.requirement());
        if (byRequirement != 0) {
            return byRequirement > 0 ? a : b;
        }
        if (a.roles().isEmpty() != b.roles().isEmpty()) {
            return a.roles().isEmpty() ? b : a;
        }
        if (a.sslRequired() != b.sslRequired()) {
            return a.sslRequired() ? a : b;
        }
        return a;
    }

    /**
     * Normalizes a location's {@code path} attribute: {@code /dir/*}, exact {@code /a/b.jsp},
     * {@code *.ext}, and IIS-style {@code dir} or {@code dir/sub} meaning {@code /dir/*}.
     *
     * @throws IllegalArgumentException for patterns a servlet container would not accept
     */
    public static String normalizePattern(String raw) {
        String p = raw.trim();
        if (p.isEmpty() || p.equals("/") || p.equals("/*") || p.equals("*")) {
            return "/*";
        }
        if (p.startsWith("*.")) {
            if (p.length() == 2 || p.indexOf('/') >= 0 || p.indexOf('*', 1) >= 0) {
                throw new IllegalArgumentException("bad extension pattern '" + raw + "': write *.ext");
            }
            return p;
        }
        if (!p.startsWith("/")) {
            // IIS location paths are directories relative to the site root.
            p = "/" + (p.endsWith("/*") ? p.substring(0, p.length() - 2) : p);
            p = stripTrailingSlash(p) + "/*";
        }
        int star = p.indexOf('*');
        if (star >= 0 && !(star == p.length() - 1 && p.endsWith("/*"))) {
            throw new IllegalArgumentException("bad path '" + raw
                    + "': '*' is only allowed as /dir/* or *.ext (servlet url-pattern rules)");
        }
        if (p.endsWith("/*")) {
            String dir = stripTrailingSlash(PathNormalizer.normalize(p.substring(0, p.length() - 2)));
            return dir + "/*";
        }
        return PathNormalizer.normalize(p);
    }

    private static String stripTrailingSlash(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
