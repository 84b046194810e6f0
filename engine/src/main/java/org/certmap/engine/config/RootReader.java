package org.certmap.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.certmap.engine.base.ConfigException;
import org.xml.sax.Attributes;

/** Reads the root, {@code <certificateMapping>} or a pasted {@code <iisClientCertificateMappingAuthentication>}. */
final class RootReader {

    private static final String IIS_ROOT = "iisClientCertificateMappingAuthentication";
    /** IIS attributes certmap has no use for, ignored with one notice each. */
    private static final String[] TOLERATED = {"logonMethod", "defaultLogonDomain"};

    private RootReader() {
    }

    static MappingFileModel.Root read(ReadContext c, String name, Attributes a) throws ConfigException {
        boolean iis = name.equals(IIS_ROOT);
        boolean enabled = ReadContext.bool(a, "enabled", !iis);
        boolean oneToOne = ReadContext.bool(a, "oneToOneCertificateMappingsEnabled", true);
        boolean manyToOne = ReadContext.bool(a, "manyToOneCertificateMappingsEnabled", true);
        String show = a.getValue("showReason");
        ShowReason showReason = show == null ? ShowReason.LOCAL : ShowReason.parse(show);
        boolean protectDispatches = ReadContext.bool(a, "protectDispatches", true);
        Path shadowFile = null;
        String shadow = c.expanded(a, "shadowFile");
        if (shadow != null) {
            shadowFile = c.files.resolve(shadow.trim());
            if (shadowFile.equals(c.file)) {
                throw c.errors.at(c.here(), "config.root.shadowIsSelf");
            }
            c.files.watch(shadowFile);
        }
        Duration reloadInterval = Duration.ofSeconds(5);
        String interval = a.getValue("reloadInterval");
        if (interval != null) {
            reloadInterval = Values.duration(interval);
            if (reloadInterval.isNegative()) {
                throw c.errors.at(c.here(), "config.root.negativeReloadInterval");
            }
        }
        for (String tolerated : TOLERATED) {
            if (a.getValue(tolerated) != null) {
                c.model.notices.add(c.errors.warning(c.line(), "config.root.toleratedIisAttribute", tolerated));
            }
        }
        if (!enabled) {
            c.warn(iis && a.getValue("enabled") == null ? "config.root.disabledIisDefault" : "config.root.disabled");
        }
        Set<String> attributes = new LinkedHashSet<>();
        for (int i = 0; i < a.getLength(); i++) {
            attributes.add(a.getLocalName(i));
        }
        return new MappingFileModel.Root(iis, enabled, oneToOne, manyToOne, showReason, protectDispatches, reloadInterval,
                shadowFile, java.util.Collections.unmodifiableSet(attributes), c.here());
    }
}
