package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;
import java.util.function.BiFunction;

/**
 * Records cut by the planner into one invocation's worth: their encoded data, in batch order, and
 * a result slot for each. Self-contained, so a batch can be sent while later ones are still being
 * planned. The worker that runs the batch writes the slots; they are read after it is done.
 */
public final class Batch<O> {

    byte[][] data;
    final RecordResult<O>[] results;
    private final Object[] tags;
    private Object[] mapped;
    private final int size;

    @SuppressWarnings("unchecked")
    Batch(byte[][] data, Object[] tags) {
        this.data = data;
        this.tags = tags;
        this.results = (RecordResult<O>[]) new RecordResult<?>[data.length];
        this.size = data.length;
    }

    public int size() {
        return size;
    }

    /**
     * Turns each result into the caller's form (a {@code TranslateResult}, say) with the tag of the
     * record's first input, on the worker that ran the batch, while the results are at hand.
     */
    void map(BiFunction<Object, RecordResult<O>, Object> mapper) {
        Object[] out = new Object[size];
        for (int i = 0; i < size; i++) {
            if (results[i] != null) {
                out[i] = mapper.apply(tags[i], results[i]);
                results[i] = null; // the mapped form replaces it: a large call keeps one object per record
            }
        }
        mapped = out;
    }

    /** The mapped result at {@code position}, or null when the batch was not mapped. */
    Object mapped(int position) {
        Object[] m = mapped;
        return m == null ? null : m[position];
    }

    /** Drops the encoded records once the batch has run: only its results are needed after that. */
    void release() {
        data = null;
    }

    /** The encoded data of the record at {@code position}. */
    public byte[] data(int position) {
        return data[position];
    }

    /** The result of the record at {@code position}, or null until the batch has run (and once it is mapped). */
    public RecordResult<O> result(int position) {
        return results[position];
    }
}
