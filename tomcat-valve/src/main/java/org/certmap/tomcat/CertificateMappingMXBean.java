package org.certmap.tomcat;

import java.util.Map;

/**
 * certmap's numbers for one context, in JMX as
 * {@code <domain>:type=CertificateMapping,context=<path>,host=<host>} (an MXBean, so jconsole and
 * any JMX client read it without certmap's classes).
 */
public interface CertificateMappingMXBean {

    /** The mapping file in use (after resolving {@code /WEB-INF/} and {@code ${...}}). */
    String getConfigFile();

    /** 1 for the first load, +1 for each applied reload. */
    long getGeneration();

    /** The last failed reload's message (file:line:column: problem), or null after a good load. */
    String getLastReloadError();

    /** Requests logged in since start. */
    long getAuthenticatedCount();

    /** Refusals since start, per reason name (every reason present, zeros included). */
    Map<String, Long> getRefusalCounts();

    /** Checks the mapping file now instead of waiting for the next poll; true when a new snapshot was applied. */
    boolean reloadIfChanged();
}
