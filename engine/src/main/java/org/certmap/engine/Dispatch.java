package org.certmap.engine;

/**
 * The kinds of servlet dispatch that do not come from the client (the names of
 * {@code jakarta.servlet.DispatcherType} other than {@code REQUEST}), for
 * {@link CertmapEngine#decideDispatch}. The engine knows no servlet classes: a front door maps the
 * container's type by name.
 */
public enum Dispatch {
    /** {@code RequestDispatcher.forward}: refused with 403 if the response is not committed yet. */
    FORWARD("forward"),
    /** {@code RequestDispatcher.include}: a refused include includes nothing. */
    INCLUDE("include"),
    /** {@code AsyncContext.dispatch}: refused with 403 if the response is not committed yet. */
    ASYNC("async dispatch"),
    /** An error page: never refused, so that an error page inside a location renders for everyone. */
    ERROR("error dispatch");

    private final String text;

    Dispatch(String text) {
        this.text = text;
    }

    /** How log lines name it. */
    String text() {
        return text;
    }
}
