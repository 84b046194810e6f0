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

    /** The 20 most used mappings since the file was loaded: line, key or name, user, hits, last hit. */
    java.util.List<String> getTopMappings();

    /** Enabled mappings that no request used since the file was loaded (the first 100, by line). */
    java.util.List<String> getNeverHitMappings();

    /** How many enabled mappings no request used since the file was loaded. */
    long getNeverHitCount();

    /** Logins by many-to-one (name-rule, weak as KB5014754 classes them) mappings since the load. */
    long getWeakMappingHits();

    /** Logins by one-to-one (strong) mappings since the load. */
    long getStrongMappingHits();

    /** Certificates that logged someone in and expire within 30 days, the first to expire first. */
    java.util.List<String> getExpiringCertificates();

    /** {@code shadowFile}: requests whose shadow decision differs, per outcome pair ("AUTHENTICATED -> REFUSED MAPPING_DENIED"). */
    Map<String, Long> getShadowDifferences();

    /** {@code shadowFile}: differences per mapping pair ("staff -> no contractors"). */
    Map<String, Long> getShadowDifferencesByMapping();

    /** Why the shadow file does not load, or null. */
    String getShadowError();

    /** Checks the mapping file now instead of waiting for the next poll; true when a new snapshot was applied. */
    boolean reloadIfChanged();
}
