package org.certmap.e2e.app;

import jakarta.enterprise.context.ApplicationScoped;

import org.certmap.security.CertificateMappingMechanismDefinition;

/** The one line that turns certmap's Jakarta Security mechanism on (docs/ee-servers.md). */
@CertificateMappingMechanismDefinition(configFile = "/WEB-INF/certmap.xml")
@ApplicationScoped
public class SecurityConfig {
}
