package org.certmap.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns on certmap's Jakarta Security {@link CertificateMappingMechanism} and
 * {@link CertificateMappingIdentityStore} for this application, like
 * {@code @BasicAuthenticationMechanismDefinition}. Put it on one CDI bean:
 *
 * <pre>{@code
 * @CertificateMappingMechanismDefinition(configFile = "/WEB-INF/certmap.xml")
 * @ApplicationScoped
 * public class SecurityConfig { }
 * }</pre>
 *
 * With it, the application's ServerAuthModule is not registered: one front door per application.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CertificateMappingMechanismDefinition {

    /**
     * The mapping file: a value starting with {@code /WEB-INF/} is a resource of the application;
     * any other value is a file path, absolute or relative to {@code catalina.base} where set, else
     * the working directory. {@code ${name}} (system property) and {@code ${env:NAME}} expand.
     */
    String configFile() default "/WEB-INF/certmap.xml";
}
