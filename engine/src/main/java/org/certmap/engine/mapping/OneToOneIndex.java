package org.certmap.engine.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All one-to-one mappings of a mapping file, looked up in constant time. Every whole-certificate
 * key ({@code certificate}, {@code certificateFile}, {@code sha256}) reduces to the SHA-256 of the
 * certificate's DER, so one table serves the three. Immutable once built.
 */
public final class OneToOneIndex {

    private final Sha256Table whole;
    private final Map<String, OneToOneMapping> issuerSerial;
    private final Sha256Table spki;
    private final int slots;

    private OneToOneIndex(Builder b) {
        this.whole = b.whole;
        this.issuerSerial = b.issuerSerial;
        this.spki = b.spki;
        this.slots = b.slots;
    }

    public static Builder builder(int expected) {
        return new Builder(expected);
    }

    public int size() {
        return whole.size() + issuerSerial.size() + spki.size();
    }

    /** The usage slots the entries take: one more than the highest {@link OneToOneMapping#index()}. */
    public int slots() {
        return slots;
    }

    /** Every entry, in no particular order (usage reports walk them). */
    public void forEach(java.util.function.Consumer<OneToOneMapping> action) {
        whole.forEach(action);
        issuerSerial.values().forEach(action);
        spki.forEach(action);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The enabled mapping with the strongest key that matches, or null. A disabled entry does not
     * match: the certificate falls through to weaker keys and then to many-to-one (DESIGN.md).
     */
    public OneToOneMapping find(CertificateFacts facts) {
        OneToOneMapping m = whole.get(facts.sha256());
        if (m != null && m.enabled()) {
            return m;
        }
        if (!issuerSerial.isEmpty()) {
            String key = facts.issuerSerialKey();
            m = key == null ? null : issuerSerial.get(key);
            if (m != null && m.enabled()) {
                return m;
            }
        }
        if (spki.size() > 0) {
            m = spki.get(facts.spkiSha256());
            if (m != null && m.enabled()) {
                return m;
            }
        }
        return null;
    }

    /** Every mapping whose key matches, enabled or not, strongest first: for explanations. */
    public List<OneToOneMapping> findAll(CertificateFacts facts) {
        return findAll(facts.sha256(), issuerSerial.isEmpty() ? null : facts.issuerSerialKey(),
                spki.size() > 0 ? facts.spkiSha256() : null);
    }

    /**
     * As {@link #findAll(CertificateFacts)}, from a certificate's keys computed beforehand (a tool
     * that keeps no certificate while a file loads); a null key matches nothing.
     */
    public List<OneToOneMapping> findAll(byte[] sha256, String issuerSerialKey, byte[] spkiSha256) {
        List<OneToOneMapping> all = new ArrayList<>(3);
        OneToOneMapping m = whole.get(sha256);
        if (m != null) {
            all.add(m);
        }
        if (issuerSerialKey != null && (m = issuerSerial.get(issuerSerialKey)) != null) {
            all.add(m);
        }
        if (spkiSha256 != null && spki.size() > 0 && (m = spki.get(spkiSha256)) != null) {
            all.add(m);
        }
        return all;
    }

    /** Whether the file has issuer+serialNumber keys. */
    public boolean hasIssuerSerialKeys() {
        return !issuerSerial.isEmpty();
    }

    /** The issuer+serialNumber entry for a key, enabled or not, or null: for explanations. */
    public OneToOneMapping issuerSerialEntry(String key) {
        return key == null ? null : issuerSerial.get(key);
    }

    /** Collects entries; each put returns the entry that already holds the key, or null. */
    public static final class Builder {
        private final Sha256Table whole;
        private final Map<String, OneToOneMapping> issuerSerial = new HashMap<>();
        private final Sha256Table spki = new Sha256Table(16);
        private int slots;

        private Builder(int expected) {
            whole = new Sha256Table(expected);
        }

        public OneToOneMapping putCertificateSha256(byte[] sha256, OneToOneMapping mapping) {
            slots = Math.max(slots, mapping.index() + 1);
            return whole.putIfAbsent(sha256, mapping);
        }

        public OneToOneMapping putIssuerSerial(String issuerSerialKey, OneToOneMapping mapping) {
            slots = Math.max(slots, mapping.index() + 1);
            return issuerSerial.putIfAbsent(issuerSerialKey, mapping);
        }

        public OneToOneMapping putSpkiSha256(byte[] sha256, OneToOneMapping mapping) {
            slots = Math.max(slots, mapping.index() + 1);
            return spki.putIfAbsent(sha256, mapping);
        }

        public OneToOneIndex build() {
            whole.trim();
            spki.trim();
            return new OneToOneIndex(this);
        }
    }
}
