package org.certmap.engine;

import java.lang.ref.WeakReference;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.certmap.engine.base.Messages;

/**
 * Remembers the outcome per certificate chain, so that a repeat certificate costs a hash lookup
 * and no hashing of the certificate: {@link X509Certificate#hashCode()} is computed once per
 * certificate object and cached by the JDK, and a keep-alive connection hands the same object to
 * every request. Keys compare whole chains by their DER, never by a name or fingerprint prefix,
 * so no request can get another certificate's outcome (invariant 1). One cache belongs to one
 * configuration snapshot: a reload starts an empty one.
 *
 * <p><b>Bounded by bytes, not entries.</b> Anyone who can reach the server can send certificates,
 * and through a trusted proxy's header or a deferring connector they need not even be trusted: a
 * client that sends distinct certificates made large with thousands of SANs must not be able to
 * grow the heap. So:
 * <ul>
 * <li>a stored key holds the chain's DER bytes, never the parsed {@link X509Certificate} objects
 *     (it refers to them weakly only, for an identity fast path on keep-alive connections)
 *     (a parsed certificate with a thousand SANs is many times its encoding), and outcomes hold no
 *     reference to them either (see {@link CertificateOutcome#retainedBytes()});</li>
 * <li>every entry is charged its estimated retained size, and the cache holds at most
 *     {@link #maxBytes()} in all: {@value #DEFAULT_MAX_BYTES} bytes by default per site root, or the
 *     system property {@value #MAX_BYTES_PROPERTY};</li>
 * <li>mapped and refused outcomes have separate budgets (three quarters and one quarter), so a
 *     flood of refused certificates evicts other refused certificates, not the users who map;</li>
 * <li>each budget is two generations: inserts go to the young one; when it is full it becomes the
 *     old one and the previous old one is dropped whole; a hit in the old generation is promoted.
 *     Recently used certificates survive a flood; eviction costs no per-entry bookkeeping on the
 *     request path;</li>
 * <li>an entry larger than a sixteenth of its generation is not cached at all (it is decided again
 *     each time, which costs CPU, never memory).</li>
 * </ul>
 * The bound is an estimate (object headers and JDK internals vary), so it is charged generously; a
 * test in a small heap pins that the heap stays flat whatever clients send.
 */
final class DecisionCache {

    /** The system property that overrides {@link #DEFAULT_MAX_BYTES} (bytes, or a size such as {@code 64MB}). */
    static final String MAX_BYTES_PROPERTY = "org.certmap.decisionCache.maxBytes";

    /** 32 MiB per site root: about 8,000 users with two-certificate chains of typical size. */
    static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    private final long maxBytes;
    private final Budget mapped;
    private final Budget refused;

    DecisionCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.mapped = new Budget(maxBytes - maxBytes / 4);
        this.refused = new Budget(maxBytes / 4);
    }

    /** A cache of the configured size ({@value #MAX_BYTES_PROPERTY}, else {@link #DEFAULT_MAX_BYTES}). */
    static DecisionCache configured() {
        return new DecisionCache(configuredMaxBytes());
    }

    static long configuredMaxBytes() {
        String v = System.getProperty(MAX_BYTES_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        try {
            return org.certmap.engine.config.Values.size(v.trim());
        } catch (IllegalArgumentException e) {
            DecisionLog.LOG.warning(Messages.format("engine.cacheSizeInvalid", MAX_BYTES_PROPERTY, LogText.escape(v),
                    String.valueOf(DEFAULT_MAX_BYTES)));
            return DEFAULT_MAX_BYTES;
        }
    }

    CertificateOutcome get(List<X509Certificate> chain, boolean fromTls, long now) {
        Key probe = Key.probe(chain, fromTls);
        CertificateOutcome o = mapped.get(probe);
        if (o == null) {
            o = refused.get(probe);
        }
        return o != null && o.holdsAt(now) ? o : null;
    }

    void put(List<X509Certificate> chain, boolean fromTls, CertificateOutcome outcome) {
        byte[][] der = new byte[chain.size()][];
        long bytes = Entry.OVERHEAD + outcome.retainedBytes();
        int hash = 1;
        for (int i = 0; i < der.length; i++) {
            X509Certificate c = chain.get(i);
            try {
                der[i] = c.getEncoded();
            } catch (CertificateEncodingException e) {
                return; // cannot key it safely: decide it again next time
            }
            bytes += der[i].length + 16L;
            hash = 31 * hash + c.hashCode();
        }
        bytes += 48L * der.length; // the weak references below
        (outcome.failure() == null ? mapped : refused).put(new Key(der, Key.seen(chain), null, fromTls, hash), outcome,
                bytes);
    }

    /** The configured bound in bytes (both budgets together). */
    long maxBytes() {
        return maxBytes;
    }

    /** Bytes charged to the entries held now (both generations of both budgets). */
    long chargedBytes() {
        return mapped.charged() + refused.charged();
    }

    int size() {
        return mapped.size() + refused.size();
    }

    /** One budget of two generations (see the class comment). */
    private static final class Budget {
        private final long generationBytes;
        private final long maxEntryBytes;
        private volatile Generation young = new Generation();
        private volatile Generation old = new Generation();

        Budget(long bytes) {
            this.generationBytes = bytes / 2;
            this.maxEntryBytes = generationBytes / 16;
        }

        CertificateOutcome get(Key probe) {
            Generation y = young;
            Entry e = y.map.get(probe);
            if (e == null) {
                Generation o = old;
                e = o.map.get(probe);
                if (e == null) {
                    return null;
                }
                if (o != y) {
                    insert(e.key, e);
                }
            }
            return e.outcome;
        }

        void put(Key key, CertificateOutcome outcome, long bytes) {
            if (bytes > maxEntryBytes) {
                return;
            }
            insert(key, new Entry(key, outcome, bytes));
        }

        private void insert(Key key, Entry e) {
            Generation y = young;
            if (y.map.putIfAbsent(key, e) == null && y.bytes.addAndGet(e.bytes) > generationBytes) {
                rotate(y);
            }
        }

        private synchronized void rotate(Generation full) {
            if (young == full) {
                old = full;
                young = new Generation();
            }
        }

        long charged() {
            Generation y = young;
            Generation o = old;
            return y.bytes.get() + (o == y ? 0 : o.bytes.get());
        }

        int size() {
            return young.map.size() + old.map.size();
        }
    }

    private static final class Generation {
        final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();
    }

    private record Entry(Key key, CertificateOutcome outcome, long bytes) {
        /** Map node, entry, key and array headers, charged per entry. */
        static final long OVERHEAD = 256;
    }

    /**
     * A chain as the cache compares it. A stored key holds DER bytes only; a probe (made per request,
     * never stored) holds the request's certificate objects, whose hash codes the JDK caches, so a
     * lookup hashes nothing. Equality is byte equality of every certificate's encoding.
     */
    private static final class Key {
        private final byte[][] der;
        /**
         * The certificate objects the entry was made from, weakly: they cost no memory once the
         * connection that holds them is gone, and while it lives (keep-alive), a repeat request hands
         * the same objects, which then compare by identity instead of by a copy of their encoding.
         */
        private final WeakReference<X509Certificate>[] seen;
        private final X509Certificate[] certificates;
        private final boolean fromTls;
        private final int hash;

        Key(byte[][] der, WeakReference<X509Certificate>[] seen, X509Certificate[] certificates, boolean fromTls,
                int hash) {
            this.der = der;
            this.seen = seen;
            this.certificates = certificates;
            this.fromTls = fromTls;
            this.hash = hash * 31 + (fromTls ? 1 : 0);
        }

        @SuppressWarnings("unchecked")
        static WeakReference<X509Certificate>[] seen(List<X509Certificate> chain) {
            WeakReference<X509Certificate>[] refs = (WeakReference<X509Certificate>[]) new WeakReference<?>[chain.size()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = new WeakReference<>(chain.get(i));
            }
            return refs;
        }

        private boolean sameObject(int i, Key other) {
            if (certificates != null && other.seen != null) {
                return certificates[i] == other.seen[i].get();
            }
            if (other.certificates != null && seen != null) {
                return other.certificates[i] == seen[i].get();
            }
            return certificates != null && certificates == other.certificates;
        }

        static Key probe(List<X509Certificate> chain, boolean fromTls) {
            X509Certificate[] certificates = chain.toArray(new X509Certificate[0]);
            int hash = 1;
            for (X509Certificate c : certificates) {
                hash = 31 * hash + c.hashCode();
            }
            return new Key(null, null, certificates, fromTls, hash);
        }

        private int length() {
            return der != null ? der.length : certificates.length;
        }

        private byte[] encoding(int i) {
            if (der != null) {
                return der[i];
            }
            try {
                return certificates[i].getEncoded();
            } catch (CertificateEncodingException e) {
                return null;
            }
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Key k) || k.hash != hash || k.fromTls != fromTls || k.length() != length()) {
                return false;
            }
            for (int i = 0; i < length(); i++) {
                if (sameObject(i, k)) {
                    continue;
                }
                byte[] a = encoding(i);
                byte[] b = k.encoding(i);
                if (a == null || b == null || !Arrays.equals(a, b)) {
                    return false;
                }
            }
            return true;
        }
    }
}
