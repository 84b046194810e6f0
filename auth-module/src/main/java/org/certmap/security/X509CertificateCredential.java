package org.certmap.security;

import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.security.enterprise.credential.Credential;
import jakarta.servlet.http.HttpServletRequest;

import org.certmap.engine.Decision;
import org.certmap.servlet.ServletCertmapRequest;

/**
 * The client certificate of one HTTP request, as a Jakarta Security {@link Credential}.
 *
 * <p>It carries the request rather than only the certificate, because certmap decides per request:
 * the path selects the {@code <location>}, a trusted proxy's header may carry the certificate
 * instead of the TLS connection, and a security constraint makes authentication mandatory.
 *
 * <p>A {@code CredentialValidationResult} has no room for a reason, so the identity store that
 * decides records its {@link Decision} here, and the mechanism that made this credential reads it
 * back: the refusal reason reaches the response without a ThreadLocal or a shared class. A
 * credential lives for one request only.
 */
public final class X509CertificateCredential implements Credential {

    private final HttpServletRequest request;
    private final boolean authenticationMandatory;
    private volatile Decision decision;

    public X509CertificateCredential(HttpServletRequest request, boolean authenticationMandatory) {
        this.request = request;
        this.authenticationMandatory = authenticationMandatory;
    }

    /** The request the certificate came with. */
    public HttpServletRequest request() {
        return request;
    }

    /** Whether a security constraint requires authentication for this request. */
    public boolean authenticationMandatory() {
        return authenticationMandatory;
    }

    /** The TLS client certificate chain, leaf first; empty when none was sent over TLS. */
    public List<X509Certificate> certificates() {
        return new ServletCertmapRequest(request).tlsCertificates();
    }

    /** The decision the certmap identity store made for this credential; null until one did. */
    public Decision decision() {
        return decision;
    }

    /** Records the store's decision (called by {@link CertificateMappingIdentityStore}). */
    public void record(Decision decision) {
        this.decision = decision;
    }
}
