package dev.embeddedservice.internal;

/**
 * What the batches of one client call (or of one chunk of a stream) share: the envelope, the
 * result decoder, the counters and the deadline.
 */
public final class Job<O> {

    final Envelope envelope;
    final DataDecoder<O> decoder;
    final JobStats stats;
    final Deadline deadline;

    public Job(Envelope envelope, DataDecoder<O> decoder, JobStats stats, Deadline deadline) {
        this.envelope = envelope;
        this.decoder = decoder;
        this.stats = stats;
        this.deadline = deadline;
    }

    /** The request body for the records of {@code batch} at {@code positions}. */
    public byte[] encode(Batch<O> batch, int[] positions) {
        return envelope.encode(batch.data, positions, 0, positions.length);
    }

    public String operation() {
        return envelope.operation();
    }
}
