package org.certmap.engine.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certmap.engine.match.AsciiCase;
import org.certmap.engine.x509.CertificateNames;

/**
 * Finds the first enabled many-to-one mapping, in document order, whose rules all match, without
 * evaluating every mapping. Ten thousand mappings each with an Issuer rule must decide in
 * microseconds, so each mapping with a literal rule (no {@code *}) is indexed under that rule's
 * field and ASCII-folded value; a certificate then only evaluates the mappings indexed under its
 * own values plus those that have no literal rule, in document order. The index only narrows the
 * candidates: each candidate is still evaluated in full, so the result is exactly that of a
 * linear scan.
 */
final class ManyToOneIndex {

    private final List<ManyToOneMapping> mappings;
    /** field key -> (folded value -> ascending mapping positions) */
    private final Map<String, Map<String, int[]>> byField;
    private final Map<String, CertificateField> fields;
    /** Ascending positions of enabled mappings that have no literal rule. */
    private final int[] unindexed;

    ManyToOneIndex(List<ManyToOneMapping> mappings) {
        this.mappings = List.copyOf(mappings);
        // How many mappings each literal (field, value) would put in one bucket: a mapping is indexed
        // under its most selective literal rule. With one company CA every mapping's Issuer rule has
        // the same value, so indexing by the first literal rule would put them all in one bucket.
        Map<String, Integer> bucketSizes = new HashMap<>();
        for (ManyToOneMapping m : this.mappings) {
            if (m.enabled()) {
                for (Rule r : m.rules()) {
                    if (r.isLiteral()) {
                        bucketSizes.merge(bucketKey(r), 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, Map<String, List<Integer>>> building = new LinkedHashMap<>();
        Map<String, CertificateField> fieldsByKey = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < this.mappings.size(); i++) {
            ManyToOneMapping m = this.mappings.get(i);
            if (!m.enabled()) {
                continue;
            }
            Rule best = null;
            int bestSize = Integer.MAX_VALUE;
            for (Rule r : m.rules()) {
                if (r.isLiteral() && bucketSizes.get(bucketKey(r)) < bestSize) {
                    best = r;
                    bestSize = bucketSizes.get(bucketKey(r));
                }
            }
            if (best == null) {
                rest.add(i);
            } else {
                String key = best.field().key();
                fieldsByKey.put(key, best.field());
                building.computeIfAbsent(key, k -> new HashMap<>())
                        .computeIfAbsent(AsciiCase.fold(best.pattern().pattern()), k -> new ArrayList<>())
                        .add(i);
            }
        }
        Map<String, Map<String, int[]>> index = new HashMap<>();
        building.forEach((field, values) -> {
            Map<String, int[]> m = new HashMap<>();
            values.forEach((v, positions) -> m.put(v, positions.stream().mapToInt(Integer::intValue).toArray()));
            index.put(field, m);
        });
        this.byField = index;
        this.fields = fieldsByKey;
        this.unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String bucketKey(Rule r) {
        return r.field().key() + '\u0000' + AsciiCase.fold(r.pattern().pattern());
    }

    List<ManyToOneMapping> mappings() {
        return mappings;
    }

    /** The first matching mapping in document order, or null. */
    ManyToOneMapping firstMatch(CertificateNames names) {
        return first(names, false);
    }

    /** The first Deny mapping whose rules all match, skipping Allow mappings (a directory outage). */
    ManyToOneMapping firstDeny(CertificateNames names) {
        return first(names, true);
    }

    private ManyToOneMapping first(CertificateNames names, boolean denyOnly) {
        int[] candidates = unindexed;
        for (Map.Entry<String, Map<String, int[]>> e : byField.entrySet()) {
            for (String v : fields.get(e.getKey()).values(names)) {
                int[] hit = e.getValue().get(AsciiCase.fold(v));
                if (hit != null) {
                    candidates = candidates.length == 0 ? hit : merge(candidates, hit);
                }
            }
        }
        int previous = -1;
        for (int position : candidates) {
            if (position == previous) {
                continue;
            }
            previous = position;
            ManyToOneMapping m = mappings.get(position);
            if ((!denyOnly || m.deny()) && m.matches(names)) {
                return m;
            }
        }
        return null;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }
}
