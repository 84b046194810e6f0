package org.certmap.security;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.certmap.engine.Decision;
import org.certmap.engine.base.Reason;
import org.certmap.servlet.ApplicationEngine;
import org.certmap.servlet.DecisionResponses;
import org.certmap.servlet.DispatchFilter;
import org.certmap.servlet.MappedUserPrincipal;
import org.certmap.servlet.ServletCertmapRequest;
import org.certmap.servlet.SessionBinding;

/**
 * certmap's Jakarta Security mechanism, small and stateless like Soteria's
 * {@code BasicAuthenticationMechanism}: it wraps the request's client certificate in an
 * {@link X509CertificateCredential}, asks the {@link IdentityStoreHandler}, and ends in exactly one
 * of {@code notifyContainerAboutLogin}, a refusal (403, or 400 for {@code MALFORMED_HEADER}, through
 * {@code sendError}, then {@code SEND_FAILURE}: never 401), or {@code doNothing}.
 *
 * <p>It runs on every request and keeps nothing in the session: each request is decided afresh.
 * Enabled by {@link CertificateMappingMechanismDefinition}; the CDI extension adds it as a bean.
 *
 * <p>The {@link IdentityStoreHandler} is looked up at the first request, not injected: on GlassFish
 * 7 an injection point for it failed deployment about half the time (WELD-001408, unsatisfied
 * dependency: the server's Jakarta Security adds the handler bean in a race with this bean's
 * validation), while a lookup at request time, when every bean exists, deployed 10 times out of 10.
 */
public class CertificateMappingMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger("org.certmap");

    /** The handler, once looked up, then kept as an injected field would keep it. */
    private volatile IdentityStoreHandler identityStoreHandler;

    /** The application's handler (the server's, or an application's {@code @Alternative}), looked up once. */
    IdentityStoreHandler identityStoreHandler() {
        IdentityStoreHandler h = identityStoreHandler;
        if (h == null) {
            h = CDI.current().select(IdentityStoreHandler.class).get();
            identityStoreHandler = h;
        }
        return h;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        request.setAttribute(MechanismGuardFilter.SEEN, Boolean.TRUE);
        X509CertificateCredential credential = new X509CertificateCredential(request, context.isProtected());
        IdentityStoreHandler handler;
        try {
            handler = identityStoreHandler();
        } catch (RuntimeException e) {
            // No CDI container, or no (or two) IdentityStoreHandler beans: fail closed (500).
            throw new AuthenticationException("certmap: no IdentityStoreHandler to ask (" + e + ")", e);
        }
        CredentialValidationResult result = handler.validate(credential);
        Decision decision = credential.decision();
        if (decision != null) {
            DecisionResponses.setAttributes(request, decision);
        }
        // Only certmap's own login counts for dispatches (another store may have validated it).
        DispatchFilter.recordLogin(request, result.getStatus() == CredentialValidationResult.Status.VALID
                && decision != null && decision.isAuthenticated()
                && decision.user().equals(result.getCallerPrincipal().getName()) ? decision : null);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            SessionBinding.bind(request, result.getCallerPrincipal().getName());
            context.getMessageInfo().getMap().put("jakarta.servlet.http.authType", HttpServletRequest.CLIENT_CERT_AUTH);
            return context.notifyContainerAboutLogin(
                    new MappedUserPrincipal(result.getCallerPrincipal().getName(), result.getCallerGroups()),
                    result.getCallerGroups());
        }
        if (decision == null) {
            // certmap's store did not run (an application IdentityStoreHandler left it out). Paths
            // that no location or constraint covers stay public; anything certmap covers fails
            // closed, since nobody validated the certificate for it.
            Decision direct = ApplicationEngine.of(request.getServletContext())
                    .decide(new ServletCertmapRequest(request), context.isProtected());
            if (direct.status() == Decision.Status.NOT_COVERED || direct.status() == Decision.Status.ANONYMOUS) {
                return context.doNothing();
            }
            LOG.severe("certmap [" + request.getContextPath() + "]: no " + CertificateMappingIdentityStore.class.getSimpleName()
                    + " decided " + request.getRequestURI() + " (is certmap's identity store left out?); refusing");
            decision = direct.isRefused() ? direct : Decision.refused(Reason.CERTIFICATE_REQUIRED, null, null);
            DecisionResponses.setAttributes(request, decision);
        }
        if (decision.isRefused()) {
            try {
                DecisionResponses.refuse(response, decision,
                        ApplicationEngine.of(request.getServletContext()).showsReason(new ServletCertmapRequest(request)));
            } catch (IOException e) {
                throw new AuthenticationException(e);
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.doNothing();
    }
}
