package org.certmap.engine.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;

/**
 * The revoked certificates of one CRL, packed: no object per entry, so that a million entries
 * retain about 30 MB (DESIGN.md "Performance targets": under 64 MB, not as {@code X509CRLEntry}).
 *
 * <p>Serials are kept as their minimal two's-complement bytes (what
 * {@link BigInteger#toByteArray()} returns), concatenated in one array and ordered by length, then
 * by unsigned bytes; {@code offsets[i]} is where serial {@code i} starts. A lookup is a binary
 * search over that order (on a {@code long} key per entry, see {@link #indexOf}) and allocates
 * nothing but the serial's bytes. Revocation dates are epoch
 * seconds in a {@code long[]} (a GeneralizedTime may lie beyond 2038); reason codes a
 * {@code byte[]}, -1 when absent.
 *
 * <p>Duplicate serials (a CRL should not have them, RFC 5280 §5.1.2.6 lists each certificate once)
 * keep one entry, deterministically: a permanent revocation wins over certificateHold, which wins
 * over removeFromCRL; among equals, the one listed first. So a duplicate can never turn a
 * revocation into a hold that a delta CRL could lift.
 */
final class CrlEntries {

    static final CrlEntries EMPTY = new CrlEntries(new byte[0], new int[] {0}, new long[0], new byte[0]);

    /** Entries per block of the first search level; its keys (16,384 for a million entries) stay in cache. */
    private static final int BLOCK = 64;

    private final byte[] serials;
    private final int[] offsets;
    private final long[] dates;
    private final byte[] reasons;
    /** Per entry, the order as one unsigned long: length, then the first 7 bytes (see {@link #key}). */
    private final long[] keys;
    /** The key of every {@link #BLOCK}-th entry. */
    private final long[] top;

    private CrlEntries(byte[] serials, int[] offsets, long[] dates, byte[] reasons) {
        this.serials = serials;
        this.offsets = offsets;
        this.dates = dates;
        this.reasons = reasons;
        int n = dates.length;
        this.keys = new long[n];
        this.top = new long[(n + BLOCK - 1) / BLOCK];
        for (int i = 0; i < n; i++) {
            keys[i] = key(serials, offsets[i], offsets[i + 1]);
            if (i % BLOCK == 0) {
                top[i / BLOCK] = keys[i];
            }
        }
    }

    /**
     * A 64-bit key that orders as {@link #compare} does (as unsigned longs): the length (capped at
     * 255) in the top byte, then the first 7 bytes, zero-padded. Equal keys need the full compare.
     */
    private static long key(byte[] b, int from, int to) {
        long k = (long) Math.min(to - from, 255) << 56;
        for (int i = 0; i < 7 && from + i < to; i++) {
            k |= (long) (b[from + i] & 0xFF) << (48 - 8 * i);
        }
        return k;
    }

    int size() {
        return dates.length;
    }

