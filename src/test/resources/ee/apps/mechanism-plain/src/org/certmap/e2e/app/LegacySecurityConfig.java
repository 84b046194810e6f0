package org.certmap.e2e.app;

import jakarta.enterprise.context.ApplicationScoped;

import org.certmap.security.CertificateMappingMechanismDefinition;

/**
 * The mechanism in an application with no web.xml (the "mechanism-plain" layer): only
 * {@code <location>}s decide, and the roles reach isUserInRole because certmap declares them.
 */
@CertificateMappingMechanismDefinition(configFile = "/WEB-INF/certmap.xml")
@ApplicationScoped
public class LegacySecurityConfig {
}
