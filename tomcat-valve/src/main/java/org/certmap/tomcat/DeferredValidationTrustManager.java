package org.certmap.tomcat;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * A trust manager for a connector dedicated to certmap: it accepts any client certificate at the
 * handshake and leaves trust, dates and key usage to certmap, so that users get a 403 page with a
 * reason ({@code CERTIFICATE_EXPIRED}, {@code CERTIFICATE_USAGE}, {@code CERTIFICATE_UNTRUSTED})
 * instead of a bare TLS alert that no browser explains.
 *
 * <p>TLS still proves that the client holds the certificate's private key (the handshake's
 * CertificateVerify message); only the chain checks are deferred. Set it on an SSLHostConfig:
 * <pre>{@code <SSLHostConfig certificateVerification="optional"
 *     trustManagerClassName="org.certmap.tomcat.DeferredValidationTrustManager">}</pre>
 *
 * <p><strong>It weakens every context on that connector.</strong> A context with no
 * {@link CertificateMappingValve} would see unvalidated certificates in
 * {@code request.getAttribute("jakarta.servlet.request.X509Certificate")} and Tomcat's own
 * CLIENT-CERT login would accept them. Hence: use it only on a connector dedicated to certmap
 * contexts; a certmap context on it must have {@code <validation trustStore>} (it fails to start
 * otherwise, and refuses every certificate if a reload drops the trust store); and every other
 * context served by that connector is named in an ERROR at its start.
 *
 * <p>{@link #getAcceptedIssuers()} is empty, so the server's CertificateRequest names no CA and
 * clients may offer any certificate they have.
 */
public final class DeferredValidationTrustManager extends X509ExtendedTrustManager {

    private static final Log LOG = LogFactory.getLog(DeferredValidationTrustManager.class);
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static final X509Certificate[] NONE = new X509Certificate[0];

    /** Tomcat creates it by its no-argument constructor ({@code trustManagerClassName}). */
    public DeferredValidationTrustManager() {
        if (ANNOUNCED.compareAndSet(false, true)) {
            LOG.warn(Strings.get("trustManager.inUse"));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw serverSide();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw serverSide();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw serverSide();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }

    private static void requireChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }

    private static CertificateException serverSide() {
        return new CertificateException(
                "DeferredValidationTrustManager only accepts client certificates; it never trusts a server");
    }
}
