package org.certmap.jaspic;

import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.MappingFileLocation;
import org.certmap.engine.base.ConfigException;
import org.certmap.security.CertificateMappingMechanismDefinition;
import org.certmap.security.MechanismGuardFilter;
import org.certmap.servlet.ApplicationEngine;
import org.certmap.servlet.DispatchFilter;

/**
 * Turns certmap on for the one application whose {@code WEB-INF/lib} holds this JAR, in the way of
 * Soteria's {@code SamRegistrationInstaller}:
 * <ul>
 * <li>a class annotated {@link CertificateMappingMechanismDefinition}: the Jakarta Security
 * mechanism is active (its CDI extension adds the beans); the engine is started here from the
 * annotation's {@code configFile}, and no ServerAuthModule is registered; a
 * {@link MechanismGuardFilter} refuses requests the mechanism never saw (fail closed);</li>
 * <li>else the context-param {@code org.certmap.configFile}, or a {@code /WEB-INF/certmap.xml}:
 * {@link CertificateMappingServerAuthModule} is registered for this context with
 * {@code AuthConfigFactory.registerServerAuthModule} and removed when the context is destroyed;</li>
 * <li>else nothing happens.</li>
 * </ul>
 * Either way a {@link DispatchFilter} is registered for FORWARD, INCLUDE and ASYNC dispatches
 * ({@code protectDispatches}). A missing or invalid mapping file fails the application's start
 * (fail closed). Which front door is active is logged once at start.
 */
@HandlesTypes(CertificateMappingMechanismDefinition.class)
public final class CertificateMappingInitializer implements ServletContainerInitializer {

    /** The context-param naming the mapping file for the ServerAuthModule. */
    public static final String CONFIG_FILE_PARAM = "org.certmap.configFile";

    private static final Logger LOG = Logger.getLogger("org.certmap");

    /** Whether the application has the default mapping file. */
    private static boolean hasDefault(ServletContext context) {
        try {
            return context.getResource(MappingFileLocation.DEFAULT) != null;
        } catch (java.net.MalformedURLException e) {
            return false;
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        String app = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        Class<?> definedOn = annotated(classes);
        String param = context.getInitParameter(CONFIG_FILE_PARAM);
        boolean hasParam = param != null && !param.isBlank();
        try {
            if (definedOn != null) {
                String configFile = definedOn.getAnnotation(CertificateMappingMechanismDefinition.class).configFile();
                if (hasParam) {
                    LOG.warning("certmap [" + app + "]: context-param " + CONFIG_FILE_PARAM
                            + " is ignored: the Jakarta Security mechanism reads configFile from @"
                            + CertificateMappingMechanismDefinition.class.getSimpleName() + " on " + definedOn.getName());
                }
                CertmapEngine engine = ApplicationEngine.start(context, configFile, null);
                FilterRegistration.Dynamic guard = context.addFilter(MechanismGuardFilter.class.getName(),
                        new MechanismGuardFilter(definedOn.getName()));
                // Unset means "not supported" on Payara: every startAsync() of the application would fail.
                guard.setAsyncSupported(true);
                guard.addMappingForUrlPatterns(null, false, "/*");
                addDispatchFilter(context, engine, app);
                LOG.info("certmap [" + app + "]: Jakarta Security mechanism active (@"
                        + CertificateMappingMechanismDefinition.class.getSimpleName() + " on " + definedOn.getName()
                        + "), mapping file " + engine.file() + "; no ServerAuthModule registered");
                return;
            }
            String configFile;
            if (hasParam) {
                configFile = param;
            } else if (hasDefault(context)) {
                configFile = MappingFileLocation.DEFAULT;
            } else {
                LOG.fine("certmap [" + app + "]: no " + CONFIG_FILE_PARAM + " context-param, no "
                        + MappingFileLocation.DEFAULT + " and no @" + CertificateMappingMechanismDefinition.class.getSimpleName()
                        + ": certmap is not active");
                return;
            }
            CertmapEngine engine = ApplicationEngine.start(context, configFile,
                    () -> AuthConfigFactory.getFactory().removeServerAuthModule(context));
            addDispatchFilter(context, engine, app);
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            String id = factory == null ? null
                    : factory.registerServerAuthModule(new CertificateMappingServerAuthModule(engine), context);
            if (id == null) {
                // Fail closed: an application that asked for certmap must not run unprotected because
                // the server has no Jakarta Authentication or ignored the registration.
                engine.close();
                throw new ServletException("certmap [" + app + "]: the server did not accept the ServerAuthModule"
                        + " registration (no Jakarta Authentication factory, or it returned no id); the application"
                        + " does not start. Use the Tomcat valve or the Jakarta Security mechanism instead");
            }
            LOG.info("certmap [" + app + "]: ServerAuthModule " + CertificateMappingServerAuthModule.class.getSimpleName()
                    + " registered (" + id + "), mapping file " + engine.file());
        } catch (ConfigException e) {
            throw new ServletException("certmap [" + app + "]: the application does not start: " + e.getMessage(), e);
        }
    }

    /**
     * {@code protectDispatches}: the front door sees only the client's request, so a filter checks
     * the application's forwards, includes and async dispatches, before the filters of web.xml.
     * Always registered: the engine reads {@code protectDispatches} from the current mapping file.
     */
    static void addDispatchFilter(ServletContext context, CertmapEngine engine, String app) throws ServletException {
        FilterRegistration.Dynamic f = context.addFilter(DispatchFilter.NAME, new DispatchFilter(engine));
        if (f == null) {
            engine.close();
            throw new ServletException("certmap [" + app + "]: the application already has a filter named "
                    + DispatchFilter.NAME + "; the application does not start (forwards and includes into"
                    + " locations would not be protected)");
        }
        f.setAsyncSupported(true);
        f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ASYNC),
                false, "/*");
    }

    private static Class<?> annotated(Set<Class<?>> classes) {
        if (classes == null) {
            return null;
        }
        for (Class<?> c : classes) {
            if (c.isAnnotationPresent(CertificateMappingMechanismDefinition.class)) {
                return c;
            }
        }
        return null;
    }
}
