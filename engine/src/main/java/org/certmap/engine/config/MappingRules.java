package org.certmap.engine.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.location.LocationMatcher;
import org.certmap.engine.mapping.OneToOneMapping;
import org.certmap.engine.validation.CertificateValidator;

/**
 * The checks that look across elements of a mapping file. Those that compare an element with
 * earlier ones (once only, duplicates, a parent's trust store) run as the element enters the
 * model, so that the first problem in the file is the one reported, wherever the XSD validator
 * would stop later; those about the file as a whole run when it has been read
 * ({@link #wholeFile}) and when its trust store is known ({@link #issuerKeys}, {@link #directory}).
 */
final class MappingRules {

    private final LoadErrors errors;
    private final Set<String> seenOnce = new HashSet<>();
    /** By {@link LocationMatcher#matchKey}: patterns that would cover the same requests. */
    private final Map<String, Claim> locationPaths = new HashMap<>();
    private final Map<String, Integer> mappingNames = new HashMap<>();

    private record Claim(String pattern, int line) {
    }

    MappingRules(LoadErrors errors) {
        this.errors = errors;
    }

    /** {@code <validation>}, {@code <revocation>}, {@code <directory>}, {@code <proxy>} and the two mapping lists appear once. */
    void once(String element, Position at) throws ConfigException {
        if (!seenOnce.add(element)) {
            throw errors.at(at, "config.once", element);
        }
    }

    /** An answer about a chain certmap did not build to its own anchors means nothing (DESIGN.md, "Revocation"). */
    void revocationHasTrustStore(MappingFileModel model, Position at) throws ConfigException {
        if (!model.hasTrustStore()) {
            throw errors.at(at, "config.revocation.needsTrustStore");
        }
    }

    /**
     * No two locations cover the same requests: the same pattern, or patterns that differ only
     * in ASCII case (paths match without it, so the later one would silently replace the earlier).
     */
    void locationPath(String pattern, Position at) throws ConfigException {
        String key = LocationMatcher.matchKey(pattern);
        Claim previous = locationPaths.putIfAbsent(key, new Claim(pattern, at.line()));
        if (previous != null && previous.pattern().equals(pattern)) {
            throw errors.at(at, "config.location.duplicate", pattern, previous.line());
        }
        if (previous != null) {
            throw errors.newInThisRelease(at, "config.location.differsOnlyInCase", pattern, at.line(), previous.pattern(),
                    previous.line());
        }
    }

    /**
     * One certificate maps to one user: the index tells, as it takes each one-to-one entry, which
     * entry already holds the key ({@code previous}); this is the problem to report.
     */
    ConfigException duplicateKey(OneToOneMapping previous, Position at) {
        return errors.at(at, "config.oneToOne.duplicate", previous.userName(), previous.line());
    }

    /** Many-to-one names are unique (explanations, logs and {@code certmap unmap} name them). */
    void mappingName(String name, Position at) throws ConfigException {
        Integer previous = mappingNames.putIfAbsent(name, at.line());
        if (previous != null) {
            throw errors.at(at, "config.manyToOne.duplicateName", name, previous);
        }
    }

    /**
     * Once the whole file is read: broad Allow mappings ({@link BroadMapping}; checked at the end
     * because {@code <validation>} may come later in the file), refused or, in a pasted IIS
     * section, warned about; and the IIS passwords that were dropped.
     */
    void wholeFile(MappingFileModel model) throws ConfigException {
        for (MappingFileModel.ManyToOne m : model.manyToOne) {
            BroadMapping why = BroadMapping.of(m, model.hasTrustStore());
            if (why == null) {
                continue;
            }
            if (model.root.iis()) {
                model.warnings.add(errors.warning(m.at().line(), "config.manyToOne.broad", m.mapping().name(),
                        Messages.format(why.key)));
            } else {
                throw errors.at(m.at(), "config.manyToOne.broad", m.mapping().name(), Messages.format(why.key));
            }
        }
        if (model.passwords > 0) {
            model.warnings.add(errors.warning("config.passwordsDropped", model.passwords));
        }
    }

    /**
     * issuer+serialNumber keys need the trust store, and CAs in it that one issuer name cannot
     * tell apart: an issuer name is only as good as the CA that wrote it (DESIGN.md, issuer +
     * serialNumber). Reported at the first such entry.
     */
    void issuerKeys(MappingFileModel model, CertificateValidator validator) throws ConfigException {
        Position at = model.firstIssuerSerial;
        if (at == null) {
            return;
        }
        if (!model.hasTrustStore()) {
            throw errors.newInThisRelease(at, "config.issuerSerial.needsTrustStore");
        }
        String conflict = validator.sameNameCaConflict();
        if (conflict != null) {
            throw errors.newInThisRelease(at, "config.issuerSerial.ambiguousCa", conflict);
        }
    }

    /** {@code <directory>} keys bind to issuing CAs, which only the trust store names (DESIGN.md, "Directory mappings"). */
    void directory(MappingFileModel model) throws ConfigException {
        if (model.directory != null && !model.hasTrustStore()) {
            throw errors.at(model.directory.at(), "config.directory.needsTrustStore");
        }
    }
}
