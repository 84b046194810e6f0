package org.certmap.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.certmap.engine.directory.DirectorySettings;
import org.certmap.engine.location.Location;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.OneToOneIndex;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.TrustedProxies;
import org.certmap.engine.revocation.RevocationSettings;
import org.certmap.engine.validation.CertificateValidator;

/**
 * A mapping file as its element readers read it: one plain record per element, with the
 * element's position, before the rules that look across elements and the build of the
 * {@link MappingConfig}. One-to-one entries are the exception: a file may hold a million, so they
 * go straight into the index (which holds one {@code OneToOneMapping} per entry anyway); a tool
 * that wants each entry as read passes a listener ({@link MappingFileLoader#load(Path, Consumer)}).
 */
final class MappingFileModel {

    /** {@code <certificateMapping>} or a pasted IIS section; {@code attributes}: the names the element sets. */
    record Root(boolean iis, boolean enabled, boolean oneToOneEnabled, boolean manyToOneEnabled, ShowReason showReason,
            boolean protectDispatches, Duration reloadInterval, Path shadowFile, Set<String> attributes, Position at) {
    }

    /** {@code <validation>}; without the element, the defaults at {@link Position#NONE}. */
    record Validation(CertificateValidator.Settings settings, boolean hasTrustStore, Position at) {
        static final Validation DEFAULTS = new Validation(CertificateValidator.Settings.defaults(), false, Position.NONE);
    }

    /** {@code <revocation>}; its CRL files are read when the configuration is built. */
    record Revocation(RevocationSettings settings, Position at) {
    }

    /** {@code <directory>}. */
    record Directory(DirectorySettings settings, Position at) {
    }

    /** {@code <proxy>}. */
    record Proxy(CertificateHeaderDecoder headerDecoder, TrustedProxies trustedProxies, Position at) {
    }

    /**
     * A many-to-one {@code <add>} with its rules, as the mapper will hold it, and what the broad
     * rule asks ({@link BroadMapping}): {@code hasIssuerRule}, a rule on the Issuer whose criteria
     * is more than {@code *}; {@code hasStarOnlyRule}, a rule whose criteria is only {@code *}.
     */
    record ManyToOne(ManyToOneMapping mapping, boolean hasIssuerRule, boolean hasStarOnlyRule, Position at) {
    }

    Root root;
    Validation validation = Validation.DEFAULTS;
    Revocation revocation;
    Directory directory;
    Proxy proxy;
    final List<Location> locations = new ArrayList<>();
    final OneToOneIndex.Builder oneToOne;
    /** One-to-one entries read so far: the next entry's usage slot. */
    int oneToOneCount;
    /** The first issuer+serialNumber entry, which the trust store rules point at; null without one. */
    Position firstIssuerSerial;
    final List<ManyToOne> manyToOne = new ArrayList<>();
    /** IIS {@code password} attributes seen (and dropped). */
    int passwords;
    /** Every role a roles attribute names (one-to-one, many-to-one, location), in file order. */
    final Set<String> roleNames = new LinkedHashSet<>();
    private final Map<Set<String>, Set<String>> roleSets = new HashMap<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> notices = new ArrayList<>();

    /**
     * @param expectedOneToOne a guess of the number of one-to-one entries, so that the index is
     *                         allocated once rather than grown and rehashed while a big file loads
     */
    MappingFileModel(int expectedOneToOne) {
        this.oneToOne = OneToOneIndex.builder(expectedOneToOne);
    }

    /** A {@code roles} value as a set, one instance per distinct set (a million entries share a few). */
    Set<String> roles(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> listed = Values.list(value);
        roleNames.addAll(listed);
        return roleSets.computeIfAbsent(Set.copyOf(listed), s -> s);
    }

    boolean hasTrustStore() {
        return validation.hasTrustStore();
    }
}
