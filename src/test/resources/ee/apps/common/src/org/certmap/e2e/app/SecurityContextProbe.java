package org.certmap.e2e.app;

/**
 * What Jakarta Security's SecurityContext says, where the application has one (the mechanism
 * WARs); "n/a" elsewhere. Reflection keeps the SAM WARs free of CDI and Jakarta Security classes.
 */
final class SecurityContextProbe {

    private SecurityContextProbe() {
    }

    static String describe() {
        try {
            Class<?> probe = Class.forName("org.certmap.e2e.app.SecurityContextReader");
            return (String) probe.getMethod("read").invoke(null);
        } catch (ClassNotFoundException e) {
            return "n/a";
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable t = e.getCause() != null ? e.getCause() : e;
            return "error:" + t.getClass().getSimpleName();
        }
    }
}
