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
    private int[] hashes;
    private int[] slots;   // record index + 1; 0 is an empty slot
    private int count;

    DistinctRecords(int expected) {
        int capacity = Math.max(16, expected);
        data = new byte[capacity][];
        hashes = new int[capacity];
        slots = new int[tableSize(capacity)];
    }

    /** The record index of a record equal to {@code record}, or -1. */
    int find(byte[] record, int hash) {
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; slots[i] != 0; i = (i + 1) & mask) {
            int r = slots[i] - 1;
            if (hashes[r] == hash && Arrays.equals(data[r], record)) {
                return r;
            }
        }
        return -1;
    }

    /** Adds a record not yet present, under the next index ({@code index} must equal the count). */
    void add(int index, byte[] record, int hash) {
        if (index != count) {
            throw new IllegalStateException("records are added in order");
        }
        if (count == data.length) {
            data = Arrays.copyOf(data, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        data[count] = record;
        hashes[count] = hash;
        count++;
        if (count * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            insert(index, hash);
        }
    }

    private void insert(int index, int hash) {
        int mask = slots.length - 1;
        int i = spread(hash) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = index + 1;
    }

    private void rehash(int size) {
        slots = new int[size];
        for (int r = 0; r < count; r++) {
            insert(r, hashes[r]);
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
