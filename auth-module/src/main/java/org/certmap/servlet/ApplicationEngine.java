package org.certmap.servlet;

import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.certmap.engine.CertmapEngine;
import org.certmap.engine.MappingFileLocation;
import org.certmap.engine.base.ConfigException;

/**
 * The engine of one web application, kept in a servlet context attribute from start to stop, so
 * that the ServerAuthModule and the Jakarta Security identity store (which the server creates,
 * not certmap) reach the same snapshot and reload thread.
 */
public final class ApplicationEngine {

    /** Context attribute holding this application's {@link CertmapEngine}. */
    public static final String ATTRIBUTE = "org.certmap.engine";

    static final Logger LOG = Logger.getLogger("org.certmap");

    private ApplicationEngine() {
    }

    /**
     * Loads the mapping file named by {@code configFile} for {@code context}, keeps the engine in
     * the context, declares the roles the file names ({@link DeclaredRoles}: call this while the
     * application starts, from a ServletContainerInitializer), and closes the engine when the
     * context is destroyed.
     *
     * @throws ConfigException when the file is missing or invalid: the application must not start
     */
    public static CertmapEngine start(ServletContext context, String configFile, Runnable onStop) throws ConfigException {
        Path file = MappingFileLocation.resolve(configFile, context::getRealPath);
        String name = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        DeclaredRoles roles = DeclaredRoles.of(context, name);
        CertmapEngine engine = CertmapEngine.builder(name, file).requirement(roles).start();
        roles.declareTo(context);
        context.setAttribute(ATTRIBUTE, engine);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                try {
                    if (onStop != null) {
                        onStop.run();
                    }
                } finally {
                    engine.close();
                    event.getServletContext().removeAttribute(ATTRIBUTE);
                }
            }
        });
        return engine;
    }

    /**
     * The application's engine.
     *
     * @throws IllegalStateException when certmap's initializer did not start one (fail closed)
     */
    public static CertmapEngine of(ServletContext context) {
        Object engine = context.getAttribute(ATTRIBUTE);
        if (engine instanceof CertmapEngine e) {
            return e;
        }
        throw new IllegalStateException("certmap: no mapping engine for context " + context.getContextPath()
                + ": certmap's ServletContainerInitializer did not run (is certmap-auth-module.jar in WEB-INF/lib?)");
    }
}
