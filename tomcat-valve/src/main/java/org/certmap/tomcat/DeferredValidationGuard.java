package org.certmap.tomcat;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.catalina.Container;
import org.apache.catalina.ContainerEvent;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Makes sure that {@link DeferredValidationTrustManager} never weakens a context silently: every
 * context of an engine whose connectors defer validation and which has no
 * {@link CertificateMappingValve} is named in an ERROR when it starts, including contexts that
 * start before or after the certmap context and contexts deployed later.
 */
final class DeferredValidationGuard {

    private static final Log LOG = LogFactory.getLog(CertificateMappingValve.class);
    private static final Set<Engine> WATCHED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private DeferredValidationGuard() {
    }

    /** Watches every context of the engine serving {@code context} (once per engine). */
    static void watch(Context context) {
        Container host = context.getParent();
        if (host == null || !(host.getParent() instanceof Engine engine) || !WATCHED.add(engine)) {
            return;
        }
        for (Container h : engine.findChildren()) {
            watchHost(h);
        }
        engine.addContainerListener(event -> {
            if (Container.ADD_CHILD_EVENT.equals(event.getType()) && event.getData() instanceof Container h) {
                watchHost(h);
            }
        });
    }

    private static void watchHost(Container host) {
        for (Container c : host.findChildren()) {
            watchContext(c);
        }
        host.addContainerListener((ContainerEvent event) -> {
            if (Container.ADD_CHILD_EVENT.equals(event.getType()) && event.getData() instanceof Container c) {
                watchContext(c);
            }
        });
    }

    private static void watchContext(Container c) {
        if (!(c instanceof Context context)) {
            return;
        }
        context.addLifecycleListener(event -> {
            if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                check(context);
            }
        });
        if (context.getState().isAvailable()) {
            check(context);
        }
    }

    /** Logs the ERROR when a context on a deferring connector has no certmap valve; true when it did. */
    static boolean check(Context context) {
        if (hasCertmapValve(context)) {
            return false;
        }
        boolean reported = false;
        for (Connector connector : ConnectorSurvey.connectors(context)) {
            if (defers(connector)) {
                LOG.error(Strings.get("guard.unprotectedContext", ConnectorSurvey.contextName(context),
                        connector.toString()));
                reported = true;
            }
        }
        return reported;
    }

    static boolean defers(Connector connector) {
        for (var h : connector.findSslHostConfigs()) {
            if (DeferredValidationTrustManager.class.getName().equals(h.getTrustManagerClassName())) {
                return true;
            }
        }
        return false;
    }

    static boolean hasCertmapValve(Context context) {
        for (Valve v : context.getPipeline().getValves()) {
            if (CertificateMappingValve.class.getName().equals(v.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
