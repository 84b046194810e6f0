package org.certmap.engine.directory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One entry a search returned: its DN and the attributes asked for, values as the directory sent
 * them ({@code String}, or {@code byte[]} for binary attributes such as {@code objectSid} and
 * {@code userCertificate;binary}).
 *
 * @param dn         the entry's full DN
 * @param attributes attribute names folded to lower case (LDAP names are case-insensitive) to values
 */
public record DirectoryEntry(String dn, Map<String, List<Object>> attributes) {

    public DirectoryEntry {
        Objects.requireNonNull(dn, "dn");
        attributes = Map.copyOf(attributes);
    }

    static String key(String attribute) {
        return attribute.toLowerCase(Locale.ROOT);
    }

    /** The values of {@code attribute} as strings (binary values read as UTF-8); empty when absent. */
    public List<String> strings(String attribute) {
        List<Object> values = attributes.getOrDefault(key(attribute), List.of());
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
        }
        return out;
    }

    /** The first value of {@code attribute} as a string, or null. */
    public String first(String attribute) {
        List<String> values = strings(attribute);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The values of a binary {@code attribute}; string values (a misconfigured binary list) are skipped. */
    public List<byte[]> bytes(String attribute) {
        List<Object> values = attributes.getOrDefault(key(attribute), List.of());
        List<byte[]> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v instanceof byte[] b) {
                out.add(b.clone());
            }
        }
        return out;
    }
}
