package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;

/**
 * Records cut by the planner into one invocation's worth: their encoded data, in batch order, and
 * a result slot for each. Self-contained, so a batch can be sent while later ones are still being
 * planned. The worker that runs the batch writes the slots; they are read after it is done.
 */
public final class Batch<O> {

    final byte[][] data;
    final RecordResult<O>[] results;

    @SuppressWarnings("unchecked")
    Batch(byte[][] data) {
        this.data = data;
        this.results = (RecordResult<O>[]) new RecordResult<?>[data.length];
    }

    public int size() {
        return data.length;
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
