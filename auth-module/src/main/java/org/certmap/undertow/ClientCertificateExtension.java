package org.certmap.undertow;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.security.SSLInformationAssociationHandler;

import jakarta.servlet.ServletContext;

/**
 * Makes the TLS client certificate visible to certmap's ServerAuthModule and Jakarta Security
 * mechanism on Undertow (WildFly, JBoss EAP). Undertow sets the servlet request attribute
 * {@code jakarta.servlet.request.X509Certificate} in its {@link SSLInformationAssociationHandler},
 * which it places after the security handlers: a ServerAuthModule or mechanism would see no
 * certificate and answer 403 {@code CERTIFICATE_REQUIRED} to a client that presented one. This
 * extension adds the same handler as an outer handler, which runs before security; the inner one
 * then sets the same attributes again.
 *
 * <p>Only Undertow reads {@code META-INF/services/io.undertow.servlet.ServletExtension}, and no
 * other certmap class names this one, so no other server ever loads it or needs Undertow's API.
 * It stays self-contained for that reason: it uses nothing of certmap.
 */
public final class ClientCertificateExtension implements ServletExtension {

    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        deploymentInfo.addOuterHandlerChainWrapper(new AssociateBeforeSecurity());
    }

    /** Wraps the chain (security included) in Undertow's own certificate association. */
    static final class AssociateBeforeSecurity implements HandlerWrapper {
        @Override
        public HttpHandler wrap(HttpHandler handler) {
            return new SSLInformationAssociationHandler(handler);
        }
    }
}
