package org.certmap.e2e.app;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.SecurityContext;

/** Reads the caller and roles through Jakarta Security's SecurityContext. */
public final class SecurityContextReader {

    private SecurityContextReader() {
    }

    public static String read() {
        SecurityContext sc = CDI.current().select(SecurityContext.class).get();
        return (sc.getCallerPrincipal() == null ? null : sc.getCallerPrincipal().getName())
                + ",admin:" + sc.isCallerInRole("admin") + ",staff:" + sc.isCallerInRole("staff");
    }
}
