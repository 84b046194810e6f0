package org.certmap.servlet;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.certmap.engine.CertmapRequest;

/**
 * The engine's view of a servlet request, for the portable front doors.
 *
 * <p>The path is servlet path + path info: what the container decoded, normalized and will serve
 * (so {@code /secure/..;/x}, {@code %2e} and friends are judged as the servlet sees them).
 *
 * <p>The peer address is {@code getRemoteAddr()}: the portable APIs have nothing closer to the TCP
 * peer. Tomcat's RemoteIpValve and RemoteIpFilter rewrite it from {@code X-Forwarded-For}, which
 * would let any client claim to be a trusted proxy: never combine them with certmap's
 * {@code <proxy trustedProxies>}.
 */
public final class ServletCertmapRequest implements CertmapRequest {

    /** The Servlet specification's attribute for the TLS client certificate chain. */
    public static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final HttpServletRequest request;

    public ServletCertmapRequest(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String path() {
        return CertmapRequest.servedPath(request.getServletPath(), request.getPathInfo());
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }

    @Override
    public String peerAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public List<X509Certificate> tlsCertificates() {
        Object chain = request.getAttribute(CERTIFICATES_ATTRIBUTE);
        if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
            return List.of(certificates);
        }
        return List.of();
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }
}
