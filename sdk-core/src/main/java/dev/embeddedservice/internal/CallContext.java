package dev.embeddedservice.internal;

/**
 * What the batches of one client call (or of one chunk of a stream) share: the operation's codec,
 * the counters and the deadline.
 */
record CallContext<V, R>(OperationCodec<?, V, R> codec, CallStats stats, Deadline deadline) {

    String operation() {
        return codec.envelope().operation();
    }

    /** The request body for the records of {@code batch} at {@code positions}. */
    byte[] encode(Batch<V, R> batch, int[] positions) {
        return codec.envelope().encode(batch.data(), positions, 0, positions.length);
    }
}