    /**
     * The index of a serial, or -1; {@code serial} is minimal two's-complement bytes. A binary
     * search in two levels, so that a lookup in a million entries touches few cache lines (DESIGN.md:
     * under 1 µs): first over the block keys, then over the keys of the one range of blocks that
     * can hold it, comparing the full bytes only when keys are equal.
     */
    int indexOf(byte[] serial) {
        long k = key(serial, 0, serial.length);
        int lo = 0;
        int hi = top.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(top[mid], k) < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // Blocks before lo - 1 hold only smaller keys; from the first block whose key exceeds k, only larger.
        int from = Math.max(lo - 1, 0) * BLOCK;
        int end = top.length;
        for (int a = lo, b = top.length - 1; a <= b;) {
            int mid = (a + b) >>> 1;
            if (Long.compareUnsigned(top[mid], k) > 0) {
                end = mid;
                b = mid - 1;
            } else {
                a = mid + 1;
            }
        }
        int to = Math.min(end * BLOCK, dates.length) - 1;
        while (from <= to) {
            int mid = (from + to) >>> 1;
            int c = Long.compareUnsigned(keys[mid], k);
            if (c == 0) {
                c = compare(serials, offsets[mid], offsets[mid + 1], serial, 0, serial.length);
            }
            if (c < 0) {
                from = mid + 1;
            } else if (c > 0) {
                to = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    CrlEntry entry(int index, BigInteger serial) {
        return new CrlEntry(serial, Instant.ofEpochSecond(dates[index]), reasons[index]);
    }

    int reason(int index) {
        return reasons[index];
    }

    long retainedBytes() {
        return 16L * 6 + 16 + serials.length + 16 + 4L * offsets.length + 16 + 8L * dates.length + 16 + reasons.length
                + 16 + 8L * keys.length + 16 + 8L * top.length;
    }

    private static int compare(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int c = Integer.compare(aTo - aFrom, bTo - bFrom);
        return c != 0 ? c : Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo);
    }

    /** Rank for duplicates: higher wins. */
    private static int severity(byte reason) {
        if (reason == CrlReason.REMOVE_FROM_CRL.code()) {
            return 0;
        }
        return reason == CrlReason.CERTIFICATE_HOLD.code() ? 1 : 2;
    }

    /** Collects entries in CRL order, into arrays sized beforehand by a counting pass. */
    static final class Builder {
        private final byte[] serials;
        private final int[] offsets;
        private final long[] dates;
        private final byte[] reasons;
        private int count;
        private int used;

        Builder(int entries, int serialBytes) {
            serials = new byte[serialBytes];
            offsets = new int[entries + 1];
            dates = new long[entries];
            reasons = new byte[entries];
        }

        /** Adds a serial from an INTEGER's contents, made minimal (some CAs pad with 00 or FF). */
        void add(byte[] buf, int from, int length, long date, int reason) {
            while (length > 1 && ((buf[from] == 0 && buf[from + 1] >= 0) || (buf[from] == -1 && buf[from + 1] < 0))) {
                from++;
                length--;
            }
            System.arraycopy(buf, from, serials, used, length);
            offsets[count] = used;
            used += length;
            dates[count] = date;
            reasons[count] = (byte) reason;
            count++;
            offsets[count] = used;
        }

        CrlEntries build() {
            if (count == 0) {
                return EMPTY;
            }
            int[] order = sortedOrder();
            boolean identity = true;
            for (int i = 0; i < count && identity; i++) {
                identity = order[i] == i;
            }
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (kept > 0 && same(order[kept - 1], order[i])) {
                    if (severity(reasons[order[i]]) > severity(reasons[order[kept - 1]])) {
                        order[kept - 1] = order[i];
                    }
                    identity = false;
                } else {
                    order[kept++] = order[i];
                }
            }
            if (identity && used == serials.length) {
                return new CrlEntries(serials, offsets, dates, reasons);
            }
            int bytes = 0;
            for (int i = 0; i < kept; i++) {
                bytes += offsets[order[i] + 1] - offsets[order[i]];
            }
            byte[] s = new byte[bytes];
            int[] o = new int[kept + 1];
            long[] d = new long[kept];
            byte[] r = new byte[kept];
            int at = 0;
            for (int i = 0; i < kept; i++) {
                int k = order[i];
                int len = offsets[k + 1] - offsets[k];
                System.arraycopy(serials, offsets[k], s, at, len);
                o[i] = at;
                at += len;
                d[i] = dates[k];
                r[i] = reasons[k];
            }
            o[kept] = at;
            return new CrlEntries(s, o, d, r);
        }

        private boolean same(int a, int b) {
            return compare(serials, offsets[a], offsets[a + 1], serials, offsets[b], offsets[b + 1]) == 0;
        }

        private int cmp(int a, int b) {
            return compare(serials, offsets[a], offsets[a + 1], serials, offsets[b], offsets[b + 1]);
        }

        /**
         * Entry indexes in serial order: a bottom-up merge sort (stable, so "listed first" holds
         * for duplicates; iterative, so no recursion; n log n whatever the input). An input already
         * in order, as many CAs write it, costs one pass.
         */
        private int[] sortedOrder() {
            int[] a = new int[count];
            for (int i = 0; i < count; i++) {
                a[i] = i;
            }
            boolean sorted = true;
            for (int i = 1; i < count && sorted; i++) {
                sorted = cmp(i - 1, i) <= 0;
            }
            if (sorted) {
                return a;
            }
            int[] b = new int[count];
            for (int width = 1; width < count; width <<= 1) {
                for (int lo = 0; lo < count; lo += width << 1) {
                    int mid = Math.min(lo + width, count);
                    int hi = Math.min(lo + (width << 1), count);
                    int i = lo;
                    int j = mid;
                    int k = lo;
                    while (i < mid && j < hi) {
                        b[k++] = cmp(a[j], a[i]) < 0 ? a[j++] : a[i++];
                    }
                    while (i < mid) {
                        b[k++] = a[i++];
                    }
                    while (j < hi) {
                        b[k++] = a[j++];
                    }
                }
                int[] t = a;
                a = b;
                b = t;
            }
            return a;
        }
    }
}
