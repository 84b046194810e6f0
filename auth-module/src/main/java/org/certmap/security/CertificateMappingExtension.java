package org.certmap.security;

import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

/**
 * Adds {@link CertificateMappingMechanism} and {@link CertificateMappingIdentityStore} as
 * application-scoped beans when a bean carries {@link CertificateMappingMechanismDefinition}, and
 * only then: the JAR is not a bean archive (it holds an extension and no beans.xml), so without the
 * annotation nothing of certmap appears in CDI and the ServerAuthModule is the front door.
 *
 * <p>The beans are added as annotated types, before bean discovery, so the Jakarta Security
 * implementation sees an enabled {@code HttpAuthenticationMechanism} bean as if the application
 * had declared it.
 */
public class CertificateMappingExtension implements Extension {

    private static final Logger LOG = Logger.getLogger("org.certmap");

    private volatile Class<?> definedOn;

    <T> void findDefinition(
            @Observes @WithAnnotations(CertificateMappingMechanismDefinition.class) ProcessAnnotatedType<T> event) {
        if (event.getAnnotatedType().isAnnotationPresent(CertificateMappingMechanismDefinition.class)) {
            definedOn = event.getAnnotatedType().getJavaClass();
        }
    }

    void addBeans(@Observes AfterTypeDiscovery event) {
        if (definedOn == null) {
            return;
        }
        event.addAnnotatedType(CertificateMappingMechanism.class, CertificateMappingMechanism.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
        event.addAnnotatedType(CertificateMappingIdentityStore.class, CertificateMappingIdentityStore.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
        LOG.info("certmap: activating " + CertificateMappingMechanism.class.getName() + " and "
                + CertificateMappingIdentityStore.class.getSimpleName() + " from " + definedOn.getName());
    }
}
