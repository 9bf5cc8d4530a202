package dev.embeddedservice.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The distinct encoded records of a chunk, by content: an open-addressing table of record
 * indices, so that finding a duplicate costs no allocation (a million-record call would otherwise
 * keep a million map entries, keys and boxed indices alive while it plans).
 */
final class DistinctRecords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] data;
    /** Open addressing, linear probing; each slot is {@code hash << 32 | (record index + 1)}, 0 when empty. */
    private long[] slots;
    private int count;
    /** What {@link #prefetch} read, kept so that its reads are not optimized away. */
    private long prefetched;

    DistinctRecords(int expected) {
        int capacity = Math.max(16, expected);
        data = new byte[capacity][];
        slots = new long[tableSize(capacity)];
    }

    /** The record index of a record equal to {@code record}, or -1. */
    int find(byte[] record, int hash) {
        int mask = slots.length - 1;
        long slot;
        // The hash sits beside the index, so a probe reads only this array until a hash matches.
        for (int i = spread(hash) & mask; (slot = slots[i]) != 0; i = (i + 1) & mask) {
            if ((int) (slot >>> 32) == hash) {
                int r = (int) slot - 1;
                if (Arrays.equals(data[r], record)) {
                    return r;
                }
            }
        }
        return -1;
    }

    /**
     * Reads the slot each of {@code hashes} is first probed at, ahead of finding them one by one.
     * The table of a large call is far larger than the CPU's caches, so a lone probe waits for
     * memory; these reads do not depend on one another, so their waits overlap, and the finds that
     * follow mostly hit the cache.
     */
    void prefetch(int[] hashes) {
        long[] table = slots;
        int mask = table.length - 1;
        long sum = 0;
        for (int hash : hashes) {
            sum += table[spread(hash) & mask];
        }
        prefetched += sum;
    }

    /** The record added under {@code index}. */
    byte[] record(int index) {
        return data[index];
    }

    /** Adds a record not yet present, under the next index ({@code index} must equal the count). */
    void add(int index, byte[] record, int hash) {
        if (index != count) {
            throw new IllegalStateException("records are added in order");
        }
        if (count == data.length) {
            data = Arrays.copyOf(data, count * 2);
        }
        data[count] = record;
        count++;
        if (count * 2 > slots.length) {
            grow();
        }
        insert(index, hash);
    }

    private void insert(int index, int hash) {
        int mask = slots.length - 1;
        int i = spread(hash) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = ((long) hash << 32) | ((index + 1) & 0xFFFFFFFFL);
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long slot : old) {
            if (slot != 0) {
                insert((int) slot - 1, (int) (slot >>> 32));
            }
        }
    }

    private static int tableSize(int capacity) {
        int size = 32;
        while (size < capacity * 2) {
            size <<= 1;
        }
        return size;
    }

    /** A hash of an encoded record, over eight bytes at a time. */
    static int hash(byte[] b) {
        long h = b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(b, i);
        }
        for (; i < b.length; i++) {
            h = h * 31 + b[i];
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
