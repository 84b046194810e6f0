package org.certmap.engine.config;

import java.security.cert.X509Certificate;
import java.util.List;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.directory.DirectoryServices;
import org.certmap.engine.directory.DirectoryStep;
import org.certmap.engine.location.LocationMatcher;
import org.certmap.engine.mapping.ManyToOneMapping;
import org.certmap.engine.mapping.Mapper;
import org.certmap.engine.proxy.CertificateHeaderDecoder;
import org.certmap.engine.proxy.TrustedProxies;
import org.certmap.engine.revocation.RevocationFiles;
import org.certmap.engine.revocation.RevocationNetwork;
import org.certmap.engine.revocation.RevocationServices;
import org.certmap.engine.revocation.RevocationStep;
import org.certmap.engine.validation.CertificateValidator;
import org.certmap.engine.validation.RevocationChecker;

/**
 * Builds the immutable {@link MappingConfig} from a {@link MappingFileModel} whose elements and
 * whole-file rules have passed: the revocation step (its CRL files read here), the validator, the
 * directory step and the mapper, with the rules that need the trust store's content.
 */
final class MappingConfigBuilder {

    private final ReadContext c;
    private final RevocationServices services;
    private final DirectoryServices directories;

    MappingConfigBuilder(ReadContext context, RevocationServices services, DirectoryServices directories) {
        this.c = context;
        this.services = services;
        this.directories = directories;
    }

    MappingConfig build() throws ConfigException {
        MappingFileModel m = c.model;
        CertificateValidator.Settings settings = m.validation.settings();
        RevocationStep revocationStep = m.revocation == null ? null : revocationStep(m.revocation, settings);
        CertificateValidator validator = new CertificateValidator(settings,
                revocationStep == null ? RevocationChecker.NONE : revocationStep);
        for (String w : validator.trustStoreWarnings()) {
            m.warnings.add(c.errors.line(m.validation.at().line(), w));
        }
        c.rules.issuerKeys(m, validator);
        c.rules.directory(m);
        DirectoryStep directoryStep = m.directory == null ? null
                : new DirectoryStep(directories.directory(m.directory.settings()));
        List<ManyToOneMapping> manyToOne = m.manyToOne.stream().map(MappingFileModel.ManyToOne::mapping).toList();
        MappingFileModel.Root root = m.root;
        Mapper mapper = new Mapper(root.enabled(), root.oneToOneEnabled(), root.manyToOneEnabled(), m.oneToOne.build(),
                manyToOne, directoryStep);
        TrustedProxies trustedProxies = m.proxy == null ? TrustedProxies.none() : m.proxy.trustedProxies();
        CertificateHeaderDecoder headerDecoder = m.proxy == null ? null : m.proxy.headerDecoder();
        return new MappingConfig(c.file, c.files.watched(), root.iis(), root.enabled(), root.showReason(),
                root.protectDispatches(), root.reloadInterval(), m.hasTrustStore(), validator, trustedProxies, headerDecoder,
                new LocationMatcher(m.locations), mapper, m.warnings, m.notices, revocationStep, root.shadowFile(),
                m.roleNames, root.attributes());
    }

    /**
     * The revocation step: the CRL files read and verified against the trust store's CAs, and
     * the network client the loader keeps across reloads.
     */
    private RevocationStep revocationStep(MappingFileModel.Revocation revocation, CertificateValidator.Settings settings)
            throws ConfigException {
        List<X509Certificate> cas = new CertificateValidator(settings, RevocationChecker.NONE).trustStoreCas();
        RevocationFiles files = c.files.crls(revocation.at(), revocation.settings().crlFiles(), cas, services);
        RevocationNetwork network = revocation.settings().ocsp() || revocation.settings().crlDistributionPoints()
                ? services.network(revocation.settings()) : null;
        return new RevocationStep(revocation.settings(), files, network);
    }
}
