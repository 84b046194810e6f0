package org.certmap.engine.mapping;

import java.util.Arrays;

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
        int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
        keys = new long[capacity * 4];
        values = new OneToOneMapping[capacity];
    }

    int size() {
        return size;
    }

    /** Inserts unless the digest is present; returns the mapping already there, or null. */
    OneToOneMapping putIfAbsent(byte[] digest, OneToOneMapping value) {
        if ((size + 1) * 2 > values.length) {
            grow();
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

    private void grow() {
        long[] oldKeys = keys;
        OneToOneMapping[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new OneToOneMapping[oldValues.length * 2];
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
        Arrays.fill(digest, (byte) 0);
    }

    private static long word(byte[] digest, int offset) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (digest[offset + i] & 0xFFL);
        }
        return w;
    }
}
