package org.certmap.engine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.directory.DirectorySettings;
import org.xml.sax.Attributes;

/**
 * Reads {@code <directory>} (DESIGN.md, "Directory mappings"): its settings, checked by
 * {@link DirectorySettings#problem}; whether the file has the trust store it needs is a rule
 * ({@link MappingRules#directory}), since {@code <validation>} may come later.
 */
final class DirectoryReader {

    private DirectoryReader() {
    }

    static MappingFileModel.Directory read(ReadContext c, Attributes a) throws ConfigException {
        List<URI> urls = new ArrayList<>();
        for (String u : ReadContext.required(a, "url").split("\\s+")) {
            try {
                urls.add(new URI(u));
            } catch (URISyntaxException e) {
                throw c.errors.at(c.here(), e, "config.directory.badUrl", u, e.getReason());
            }
        }
        List<X509Certificate> cas = null;
        String store = c.expanded(a, "trustStore");
        if (store != null) {
            cas = c.files.trustStore(c.here(), c.files.resolve(store), null, null);
        }
        String password = c.expanded(a, "bindPassword");
        String maxConnections = a.getValue("maxConnections");
        DirectorySettings settings = new DirectorySettings(urls, ReadContext.bool(a, "startTls", false), cas,
                c.expanded(a, "baseDn"), c.expanded(a, "bindDn"), password == null ? null : password.toCharArray(),
                a.getValue("lookup") == null ? null : DirectorySettings.Lookup.parse(a.getValue("lookup")),
                ReadContext.bool(a, "allowWeak", false), a.getValue("filter"), a.getValue("userNameAttribute"),
                DirectorySettings.Roles.parse(a.getValue("roles")), ReadContext.bool(a, "nestedGroups", false),
                a.getValue("timeout") == null ? null : ValidationReader.positive(a, "timeout", null),
                a.getValue("cacheTime") == null ? null : Values.duration(a.getValue("cacheTime")),
                a.getValue("staleTime") == null ? null : Values.duration(a.getValue("staleTime")),
                maxConnections == null ? DirectorySettings.DEFAULT_MAX_CONNECTIONS : Values.positiveInt(maxConnections, "maxConnections", "directory"));
        String problem = DirectorySettings.problem(settings);
        if (problem != null) {
            throw c.errors.at(c.here(), "config.directory.problem", problem);
        }
        return new MappingFileModel.Directory(settings, c.here());
    }
}
