package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a front door tells the engine about one request. The engine knows no servlet or Tomcat
 * class: the valve, the ServerAuthModule and the mechanism each adapt their request to this.
 */
public interface CertmapRequest {

    /**
     * The path inside the web application that the container will serve: decoded, normalized,
     * path parameters removed. Every front door gives {@link #servedPath}. Locations are matched
     * against it.
     */
    String path();

    /**
     * The path a servlet container serves, as every front door and dispatch check reads it:
     * servlet path + path info, which the container computes from the decoded, normalized URI with
     * path parameters removed (so {@code /a/..;/secure/x}, {@code /%73ecure/x} and
     * {@code //secure/x} all arrive as {@code /secure/x}); {@code /} for the context root. Not the
     * request URI: that is still encoded, and a location matched against it could be walked around.
     * An encoded {@code ;} ({@code %3B}) survives as a literal character; the location matcher
     * handles that.
     *
     * @param servletPath {@code getServletPath()} (or a dispatch's {@code jakarta.servlet.*.servlet_path})
     * @param pathInfo    {@code getPathInfo()}, or null
     */
    static String servedPath(String servletPath, String pathInfo) {
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /** Whether the request came over TLS to this server. */
    boolean secure();

    /**
     * The TCP peer's address. The valve passes {@code getPeerAddr()}; the portable front doors
     * only have {@code getRemoteAddr()}, which RemoteIpValve/RemoteIpFilter may rewrite.
     */
    String peerAddress();

    /** The certificate chain of the TLS handshake, leaf first; empty when none was sent. */
    List<X509Certificate> tlsCertificates();

    /**
     * Whether the connector validated {@link #tlsCertificates()} against its trust store. False
     * for an AJP connector (httpd may have used {@code optional_no_ca}) or one whose trust manager
     * defers validation to certmap: then those certificates are treated like forwarded ones and
     * need {@code <validation trustStore>}.
     */
    default boolean tlsCertificatesValidated() {
        return true;
    }

    /** Every value of the named request header, in order; empty when absent. */
    List<String> headers(String name);
}
