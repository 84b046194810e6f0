package org.certmap.engine.config;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.certmap.engine.base.ConfigException;
import org.certmap.engine.base.Messages;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.OneToOneMapping;
import org.certmap.engine.x509.DistinguishedName;
import org.xml.sax.Attributes;

/**
 * Reads a {@code <oneToOneMappings><add>} entry straight into the index: the hot path of a big
 * file (a million entries load in about two seconds), so one pass over the attributes and no
 * record per entry unless a tool listens ({@link ReadContext#entries}).
 */
final class OneToOneReader {

    private OneToOneReader() {
    }

    static void read(ReadContext c, Attributes a) throws ConfigException {
        String user = null;
        String roleList = null;
        String enabledValue = null;
        String certificate = null;
        String certificateFile = null;
        String sha256 = null;
        String issuer = null;
        String serial = null;
        String spki = null;
        for (int i = 0, n = a.getLength(); i < n; i++) {
            // equals() in order of frequency, not a switch: the parser hands out fresh name strings,
            // and a string switch would hash every one of them.
            String name = a.getLocalName(i);
            String v = a.getValue(i);
            if (name.equals("userName")) {
                user = v;
            } else if (name.equals("sha256")) {
                sha256 = v;
            } else if (name.equals("roles")) {
                roleList = v;
            } else if (name.equals("certificate")) {
                certificate = v;
            } else if (name.equals("enabled")) {
                enabledValue = v;
            } else if (name.equals("certificateFile")) {
                certificateFile = v;
            } else if (name.equals("issuer")) {
                issuer = v;
            } else if (name.equals("serialNumber")) {
                serial = v;
            } else if (name.equals("spkiSha256")) {
                spki = v;
            } else if (name.equals("password")) {
                c.model.passwords++;
            }
            // description: tolerated
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(Messages.format("config.required", "userName"));
        }
        user = user.strip();
        Set<String> roles = c.model.roles(roleList);
        boolean on = enabledValue == null || enabledValue.equals("true");
        if (certificateFile != null) {
            certificateFile = c.expanded("certificateFile", certificateFile);
        }
        int keys = (certificate != null ? 1 : 0) + (certificateFile != null ? 1 : 0) + (sha256 != null ? 1 : 0)
                + (issuer != null || serial != null ? 1 : 0) + (spki != null ? 1 : 0);
        if (keys != 1) {
            throw keys == 0 ? c.errors.at(c.here(), "config.oneToOne.noKey", user)
                    : c.errors.at(c.here(), "config.oneToOne.keys", keys, user);
        }
        MappingFileModel model = c.model;
        int line = c.line();
        OneToOneMapping previous;
        OneToOneMapping mapping;
        byte[] digest = null;
        String issuerSerialKey = null;
        CertificateFacts facts = null;
        Path file = null;
        if (sha256 != null) {
            digest = Values.sha256Hex(sha256);
            mapping = new OneToOneMapping(user, roles, on, KeyKind.SHA256, line, model.oneToOneCount);
            previous = model.oneToOne.putCertificateSha256(digest, mapping);
        } else if (certificate != null || certificateFile != null) {
            X509Certificate cert;
            if (certificate != null) {
                cert = certificateText(certificate);
            } else {
                file = c.files.resolve(certificateFile);
                cert = c.files.certificateFile(c.here(), file);
            }
            facts = new CertificateFacts(cert);
            digest = facts.sha256();
            mapping = new OneToOneMapping(user, roles, on, certificate != null ? KeyKind.CERTIFICATE : KeyKind.CERTIFICATE_FILE,
                    line, model.oneToOneCount);
            previous = model.oneToOne.putCertificateSha256(digest, mapping);
        } else if (spki != null) {
            digest = Values.spkiSha256(spki);
            mapping = new OneToOneMapping(user, roles, on, KeyKind.SPKI_SHA256, line, model.oneToOneCount);
            previous = model.oneToOne.putSpkiSha256(digest, mapping);
        } else {
            if (issuer == null || serial == null) {
                throw c.errors.at(c.here(), "config.oneToOne.issuerWithoutSerial");
            }
            DistinguishedName dn = DistinguishedName.parse(issuer);
            BigInteger sn = Values.serial(serial);
            if (model.firstIssuerSerial == null) {
                model.firstIssuerSerial = c.here();
            }
            issuerSerialKey = CertificateFacts.issuerSerialKey(dn.canonical(), sn);
            mapping = new OneToOneMapping(user, roles, on, KeyKind.ISSUER_SERIAL, line, model.oneToOneCount);
            previous = model.oneToOne.putIssuerSerial(issuerSerialKey, mapping);
        }
        if (previous != null) {
            throw c.rules.duplicateKey(previous, c.here());
        }
        model.oneToOneCount++;
        if (c.entries != null) {
            c.entries.accept(new OneToOneEntry(mapping, c.column(), List.copyOf(Values.list(roleList)), digest,
                    issuerSerialKey, facts, file));
        }
    }

    private static X509Certificate certificateText(String text) {
        try {
            return CertificateReader.fromText(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.format("config.oneToOne.certificate", e.getMessage()), e);
        }
    }
}
