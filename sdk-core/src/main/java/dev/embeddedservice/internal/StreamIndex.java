package dev.embeddedservice.internal;

import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The de-duplication index of one stream, across the whole stream: every distinct record sent
 * (or resumed) so far, by its encoded data, with its result once known. In memory it is one
 * open-addressing table ({@link DistinctRecords}) and, beside each record, either its result or —
 * while its chunk is in flight — the {@link SharedResult} a later equal input will read it from
 * once that chunk is delivered (in input order, after the first occurrence). Past a byte budget the
 * known results move to a {@link SpillTable} in a temporary directory, removed by {@link #close()}
 * however the stream ends; records in flight stay in memory (the window bounds them).
 *
 * <p>Exact: keys are compared byte for byte at every tier. Nothing is allocated per input but for
 * what an input needs. Not thread-safe: the stream's calling thread uses it.
 */
final class StreamIndex<R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamIndex.class);
    /** Heap a known entry costs beyond its key: the result object, the table's slots and references. */
    private static final int ENTRY_OVERHEAD = 128;
    private static final int INITIAL_CAPACITY = 1024;

    private final OperationCodec<?, ?, R> codec;
    private final long memoryBudget;
    private final Path spillParent;
    private DistinctRecords table = new DistinctRecords(INITIAL_CAPACITY);
    /** Beside each record of the table: its result, or the pending {@link SharedResult} of its first input. */
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int count;
    private long memoryBytes;
    private SpillTable disk;

    /**
     * @param memoryBudget bytes of heap the known results may take before they go to disk
     * @param spillParent  where the spill directory is created, when it is needed
     */
    StreamIndex(OperationCodec<?, ?, R> codec, long memoryBudget, Path spillParent) {
        this.codec = codec;
        this.memoryBudget = memoryBudget;
        this.spillParent = spillParent;
    }

    /** What an earlier equal record gives this one, or null when the record is new to the stream. */
    @SuppressWarnings("unchecked")
    SharedResult<R> find(byte[] data, int hash) {
        int i = table.find(data, hash);
        if (i >= 0) {
            Object v = values[i];
            return v instanceof SharedResult<?> pending ? (SharedResult<R>) pending : SharedResult.of((R) v);
        }
        if (disk != null) {
            byte[] stored = disk.get(data);
            if (stored != null) {
                return SharedResult.of(codec.resultFromBytes(stored));
            }
        }
        return null;
    }

    /** A record sent now: equal inputs until its chunk is delivered get {@code shared}'s result. */
    void addPending(byte[] data, int hash, SharedResult<R> shared) {
        add(data, hash, shared);
    }

    /** The record's chunk was delivered: its result is known from now on. */
    void complete(byte[] data, int hash, R result) {
        values[table.find(data, hash)] = result;
        known(data);
    }

    /** A record answered by an earlier run (a resumed stream): known, never sent. */
    void seed(byte[] data, int hash, R result) {
        if (table.find(data, hash) < 0 && (disk == null || disk.get(data) == null)) {
            add(data, hash, result);
            known(data);
        }
    }

    /** Distinct records known (not pending), in memory and on disk. */
    long knownRecords() {
        long inMemory = 0;
        for (int i = 0; i < count; i++) {
            inMemory += values[i] instanceof SharedResult<?> ? 0 : 1;
        }
        return inMemory + (disk == null ? 0 : disk.size());
    }

    /** Whether the index has spilled to disk. */
    boolean spilled() {
        return disk != null;
    }

    private void add(byte[] data, int hash, Object value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, 2 * count);
        }
        table.add(count, data, hash);
        values[count++] = value;
    }

    private void known(byte[] data) {
        memoryBytes += data.length + ENTRY_OVERHEAD;
        if (memoryBytes > memoryBudget) {
            spill();
        }
    }

    /** Moves every known result to disk and keeps only the pending records in memory. */
    @SuppressWarnings("unchecked")
    private void spill() {
        if (disk == null) {
            disk = new SpillTable(spillParent);
            log.debug("De-duplication index past its {} byte budget: spilling to {}", memoryBudget, disk.directory());
        }
        DistinctRecords kept = new DistinctRecords(INITIAL_CAPACITY);
        Object[] keptValues = new Object[Math.max(INITIAL_CAPACITY, count / 8)];
        int keptCount = 0;
        for (int i = 0; i < count; i++) {
            byte[] key = table.record(i);
            if (values[i] instanceof SharedResult<?>) {
                if (keptCount == keptValues.length) {
                    keptValues = Arrays.copyOf(keptValues, 2 * keptCount);
                }
                kept.add(keptCount, key, DistinctRecords.hash(key));
                keptValues[keptCount++] = values[i];
            } else {
                disk.put(key, codec.resultToBytes((R) values[i]));
            }
        }
        table = kept;
        values = keptValues;
        count = keptCount;
        memoryBytes = 0;
    }

    /** Removes the spill directory, if there is one. Idempotent. */
    @Override
    public void close() {
        if (disk != null) {
            disk.close();
            disk = null;
        }
        table = new DistinctRecords(16);
        values = new Object[16];
        count = 0;
    }
}
