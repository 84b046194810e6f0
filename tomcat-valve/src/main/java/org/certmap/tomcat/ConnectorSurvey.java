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
 * @param name          the context's name in log lines
 * @param deferring     connectors whose trust manager is {@link DeferredValidationTrustManager}
 * @param hosts         every SSLHostConfig of the HTTPS connectors serving the context
 * @param sslValves     the containers (context and parents) that have an SSLValve
 */
record ConnectorSurvey(String name, Set<Connector> renegotiating, Set<Connector> deferring,
        List<ConnectorSurvey.Host> hosts, List<String> sslValves) {

    static final String SSL_VALVE = "org.apache.catalina.valves.SSLValve";

    /** One SSLHostConfig of an HTTPS connector serving the context, as the scan found it. */
    record Host(Connector connector, String hostName, CertificateVerification verification) {
    }

    /**
     * The one scan of the connectors that serve this context (issue 13: it was done three times):
     * which renegotiate ({@code certificateVerification="none"}), which defer validation to
     * certmap, and every SSLHostConfig for the warnings that need the loaded file ({@link #warnings(MappingConfig)}).
     */
    static ConnectorSurvey scan(Context context) {
        Set<Connector> renegotiating = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Connector> deferring = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Host> hosts = new ArrayList<>();
        for (Connector c : connectors(context)) {
            SSLHostConfig[] configs = c.findSslHostConfigs();
            if (!Boolean.TRUE.equals(c.getProperty("SSLEnabled")) || configs == null || configs.length == 0) {
                continue;
            }
            for (SSLHostConfig h : configs) {
                if (DeferredValidationTrustManager.class.getName().equals(h.getTrustManagerClassName())) {
                    deferring.add(c);
                }
                CertificateVerification v = h.getCertificateVerification();
                if (v == CertificateVerification.NONE) {
                    renegotiating.add(c);
                }
                hosts.add(new Host(c, h.getHostName(), v));
            }
        }
        List<String> sslValves = new ArrayList<>();
        for (Container k = context; k != null; k = k.getParent()) {
            for (Valve v : k.getPipeline().getValves()) {
                if (SSL_VALVE.equals(v.getClass().getName())) {
                    sslValves.add(k.getName());
                }
            }
        }
        return new ConnectorSurvey(contextName(context), renegotiating, deferring, List.copyOf(hosts),
                List.copyOf(sslValves));
    }

    /** The start-up warnings for this survey and the loaded mapping file. */
    List<String> warnings(MappingConfig config) {
        List<String> warnings = new ArrayList<>();
        Set<Connector> warnedNone = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Host h : hosts) {
            if (h.verification() == CertificateVerification.NONE) {
                if (warnedNone.add(h.connector())) {
                    warnings.add(Strings.get("valve.connector.none", name, h.connector().toString(), h.hostName()));
                }
            } else if (h.verification() == CertificateVerification.REQUIRED && leavesPathsOpen(config)) {
                warnings.add(Strings.get("valve.connector.required", name, h.connector().toString(), h.hostName()));
            }
        }
        for (String container : sslValves) {
            warnings.add(Strings.get("valve.sslValve", name, container));
        }
        return warnings;
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
