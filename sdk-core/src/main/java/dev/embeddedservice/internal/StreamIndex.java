package dev.embeddedservice.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The de-duplication index of one stream, across the whole stream: every distinct record sent
 * (or resumed) so far, by its encoded data, with its result once known. Three tiers:
 * <ul>
 *   <li>pending: records of chunks still in flight, whose results are not known yet; a later equal
 *       input refers to the pending entry and gets its result when it is delivered (in input
 *       order, after the first occurrence);</li>
 *   <li>memory: results known, up to a byte budget;</li>
 *   <li>disk: past the budget, the memory tier is moved to a {@link SpillTable} in a temporary
 *       directory, removed by {@link #close()} however the stream ends.</li>
 * </ul>
 * Exact: keys are compared byte for byte at every tier. Not thread-safe: the stream's calling
 * thread uses it.
 */
final class StreamIndex<R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamIndex.class);
    /** Heap an entry of the memory tier costs beyond its key: map entry, key wrapper, result object. */
    private static final int ENTRY_OVERHEAD = 160;

    private final OperationCodec<?, ?, R> codec;
    private final long memoryBudget;
    private final Path spillParent;
    private final Map<Key, SharedResult<R>> pending = new HashMap<>();
    private final Map<Key, R> memory = new HashMap<>();
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
    SharedResult<R> find(byte[] data) {
        Key key = new Key(data);
        SharedResult<R> p = pending.get(key);
        if (p != null) {
            return p;
        }
        R known = memory.get(key);
        if (known != null) {
            return SharedResult.of(known);
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
    void addPending(byte[] data, SharedResult<R> shared) {
        pending.put(new Key(data), shared);
    }

    /** The record's chunk was delivered: its result is known from now on. */
    void complete(byte[] data, R result) {
        Key key = new Key(data);
        pending.remove(key);
        remember(key, result);
    }

    /** A record answered by an earlier run (a resumed stream): known, never sent. */
    void seed(byte[] data, R result) {
        Key key = new Key(data);
        if (!pending.containsKey(key) && !memory.containsKey(key) && (disk == null || disk.get(data) == null)) {
            remember(key, result);
        }
    }

    /** Distinct records known (not pending), in memory and on disk. */
    long knownRecords() {
        return memory.size() + (disk == null ? 0 : disk.size());
    }

    /** Whether the index has spilled to disk. */
    boolean spilled() {
        return disk != null;
    }

    private void remember(Key key, R result) {
        memory.put(key, result);
        memoryBytes += key.data.length + ENTRY_OVERHEAD;
        if (memoryBytes > memoryBudget) {
            spill();
        }
    }

    private void spill() {
        if (disk == null) {
            disk = new SpillTable(spillParent);
            log.debug("De-duplication index past its {} byte budget: spilling to {}", memoryBudget, disk.directory());
        }
        for (Map.Entry<Key, R> e : memory.entrySet()) {
            disk.put(e.getKey().data, codec.resultToBytes(e.getValue()));
        }
        memory.clear();
        memoryBytes = 0;
    }

    /** Removes the spill directory, if there is one. Idempotent. */
    @Override
    public void close() {
        if (disk != null) {
            disk.close();
            disk = null;
        }
        pending.clear();
        memory.clear();
    }

    /** Record data as a map key, compared by content. */
    private static final class Key {
        final byte[] data;
        private final int hash;

        Key(byte[] data) {
            this.data = data;
            this.hash = DistinctRecords.hash(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && java.util.Arrays.equals(k.data, data);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
