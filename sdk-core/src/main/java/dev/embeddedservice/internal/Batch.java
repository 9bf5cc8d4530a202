package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;

/**
 * Records cut by the planner into one invocation's worth: their encoded data, in batch order, and
 * a result slot for each. Self-contained, so a batch can be sent while later ones are still being
 * planned. The worker that runs the batch writes the slots; they are read after it is done.
 */
public final class Batch<O> {

    byte[][] data;
    final RecordResult<O>[] results;
    private final int size;

    @SuppressWarnings("unchecked")
    Batch(byte[][] data) {
        this.data = data;
        this.results = (RecordResult<O>[]) new RecordResult<?>[data.length];
        this.size = data.length;
    }

    public int size() {
        return size;
    }

    /** Drops the encoded records once the batch has run: only its results are needed after that. */
    void release() {
        data = null;
    }

    /** The encoded data of the record at {@code position}. */
    public byte[] data(int position) {
        return data[position];
    }

    /** The result of the record at {@code position}, or null until the batch has run. */
    public RecordResult<O> result(int position) {
        return results[position];
    }
}
