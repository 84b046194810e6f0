package org.certmap.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.certmap.engine.location.LocationMatcher;
import org.certmap.engine.mapping.Mapper;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.TrustedProxies;
import org.certmap.engine.revocation.RevocationStep;
import org.certmap.engine.validation.CertificateValidator;

/**
 * One loaded mapping file: an immutable snapshot. A reload builds a new one and swaps the
 * reference, so a request sees one whole configuration, old or new, never a mix.
 *
 * @param file          the mapping file
 * @param watchedFiles  the mapping file and every file it names, polled for changes
 * @param protectDispatches whether FORWARD, INCLUDE and ASYNC dispatches into a location that requires a
 *                      certificate need the user certmap logged in for the request (default true)
 * @param hasTrustStore whether {@code <validation trustStore>} is set (forwarded certificates need it)
 * @param headerDecoder null when there is no {@code <proxy>}
 * @param warnings      load warnings, each "file:line: text", logged once per load
 * @param notices       informational load messages (tolerated IIS attributes), logged once per load
 * @param revocation    the {@code <revocation>} step (its settings and CRL files); null when revocation is off
 * @param shadowFile    {@code shadowFile}: a candidate mapping file every request is also decided by,
 *                      without changing the answer; null without one
 * @param roleNames     every role the file names ({@code roles} of one-to-one and many-to-one
 *                      mappings and of locations), in file order: what a front door declares to a
 *                      Jakarta Authorization server so that {@code isUserInRole} sees them
 * @param rootAttributes the attributes the root element sets, by name: whether the file says a
 *                      setting or takes its default ({@code certmap check} warns of changed defaults)
 */
public record MappingConfig(Path file, List<Path> watchedFiles, boolean iisSection, boolean enabled, ShowReason showReason,
        boolean protectDispatches, Duration reloadInterval, boolean hasTrustStore, CertificateValidator validator,
        TrustedProxies trustedProxies, CertificateHeaderDecoder headerDecoder, LocationMatcher locations, Mapper mapper,
        List<String> warnings, List<String> notices, RevocationStep revocation, Path shadowFile,
        java.util.Set<String> roleNames, java.util.Set<String> rootAttributes) {

    public MappingConfig {
        watchedFiles = List.copyOf(watchedFiles);
        warnings = List.copyOf(warnings);
        notices = List.copyOf(notices);
        roleNames = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(roleNames));
        rootAttributes = java.util.Set.copyOf(rootAttributes);
    }
}
