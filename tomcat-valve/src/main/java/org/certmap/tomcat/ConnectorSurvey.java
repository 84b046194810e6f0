package org.certmap.tomcat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Service;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfig.CertificateVerification;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.location.Location;

/**
 * What the connectors serving a context mean for certmap, worked out once at start so that a
 * set-up that cannot work as configured gets one WARN naming the context and the connector (as
 * Tomcat's {@code SSLAuthenticator.startInternal} does), never one per request.
 *
 * @param renegotiating connectors that never ask for a certificate in the handshake
 *                      ({@code certificateVerification="none"}): certmap asks afterwards, as
 *                      SSLAuthenticator does, which TLS 1.3 and HTTP/2 forbid
 * @param deferring     connectors whose trust manager is {@link DeferredValidationTrustManager}
 * @param warnings      the start-up warnings, already formatted
 */
record ConnectorSurvey(Set<Connector> renegotiating, Set<Connector> deferring, List<String> warnings) {

    static final String SSL_VALVE = "org.apache.catalina.valves.SSLValve";

    /** The HTTPS connectors serving this context whose trust manager defers validation to certmap. */
    static Set<Connector> deferringConnectors(Context context) {
        Set<Connector> deferring = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Connector c : connectors(context)) {
            SSLHostConfig[] hosts = c.findSslHostConfigs();
            if (!Boolean.TRUE.equals(c.getProperty("SSLEnabled")) || hosts == null) {
                continue;
            }
            for (SSLHostConfig h : hosts) {
                if (DeferredValidationTrustManager.class.getName().equals(h.getTrustManagerClassName())) {
                    deferring.add(c);
                }
            }
        }
        return deferring;
    }

    static ConnectorSurvey of(Context context, MappingConfig config) {
        Set<Connector> renegotiating = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Connector> deferring = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> warnings = new ArrayList<>();
        String name = contextName(context);
        for (Connector c : connectors(context)) {
            SSLHostConfig[] hosts = c.findSslHostConfigs();
            if (!Boolean.TRUE.equals(c.getProperty("SSLEnabled")) || hosts == null || hosts.length == 0) {
                continue;
            }
            for (SSLHostConfig h : hosts) {
                if (DeferredValidationTrustManager.class.getName().equals(h.getTrustManagerClassName())) {
                    deferring.add(c);
                }
                CertificateVerification v = h.getCertificateVerification();
                if (v == CertificateVerification.NONE) {
                    if (renegotiating.add(c)) {
                        warnings.add(Strings.get("valve.connector.none", name, c.toString(), h.getHostName()));
                    }
                } else if (v == CertificateVerification.REQUIRED && leavesPathsOpen(config)) {
                    warnings.add(Strings.get("valve.connector.required", name, c.toString(), h.getHostName()));
                }
            }
        }
        for (Container k = context; k != null; k = k.getParent()) {
            for (Valve v : k.getPipeline().getValves()) {
                if (SSL_VALVE.equals(v.getClass().getName())) {
                    warnings.add(Strings.get("valve.sslValve", name, k.getName()));
                }
            }
        }
        return new ConnectorSurvey(renegotiating, deferring, List.copyOf(warnings));
    }

    /**
     * Whether some paths should work without a certificate: a location that only accepts one or
     * needs none, or no {@code /*} location requiring one. With {@code required} such clients
     * fail the handshake before certmap sees them.
     */
    static boolean leavesPathsOpen(MappingConfig config) {
        boolean everything = false;
        for (Location l : config.locations().locations()) {
            if (l.requirement() != Location.Requirement.REQUIRE) {
                return true;
            }
            everything |= l.pattern().equals("/*");
        }
        return !everything;
    }

    static List<Connector> connectors(Context context) {
        Container host = context.getParent();
        Container engine = host == null ? null : host.getParent();
        Service service = engine instanceof Engine e ? e.getService() : null;
        return service == null ? List.of() : List.of(service.findConnectors());
    }

    static String contextName(Context context) {
        String path = context.getPath();
        String host = context.getParent() == null ? "" : context.getParent().getName();
        return host + (path == null || path.isEmpty() ? "/" : path);
    }
}
