package org.certmap.engine;

import java.util.function.Function;

/**
 * The kinds of servlet dispatch that do not come from the client (the names of
 * {@code jakarta.servlet.DispatcherType} other than {@code REQUEST}), for
 * {@link CertmapEngine#planDispatch}. The engine knows no servlet classes: a front door passes the
 * container's type by name ({@link #of}) and the request's attributes as a function, and the
 * engine reads the attributes the Servlet specification names (their values are part of the
 * specification, so they are written here as strings).
 */
public enum Dispatch {
    /** {@code RequestDispatcher.forward}: refused with 403 if the response is not committed yet. */
    FORWARD("forward", "jakarta.servlet.forward.request_uri"),
    /** {@code RequestDispatcher.include}: a refused include includes nothing. */
    INCLUDE("include", null),
    /** {@code AsyncContext.dispatch}: refused with 403 if the response is not committed yet. */
    ASYNC("async dispatch", "jakarta.servlet.async.request_uri"),
    /** An error page: never refused, so that an error page inside a location renders for everyone. */
    ERROR("error dispatch", null);

    /** {@code RequestDispatcher.INCLUDE_SERVLET_PATH}. */
    static final String INCLUDE_SERVLET_PATH = "jakarta.servlet.include.servlet_path";
    /** {@code RequestDispatcher.INCLUDE_PATH_INFO}. */
    static final String INCLUDE_PATH_INFO = "jakarta.servlet.include.path_info";

    private final String text;
    /** The attribute with the client's request URI ({@code FORWARD_REQUEST_URI}, {@code ASYNC_REQUEST_URI}), or null. */
    private final String originalUri;

    Dispatch(String text, String originalUri) {
        this.text = text;
        this.originalUri = originalUri;
    }

    /**
     * The dispatch a filter asks the engine about, by its {@code DispatcherType} name: FORWARD,
     * INCLUDE or ASYNC; null for REQUEST, ERROR (an error page inside a location must render), null
     * and any other name, which go on without the engine.
     */
    public static Dispatch of(String dispatcherType) {
        if (dispatcherType == null) {
            return null;
        }
        return switch (dispatcherType) {
            case "FORWARD" -> FORWARD;
            case "INCLUDE" -> INCLUDE;
            case "ASYNC" -> ASYNC;
            default -> null;
        };
    }

    /** How log lines name it. */
    String text() {
        return text;
    }

    /**
     * The dispatch target as the container will serve it ({@link CertmapRequest#servedPath}); for an
     * include, from the include attributes, since the request's own path methods still describe the
     * including page.
     */
    String target(String servletPath, String pathInfo, Function<String, Object> attributes) {
        if (this == INCLUDE) {
            return CertmapRequest.servedPath(attributes.apply(INCLUDE_SERVLET_PATH) instanceof String s ? s : null,
                    attributes.apply(INCLUDE_PATH_INFO) instanceof String p ? p : null);
        }
        return CertmapRequest.servedPath(servletPath, pathInfo);
    }

    /** The client's request URI, for the log line: the original one a forward or async dispatch keeps. */
    String from(String requestUri, Function<String, Object> attributes) {
        return originalUri != null && attributes.apply(originalUri) instanceof String s ? s : requestUri;
    }
}
