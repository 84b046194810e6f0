package org.certmap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.certmap.engine.config.CertificateReader;
import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.PropertyExpander;
import org.certmap.engine.config.Values;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.OneToOneMapping;

/**
 * What {@code certmap check} lists about one-to-one entries, read in one streaming pass over a
 * file the engine has already loaded (so it is known to be valid): counts per key kind, the roles
 * they give, the first entries for display, and overlaps: an entry whose certificate is also
 * matched by another entry's issuer+serial or public key. Overlaps between keys that do not carry
 * the certificate ({@code sha256} with {@code issuer}/{@code spkiSha256}) cannot be known without it.
 */
final class MappingInventory {

    /** One one-to-one entry as listed. */
    record Entry(int line, String user, KeyKind kind, String roles, boolean enabled) {
    }

    final Map<KeyKind, Integer> counts = new EnumMap<>(KeyKind.class);
    final List<Entry> listed = new ArrayList<>();
    final Set<String> roles = new HashSet<>();
    final List<String> overlaps = new ArrayList<>();
    int disabled;
    int total;

    static MappingInventory read(MappingConfig cfg, int listLimit, PrintWriter err, boolean interactive)
            throws IOException {
        return read(cfg, PropertyExpander.standard(), listLimit, err, interactive);
    }

    /** As above, with the expander the file was loaded with (so {@code ${catalina.base}} means the same). */
    static MappingInventory read(MappingConfig cfg, PropertyExpander expander, int listLimit, PrintWriter err,
            boolean interactive) throws IOException {
        MappingInventory inv = new MappingInventory();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Path file = cfg.file();
        Path folder = file.getParent();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            List<String> stack = new ArrayList<>();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    stack.remove(stack.size() - 1);
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                stack.add(r.getLocalName());
                if (!"add".equals(r.getLocalName()) || !"oneToOneMappings".equals(parent)) {
                    continue;
                }
                inv.entry(r, cfg, folder, expander, listLimit);
                if (interactive && inv.total % 100_000 == 0) {
                    Terminal.progress(err, true, "reading one-to-one entries ... " + inv.total);
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot read " + file + " again: " + e.getMessage(), e);
        } finally {
            if (interactive && inv.total >= 100_000) {
                Terminal.progress(err, true, "");
                err.print("\r");
            }
        }
        return inv;
    }

    private void entry(XMLStreamReader r, MappingConfig cfg, Path folder, PropertyExpander expander, int listLimit) {
        int line = r.getLocation().getLineNumber();
        String user = attr(r, "userName");
        String certificate = attr(r, "certificate");
        String certificateFile = attr(r, "certificateFile");
        KeyKind kind = certificate != null ? KeyKind.CERTIFICATE : certificateFile != null ? KeyKind.CERTIFICATE_FILE
                : attr(r, "sha256") != null ? KeyKind.SHA256 : attr(r, "spkiSha256") != null ? KeyKind.SPKI_SHA256
                : KeyKind.ISSUER_SERIAL;
        boolean enabled = !"false".equals(attr(r, "enabled"));
        String roleList = attr(r, "roles");
        total++;
        counts.merge(kind, 1, Integer::sum);
        if (!enabled) {
            disabled++;
        }
        if (roleList != null) {
            roles.addAll(Values.list(roleList));
        }
        if (listed.size() < listLimit) {
            listed.add(new Entry(line, user, kind, roleList == null ? "" : String.join(" ", Values.list(roleList)), enabled));
        }
        if (kind != KeyKind.CERTIFICATE && kind != KeyKind.CERTIFICATE_FILE) {
            return;
        }
        X509Certificate c;
        try {
            if (certificate != null) {
                c = CertificateReader.fromText(certificate);
            } else {
                Path p = Path.of(expander.expand(certificateFile));
                c = CertificateReader.fromFile(p.isAbsolute() ? p : folder.resolve(p)).get(0);
            }
        } catch (IOException | RuntimeException e) {
            return; // the loader accepted it; a file changed since is reported by the next load
        }
        CertificateFacts facts = new CertificateFacts(c);
        // Which keys of the file would match this certificate, as if its CA were in the trust store:
        // an overlap is a property of the file, whoever signs the certificate.
        facts.issuerInTrustStore(true);
        List<OneToOneMapping> all = cfg.mapper().oneToOne().findAll(facts);
        if (all.size() > 1) {
            StringBuilder sb = new StringBuilder(cfg.file() + ":" + line + ": the certificate of user " + user
                    + " is also matched by");
            for (OneToOneMapping m : all.subList(1, all.size())) {
                sb.append(" line ").append(m.line()).append(" (user ").append(m.userName()).append(", ")
                        .append(m.kind().attribute()).append(')');
            }
            OneToOneMapping winner = all.stream().filter(OneToOneMapping::enabled).findFirst().orElse(null);
            sb.append(winner == null ? "; all are disabled" : "; the strongest enabled key wins: user " + winner.userName()
                    + " (line " + winner.line() + ")").append(". Remove the entries you do not mean.");
            overlaps.add(sb.toString());
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        return r.getAttributeValue(null, name);
    }
}
