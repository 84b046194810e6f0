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
     * path parameters removed (Tomcat: the decoded request URI without the context path; Servlet:
     * servlet path + path info). Locations are matched against it.
     */
    String path();

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
