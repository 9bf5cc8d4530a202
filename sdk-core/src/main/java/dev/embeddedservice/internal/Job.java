package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;

/**
 * The distinct records of one client call (or of one chunk of a stream), encoded once, and a
 * result slot for each. Batches refer to records by their index here. Slots are written by the
 * worker that ran the record's batch and read after all batches are done.
 */
public final class Job<O> {

    final Envelope envelope;
    final DataDecoder<O> decoder;
    final byte[][] data;
    final RecordResult<O>[] results;
    final JobStats stats;
    final Deadline deadline;

    @SuppressWarnings("unchecked")
    public Job(Envelope envelope, DataDecoder<O> decoder, byte[][] data, JobStats stats, Deadline deadline) {
        this.envelope = envelope;
        this.decoder = decoder;
        this.data = data;
        this.results = (RecordResult<O>[]) new RecordResult<?>[data.length];
        this.stats = stats;
        this.deadline = deadline;
    }

    public int size() {
        return data.length;
    }

    public RecordResult<O> result(int index) {
        return results[index];
    }

    public String operation() {
        return envelope.operation();
    }
}
