package org.certmap.tomcat;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.apache.catalina.connector.Request;
import org.apache.coyote.ActionCode;
import org.certmap.engine.CertmapRequest;

/**
 * One Tomcat request as the engine sees it.
 *
 * <p>The certificate is read from the connector (the coyote request), not from the servlet
 * request attribute: a valve such as Tomcat's {@code SSLValve} writes that attribute from a request
 * header for any peer, and certmap must never take a header for a TLS certificate. Forwarded
 * certificates come only through the mapping file's {@code <proxy>}, from trusted peers.
 */
final class TomcatCertmapRequest implements CertmapRequest {

    /** The coyote attribute Tomcat's JSSE and AJP support fill with the peer's chain. */
    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Request request;
    private final boolean renegotiate;
    private final boolean validated;
    private List<X509Certificate> certificates;

    /**
     * @param renegotiate whether to ask the client for a certificate after the handshake when it
     *                    sent none (only for connectors with {@code certificateVerification="none"},
     *                    which never asked in the handshake; TLS 1.3 and HTTP/2 refuse it)
     * @param validated   whether the connector validated the client certificates itself (false for
     *                    AJP, where httpd may not have, and for the deferred-validation trust manager)
     */
    TomcatCertmapRequest(Request request, boolean renegotiate, boolean validated) {
        this.request = request;
        this.renegotiate = renegotiate;
        this.validated = validated;
    }

    @Override
    public boolean tlsCertificatesValidated() {
        return validated;
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
        return request.getPeerAddr();
    }

    @Override
    public List<X509Certificate> tlsCertificates() {
        if (certificates == null) {
            certificates = readCertificates();
        }
        return certificates;
    }

    private List<X509Certificate> readCertificates() {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        Object value = coyote.getAttribute(CERTIFICATES);
        if (value == null && request.isSecure()) {
            X509Certificate[] direct = SslChainReader.chain(coyote);
            if (direct != null && direct.length > 0) {
                return List.of(direct);
            }
        }
        if (value == null) {
            coyote.action(ActionCode.REQ_SSL_ATTRIBUTE, coyote);
            value = coyote.getAttribute(CERTIFICATES);
        }
        if (value == null && renegotiate && request.isSecure()) {
            coyote.action(ActionCode.REQ_SSL_CERTIFICATE, null);
            value = coyote.getAttribute(CERTIFICATES);
        }
        if (value instanceof X509Certificate[] chain && chain.length > 0) {
            return List.of(chain);
        }
        return List.of();
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        while (values.hasMoreElements()) {
            out.add(values.nextElement());
        }
        return out;
    }
}
