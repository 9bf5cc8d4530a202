package dev.embeddedservice.internal;

/**
 * Records cut by the planner into one invocation's worth: their encoded data, in batch order, the
 * {@link Outcomes} each record's result is built by, and a result slot for each. Self-contained,
 * so a batch can be sent while later ones are still being planned. The worker that runs the batch
 * fills the slots; they are read once it is done.
 */
public final class Batch<V, R> {

    private byte[][] data;
    private final Outcomes<V, R>[] outcomes;
    private final R[] results;

    @SuppressWarnings("unchecked")
    Batch(byte[][] data, Outcomes<V, R>[] outcomes) {
        this.data = data;
        this.outcomes = outcomes;
        this.results = (R[]) new Object[data.length];
    }

    public int size() {
        return results.length;
    }

    /** The encoded data of the record at {@code position}; gone once the batch has run. */
    public byte[][] data() {
        return data;
    }

    Outcomes<V, R> outcomes(int position) {
        return outcomes[position];
    }

    /** The result at {@code position}, or null until the batch has run. */
    public R result(int position) {
        return results[position];
    }

    void setResult(int position, R result) {
        results[position] = result;
    }

    /** Drops the encoded records once the batch has run: only its results are needed after that. */
    void release() {
        data = null;
    }
}
