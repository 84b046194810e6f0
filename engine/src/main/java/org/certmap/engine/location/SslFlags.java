package org.certmap.engine.location;

import java.util.ArrayList;
import java.util.List;

import org.certmap.engine.match.AsciiCase;

/**
 * Parses IIS {@code sslFlags}: {@code None}, {@code Ssl}, {@code SslNegotiateCert},
 * {@code SslRequireCert}, {@code SslMapCert} (tolerated: certmap always maps) and {@code Ssl128}
 * (ignored with a warning: the JSSE connector decides cipher strength). Comma-separated, trimmed,
 * case-insensitive, as IIS writes them.
 *
 * @param warnings things the administrator should know, one sentence each
 */
public record SslFlags(boolean ssl, Location.Requirement requirement, List<String> warnings) {

    public SslFlags {
        warnings = List.copyOf(warnings);
    }

    /**
     * @throws IllegalArgumentException naming the unknown flag and the allowed ones
     */
    public static SslFlags parse(String value) {
        boolean ssl = false;
        boolean none = false;
        Location.Requirement req = Location.Requirement.NONE;
        List<String> warnings = new ArrayList<>();
        int count = 0;
        for (String raw : value.split(",", -1)) {
            String token = raw.trim();
            if (token.isEmpty()) {
                if (value.isBlank()) {
                    break;
                }
                throw new IllegalArgumentException("empty flag in sslFlags=\"" + value + "\"");
            }
            count++;
            switch (AsciiCase.fold(token)) {
                case "none":
                    none = true;
                    break;
                case "ssl":
                    ssl = true;
                    break;
                case "sslnegotiatecert":
                    if (req == Location.Requirement.NONE) {
                        req = Location.Requirement.NEGOTIATE;
                    }
                    break;
                case "sslrequirecert":
                    req = Location.Requirement.REQUIRE;
                    break;
                case "sslmapcert":
                    break;
                case "ssl128":
                    warnings.add("sslFlags Ssl128 is ignored: the connector's cipher configuration decides key strength");
                    break;
                default:
                    throw new IllegalArgumentException("unknown sslFlags value '" + token
                            + "': use None, Ssl, SslNegotiateCert, SslRequireCert (SslMapCert and Ssl128 are tolerated)");
            }
        }
        if (none && count > 1) {
            throw new IllegalArgumentException("sslFlags None cannot be combined with other flags");
        }
        return new SslFlags(ssl, req, warnings);
    }
}
