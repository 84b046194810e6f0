package org.certmap.servlet;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Minimal servlet objects for pure-logic tests (the real thing runs in src/test e2e/ee). */
public final class Fakes {

    private Fakes() {
    }

    /** A request for {@code path} (as servlet path) with attributes kept in {@code attributes}. */
    public static HttpServletRequest request(String path, X509Certificate[] chain, Map<String, Object> attributes,
            ServletContext context) {
        if (chain != null) {
            attributes.put(ServletCertmapRequest.CERTIFICATES_ATTRIBUTE, chain);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getServletPath" -> path;
                    case "getPathInfo" -> null;
                    case "isSecure" -> true;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getHeaders" -> Collections.emptyEnumeration();
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "getServletContext" -> context;
                    case "getContextPath", "getRequestURI" -> "/app";
                    default -> null;
                });
    }

    /** A response that records sendError's status and message in {@code sent}. */
    public static HttpServletResponse response(Map<String, Object> sent) {
        return (HttpServletResponse) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "sendError" -> {
                            sent.put("status", a[0]);
                            sent.put("message", a.length > 1 ? a[1] : null);
                            return null;
                        }
                        case "isCommitted" -> {
                            return false;
                        }
                        default -> {
                            return null;
                        }
                    }
                });
    }

    /** A context whose {@code getRealPath} maps under {@code root}, with attributes. */
    public static ServletContext context(java.nio.file.Path root) {
        Map<String, Object> attributes = new HashMap<>();
        return (ServletContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRealPath" -> root == null ? null : root.resolve(((String) a[0]).substring(1)).toString();
                    case "getContextPath" -> "/app";
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
    }
}
