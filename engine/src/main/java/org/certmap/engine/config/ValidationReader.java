package org.certmap.engine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.revocation.RevocationSettings;
import org.certmap.engine.validation.CertificateValidator;
import org.xml.sax.Attributes;

/** Reads {@code <validation>} (its trust store is loaded here) and the {@code <revocation>} inside it. */
final class ValidationReader {

    private static final int DEFAULT_MAX_CHAIN_LENGTH = 10;

    private ValidationReader() {
    }

    static MappingFileModel.Validation validation(ReadContext c, Attributes a) throws ConfigException {
        String store = c.expanded(a, "trustStore");
        List<X509Certificate> anchors = null;
        if (store != null) {
            Path path = c.files.resolve(store);
            String password = c.expanded(a, "trustStorePassword");
            anchors = c.files.trustStore(c.here(), path, a.getValue("trustStoreType"),
                    password == null ? null : password.toCharArray());
        } else if (a.getValue("trustStorePassword") != null || a.getValue("trustStoreType") != null) {
            throw c.errors.at(c.here(), "config.validation.passwordWithoutStore");
        }
        String max = a.getValue("maxChainLength");
        String minRsa = a.getValue("minRsaKeySize");
        CertificateValidator.Settings settings = new CertificateValidator.Settings(anchors,
                ReadContext.bool(a, "checkValidity", true), ReadContext.bool(a, "requireClientAuthEku", true),
                ReadContext.bool(a, "requireDigitalSignature", true),
                max == null ? DEFAULT_MAX_CHAIN_LENGTH : Values.positiveInt(max, "maxChainLength", "validation"),
                minRsa == null ? CertificateValidator.Settings.DEFAULT_MIN_RSA_KEY_SIZE : Values.positiveInt(minRsa, "minRsaKeySize", "validation"));
        return new MappingFileModel.Validation(settings, store != null, c.here());
    }

    /**
     * {@code <revocation>}: its settings, checked here (DESIGN.md, "Revocation"); the CRL files are
     * read and verified against the trust store's CAs when the configuration is built.
     */
    static MappingFileModel.Revocation revocation(ReadContext c, Attributes a) throws ConfigException {
        List<Path> crlFiles = new ArrayList<>();
        String files = c.expanded(a, "crlFiles");
        if (files != null) {
            for (String name : files.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    Path path = c.files.resolve(name);
                    crlFiles.add(path);
                    c.files.watch(path);
                }
            }
        }
        boolean distributionPoints = ReadContext.bool(a, "crlDistributionPoints", false);
        boolean ocsp = ReadContext.bool(a, "ocsp", false);
        if (crlFiles.isEmpty() && !distributionPoints && !ocsp) {
            throw c.errors.at(c.here(), "config.revocation.noSource");
        }
        URI responder = null;
        String url = c.expanded(a, "ocspResponder");
        if (url != null) {
            responder = httpUrl(c, "ocspResponder", url);
            if (!ocsp) {
                throw c.errors.at(c.here(), "config.revocation.responderWithoutOcsp", "ocspResponder");
            }
        }
        X509Certificate responderCertificate = null;
        String certificate = c.expanded(a, "ocspResponderCertificate");
        if (certificate != null) {
            if (!ocsp) {
                throw c.errors.at(c.here(), "config.revocation.responderWithoutOcsp", "ocspResponderCertificate");
            }
            responderCertificate = c.files.responderCertificate(c.here(), c.files.resolve(certificate));
        }
        RevocationSettings settings = new RevocationSettings(crlFiles, distributionPoints, ocsp, responder,
                responderCertificate, !"crl".equals(a.getValue("prefer")), "leaf".equals(a.getValue("scope")),
                "allow".equals(a.getValue("onUnknown")),
                positive(a, "timeout", RevocationSettings.DEFAULT_TIMEOUT),
                a.getValue("maxResponseBytes") == null ? RevocationSettings.DEFAULT_MAX_RESPONSE_BYTES
                        : Values.size(a.getValue("maxResponseBytes")),
                positive(a, "cacheTime", RevocationSettings.DEFAULT_CACHE_TIME),
                a.getValue("clockSkew") == null ? RevocationSettings.DEFAULT_CLOCK_SKEW
                        : Values.duration(a.getValue("clockSkew")));
        return new MappingFileModel.Revocation(settings, c.here());
    }

    /** A duration attribute that must be longer than zero ({@code timeout}, {@code cacheTime}). */
    static Duration positive(Attributes a, String name, Duration def) {
        String v = a.getValue(name);
        if (v == null) {
            return def;
        }
        Duration d = Values.duration(v);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(Messages.format("config.revocation.notPositive", name, v));
        }
        return d;
    }

    private static URI httpUrl(ReadContext c, String name, String value) throws ConfigException {
        try {
            URI u = new URI(value.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw c.errors.at(c.here(), "config.revocation.badUrl", name, value);
    }
}
