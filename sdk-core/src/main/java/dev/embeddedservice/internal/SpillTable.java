package dev.embeddedservice.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An exact key → value table on disk, for the entries of one stream's de-duplication index that
 * no longer fit in memory; see {@code docs/deduplication.md} for why it is this and not an
 * embedded store. Two files in a directory of its own, removed by {@link #close()}:
 * <ul>
 *   <li>a log of entries, appended through a write buffer: {@code [key length][key][value length][value]};</li>
 *   <li>an open-addressing table of slots, memory-mapped (the page cache holds it, not the heap):
 *       each slot the key's 64-bit hash and the entry's log position + 1 (0: empty), probed
 *       linearly, doubled (rehashed into a new file) when half full.</li>
 * </ul>
 * A lookup compares hashes in the table and reads an entry from the log only when a hash matches,
 * then compares the key itself: exact, whatever the hash. Entries are never removed. Not
 * thread-safe: one stream's calling thread uses it.
 */
final class SpillTable implements AutoCloseable {

    private static final int SLOT_BYTES = 16;
    /** Slots per mapped segment: 2^26 slots of 16 bytes, 1 GiB, under a mapping's 2 GiB bound. */
    private static final int SEGMENT_SHIFT = 26;
    /** A million slots (16 MiB, sparse until written): most spills never grow the table. */
    private static final int INITIAL_SLOTS = 1 << 20;
    private static final int WRITE_BUFFER = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path dir;
    private final FileChannel log;
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(WRITE_BUFFER);
    private long logEnd;
    private long flushedEnd;
    private FileChannel slotFile;
    private MappedByteBuffer[] segments;
    private long capacity;
    private long size;
    private int generation;
    private final int segmentShift;
    private final long segmentSlots;

    /** A table in a new directory under {@code parent}. */
    SpillTable(Path parent) {
        this(parent, INITIAL_SLOTS, SEGMENT_SHIFT);
    }

    /**
     * A table of {@code initialSlots} slots (a power of two) mapped in segments of
     * 2^{@code segmentShift} slots; tests make both small to reach growth and several segments.
     */
    SpillTable(Path parent, int initialSlots, int segmentShift) {
        this.segmentShift = segmentShift;
        this.segmentSlots = 1L << segmentShift;
        try {
            Files.createDirectories(parent);
            this.dir = Files.createTempDirectory(parent, "esvc-dedup-");
            this.log = FileChannel.open(dir.resolve("entries.log"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            mapSlots(initialSlots);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the de-duplication spill files under " + parent, e);
        }
    }

    /** Entries in the table. */
    long size() {
        return size;
    }

    /** Slots in the table: grown to twice as many when an entry would make it more than half full. */
    long capacity() {
        return capacity;
    }

    /** The directory the table's files are in (removed by {@link #close()}). */
    Path directory() {
        return dir;
    }

    /** The value stored for {@code key}, or null. */
    byte[] get(byte[] key) {
        long hash = hash(key);
        long mask = capacity - 1;
        for (long i = hash & mask; ; i = (i + 1) & mask) {
            long ref = slotRef(i);
            if (ref == 0) {
                return null;
            }
            if (slotHash(i) == hash) {
                byte[] value = valueIfKey(ref - 1, key);
                if (value != null) {
                    return value;
                }
            }
        }
    }

    /** Stores {@code value} for {@code key}, which must not be in the table yet. */
    void put(byte[] key, byte[] value) {
        if ((size + 1) * 2 > capacity) {
            grow();
        }
        long position = append(key, value);
        insert(hash(key), position + 1);
        size++;
    }

    private void insert(long hash, long ref) {
        long mask = capacity - 1;
        long i = hash & mask;
        while (slotRef(i) != 0) {
            i = (i + 1) & mask;
        }
        setSlot(i, hash, ref);
    }

    private long append(byte[] key, byte[] value) {
        int length = 8 + key.length + value.length;
        if (writeBuffer.remaining() < length) {
            flush();
            if (length > writeBuffer.capacity()) {
                writeDirect(key, value);
                long at = logEnd;
                logEnd += length;
                flushedEnd = logEnd;
                return at;
            }
        }
        long at = logEnd;
        writeBuffer.putInt(key.length).put(key).putInt(value.length).put(value);
        logEnd += length;
        return at;
    }

    private void writeDirect(byte[] key, byte[] value) {
        ByteBuffer entry = ByteBuffer.allocate(8 + key.length + value.length);
        entry.putInt(key.length).put(key).putInt(value.length).put(value).flip();
        writeFully(entry, logEnd);
    }

    private void flush() {
        writeBuffer.flip();
        writeFully(writeBuffer, flushedEnd);
        flushedEnd = logEnd;
        writeBuffer.clear();
    }

    private void writeFully(ByteBuffer buffer, long position) {
        try {
            long at = position;
            while (buffer.hasRemaining()) {
                at += log.write(buffer, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the de-duplication spill log", e);
        }
    }

    /** The value of the entry at {@code position} if its key is {@code key}, else null. */
    private byte[] valueIfKey(long position, byte[] key) {
        byte[] header = read(position, 4);
        int keyLength = ByteBuffer.wrap(header).getInt();
        if (keyLength != key.length) {
            return null;
        }
        byte[] stored = read(position + 4, keyLength + 4);
        if (!Arrays.equals(stored, 0, keyLength, key, 0, keyLength)) {
            return null;
        }
        int valueLength = ByteBuffer.wrap(stored, keyLength, 4).getInt();
        return read(position + 8 + keyLength, valueLength);
    }

    private byte[] read(long position, int length) {
        if (position >= flushedEnd) {
            // Still in the write buffer.
            byte[] out = new byte[length];
            writeBuffer.get((int) (position - flushedEnd), out);
            return out;
        }
        // An entry is appended whole, and flushed whole: one that starts in the file is all there.
        ByteBuffer out = ByteBuffer.allocate(length);
        try {
            long at = position;
            while (out.hasRemaining()) {
                int n = log.read(out, at);
                if (n < 0) {
                    throw new IOException("the spill log ended early");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the de-duplication spill log", e);
        }
        return out.array();
    }

    private void grow() {
        MappedByteBuffer[] old = segments;
        long oldCapacity = capacity;
        FileChannel oldFile = slotFile;
        try {
            mapSlots(capacity * 2);
            for (long i = 0; i < oldCapacity; i++) {
                MappedByteBuffer s = old[(int) (i >>> segmentShift)];
                int at = (int) ((i & (segmentSlots - 1)) * SLOT_BYTES);
                long ref = s.getLong(at + 8);
                if (ref != 0) {
                    insert(s.getLong(at), ref);
                }
            }
            oldFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the de-duplication spill table", e);
        }
        for (MappedByteBuffer s : old) {
            unmap(s);
        }
    }

    private void mapSlots(long slots) throws IOException {
        Path file = dir.resolve("slots-" + generation++);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        // The name can go at once: the mapping keeps the file until it is unmapped.
        Files.delete(file);
        int count = (int) ((slots + segmentSlots - 1) / segmentSlots);
        MappedByteBuffer[] mapped = new MappedByteBuffer[count];
        for (int s = 0; s < count; s++) {
            long bytes = Math.min(segmentSlots, slots - s * segmentSlots) * SLOT_BYTES;
            mapped[s] = channel.map(FileChannel.MapMode.READ_WRITE, s * segmentSlots * SLOT_BYTES, bytes);
            mapped[s].order(ByteOrder.nativeOrder());
        }
        slotFile = channel;
        segments = mapped;
        capacity = slots;
    }

    private long slotHash(long i) {
        return segments[(int) (i >>> segmentShift)].getLong((int) ((i & (segmentSlots - 1)) * SLOT_BYTES));
    }

    private long slotRef(long i) {
        return segments[(int) (i >>> segmentShift)].getLong((int) ((i & (segmentSlots - 1)) * SLOT_BYTES) + 8);
    }

    private void setSlot(long i, long hash, long ref) {
        MappedByteBuffer s = segments[(int) (i >>> segmentShift)];
        int at = (int) ((i & (segmentSlots - 1)) * SLOT_BYTES);
        s.putLong(at, hash);
        s.putLong(at + 8, ref);
    }

    /** A 64-bit hash of a key, eight bytes at a time, fully mixed (murmur3's finalizer). */
    static long hash(byte[] key) {
        long h = key.length * 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + 8 <= key.length; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(key, i) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        for (; i < key.length; i++) {
            h = (h ^ key[i]) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** Deletes the files (the mapped table is released at once where the JVM allows it). */
    @Override
    public void close() {
        try {
            log.close();
            if (slotFile != null) {
                slotFile.close();
            }
        } catch (IOException ignored) {
            // the files are deleted below either way
        }
        if (segments != null) {
            for (MappedByteBuffer s : segments) {
                unmap(s);
            }
            segments = null;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method cleaner = null;
        Object unsafe = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it a mapping is released when it is garbage collected.
        }
        INVOKE_CLEANER = cleaner;
        UNSAFE = unsafe;
    }

    /** Releases a mapping now rather than at some later garbage collection; nothing may use it after. */
    private static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER != null && buffer != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, buffer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }
}
