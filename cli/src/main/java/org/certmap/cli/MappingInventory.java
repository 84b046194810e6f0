package org.certmap.cli;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.certmap.engine.config.MappingConfig;
import org.certmap.engine.config.OneToOneEntry;
import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.OneToOneMapping;

/**
 * What {@code certmap check} lists about one-to-one entries, told each entry by the engine's one
 * load of the file ({@code MappingFileLoader.load(file, inventory)}): counts per key kind, the
 * roles they give, the first entries for display, and overlaps: an entry whose certificate is
 * also matched by another entry's issuer+serial or public key. Overlaps between keys that do not
 * carry the certificate ({@code sha256} with {@code issuer}/{@code spkiSha256}) cannot be known
 * without it.
 */
final class MappingInventory implements Consumer<OneToOneEntry> {

    /** One one-to-one entry as listed. */
    record Entry(int line, String user, KeyKind kind, String roles, boolean enabled) {
    }

    /**
     * A {@code certificate} or {@code certificateFile} entry's keys, kept until the whole file is
     * read (an entry that matches it may come later), without the certificate itself.
     */
    private record Certificate(int line, String user, byte[] sha256, String issuerSerialKey, byte[] spkiSha256) {
    }

    final Map<KeyKind, Integer> counts = new EnumMap<>(KeyKind.class);
    final List<Entry> listed = new ArrayList<>();
    final Set<String> roles = new HashSet<>();
    final List<String> overlaps = new ArrayList<>();
    int disabled;
    int total;
    private final int listLimit;
    private final List<Certificate> certificates = new ArrayList<>();

    MappingInventory(int listLimit) {
        this.listLimit = listLimit;
    }

    @Override
    public void accept(OneToOneEntry e) {
        OneToOneMapping m = e.mapping();
        total++;
        counts.merge(m.kind(), 1, Integer::sum);
        if (!m.enabled()) {
            disabled++;
        }
        roles.addAll(e.roles());
        if (listed.size() < listLimit) {
            listed.add(new Entry(m.line(), m.userName(), m.kind(), String.join(" ", e.roles()), m.enabled()));
        }
        CertificateFacts facts = e.certificate();
        if (facts != null) {
            // Which keys of the file would match this certificate, as if its CA were in the trust store:
            // an overlap is a property of the file, whoever signs the certificate.
            certificates.add(new Certificate(m.line(), m.userName(), facts.sha256(), facts.issuerSerialKeyByName(),
                    facts.spkiSha256()));
        }
    }

    /** Once the file has loaded: the certificates that other entries match too. */
    void findOverlaps(MappingConfig cfg) {
        for (Certificate c : certificates) {
            List<OneToOneMapping> all = cfg.mapper().oneToOne().findAll(c.sha256(), c.issuerSerialKey(), c.spkiSha256());
            if (all.size() <= 1) {
                continue;
            }
            StringBuilder sb = new StringBuilder(cfg.file() + ":" + c.line() + ": the certificate of user " + c.user()
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
}
