package org.certmap.engine.mapping;

/**
 * An open-addressing hash table from SHA-256 digests to mappings. A million one-to-one mappings
 * must fit in well under 200 MB and answer in a few nanoseconds, and a {@code HashMap} of boxed
 * keys costs about three objects per entry; here a key is four longs in one array. Built once at
 * load and then only read, so it needs no locking.
 */
final class Sha256Table {

    private long[] keys;
    private OneToOneMapping[] values;
    private int size;

    Sha256Table(int expected) {
        int capacity = capacityFor(expected);
        keys = new long[capacity * 4];
        values = new OneToOneMapping[capacity];
    }

    /** The power of two that keeps {@code entries} at most 70% full (linear probing stays short). */
    private static int capacityFor(int entries) {
        long needed = Math.max(8, (long) Math.ceil(entries / 0.7));
        return (int) Long.highestOneBit(needed - 1) << 1;
    }

    /**
     * Shrinks the table to its entries once loading is done: the loader sizes it from a guess (the
     * file's size), and a table twice too large would cost tens of megabytes at a million entries.
     */
    void trim() {
        int capacity = capacityFor(size);
        if (capacity < values.length) {
            rehash(capacity);
        }
    }

    int size() {
        return size;
    }

    /** Inserts unless the digest is present; returns the mapping already there, or null. */
    OneToOneMapping putIfAbsent(byte[] digest, OneToOneMapping value) {
        if (size + 1 > values.length * 0.7) {
            rehash(values.length * 2);
        }
        int i = slot(digest);
        if (values[i] != null) {
            return values[i];
        }
        for (int j = 0; j < 4; j++) {
            keys[i * 4 + j] = word(digest, j * 8);
        }
        values[i] = value;
        size++;
        return null;
    }

    void forEach(java.util.function.Consumer<OneToOneMapping> action) {
        for (OneToOneMapping m : values) {
            if (m != null) {
                action.accept(m);
            }
        }
    }

    OneToOneMapping get(byte[] digest) {
        return values[slot(digest)];
    }

    /** The slot holding the digest, or the empty slot where it would go (linear probing). */
    private int slot(byte[] digest) {
        long a = word(digest, 0);
        long b = word(digest, 8);
        long c = word(digest, 16);
        long d = word(digest, 24);
        int mask = values.length - 1;
        int i = (int) (a ^ (a >>> 32)) & mask;
        while (values[i] != null) {
            int k = i * 4;
            if (keys[k] == a && keys[k + 1] == b && keys[k + 2] == c && keys[k + 3] == d) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        OneToOneMapping[] oldValues = values;
        keys = new long[capacity * 4];
        values = new OneToOneMapping[capacity];
        size = 0;
        byte[] digest = new byte[32];
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                for (int j = 0; j < 4; j++) {
                    long w = oldKeys[i * 4 + j];
                    for (int b = 0; b < 8; b++) {
                        digest[j * 8 + b] = (byte) (w >>> (56 - 8 * b));
                    }
                }
                putIfAbsent(digest, oldValues[i]);
            }
        }
    }

    private static long word(byte[] digest, int offset) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (digest[offset + i] & 0xFFL);
        }
        return w;
    }
}
