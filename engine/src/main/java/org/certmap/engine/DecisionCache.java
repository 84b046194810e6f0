package org.certmap.engine;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the outcome per certificate chain, so that a repeat certificate costs a hash lookup
 * and no hashing of the certificate: {@link X509Certificate#hashCode()} is computed once per
 * certificate object and cached by the JDK, and a keep-alive connection hands the same object to
 * every request. Keys compare whole chains by their DER, never by a name or fingerprint prefix,
 * so no request can get another certificate's outcome (invariant 1). One cache belongs to one
 * configuration snapshot: a reload starts an empty one.
 */
final class DecisionCache {

    private final ConcurrentHashMap<Key, CertificateOutcome> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    DecisionCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    CertificateOutcome get(List<X509Certificate> chain, boolean fromTls, long now) {
        CertificateOutcome o = map.get(new Key(chain, fromTls));
        return o != null && o.holdsAt(now) ? o : null;
    }

    void put(List<X509Certificate> chain, boolean fromTls, CertificateOutcome outcome) {
        if (map.size() >= maxEntries) {
            // Bounded memory under a flood of distinct certificates; a cleared cache only costs recomputation.
            map.clear();
        }
        map.put(new Key(chain, fromTls), outcome);
    }

    int size() {
        return map.size();
    }

    private static final class Key {
        private final X509Certificate[] chain;
        private final boolean fromTls;
        private final int hash;

        Key(List<X509Certificate> chain, boolean fromTls) {
            this.chain = chain.toArray(new X509Certificate[0]);
            this.fromTls = fromTls;
            this.hash = Arrays.hashCode(this.chain) * 31 + (fromTls ? 1 : 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return k.hash == hash && k.fromTls == fromTls && Arrays.equals(k.chain, chain);
        }
    }
}
