package org.certmap.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.certmap.engine.mapping.CertificateFacts;
import org.certmap.engine.mapping.KeyKind;
import org.certmap.engine.mapping.OneToOneMapping;

/**
 * One {@code <oneToOneMappings><add>} entry as the loader read it, for tools that list or check
 * entries ({@code certmap check}, {@code list}, {@code map}) without reading the file a second
 * time: passed to the listener of {@link MappingFileLoader#load(Path, Consumer)} in file order.
 * The loaded configuration keeps only its index, so a server with a million entries holds none of
 * these.
 *
 * @param mapping         the entry as the index holds it: user, roles, enabled, key kind, line, usage slot
 * @param column          the column the parser reports for the entry (the end of its start tag)
 * @param roles           its roles as the file lists them, in that order (the mapping's set has none)
 * @param digest          the SHA-256 the index keys it by: the certificate's for {@code certificate},
 *                        {@code certificateFile} and {@code sha256}, the public key's for {@code spkiSha256};
 *                        null for {@code issuer}+{@code serialNumber}
 * @param issuerSerialKey the canonical issuer and serial key for {@code issuer}+{@code serialNumber}; else null
 * @param certificate     the certificate of a {@code certificate} or {@code certificateFile} entry; else null
 * @param certificateFile the file a {@code certificateFile} entry names, resolved as the loader read it; else null
 */
public record OneToOneEntry(OneToOneMapping mapping, int column, List<String> roles, byte[] digest, String issuerSerialKey,
        CertificateFacts certificate, Path certificateFile) {

    public int line() {
        return mapping.line();
    }

    public KeyKind kind() {
        return mapping.kind();
    }
}
