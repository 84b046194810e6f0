package org.certmap.engine.location;

/**
 * A second line of defence for invariant 2 (no protected content served whatever the spelling of
 * its path): removes path parameters ({@code ;jsessionid=...}, {@code ..;/}), collapses {@code //}
 * and resolves {@code .} and {@code ..} segments. Front doors pass the container's decoded,
 * normalized path; this makes a less careful caller fail safe instead of open.
 */
final class PathNormalizer {

    private PathNormalizer() {
    }

    static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        boolean simple = path.charAt(0) == '/' && path.indexOf(';') < 0 && path.indexOf("//") < 0
                && path.indexOf("/.") < 0 && path.indexOf('\\') < 0;
        if (simple) {
            return path;
        }
        String[] segments = path.replace('\\', '/').split("/", -1);
        String[] out = new String[segments.length];
        int n = 0;
        for (String raw : segments) {
            int semi = raw.indexOf(';');
            String s = semi >= 0 ? raw.substring(0, semi) : raw;
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (n > 0) {
                    n--;
                }
                continue;
            }
            out[n++] = s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append('/').append(out[i]);
        }
        String last = segments[segments.length - 1];
        if (n > 0 && (last.isEmpty() || last.equals(".") || last.startsWith(";"))) {
            sb.append('/');
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
