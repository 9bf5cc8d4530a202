package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run of consecutive inputs on their way to results: each input is either a local invalid
 * result or a reference to a distinct encoded record; distinct records are planned into batches
 * as they arrive (one pass). A blocking call is one chunk of many batches; a stream is a
 * sequence of chunks of one batch each. Not thread-safe: one thread builds a chunk, then
 * {@link #finish} hands its job to the workers.
 *
 * @param <O> the operation's output type
 */
public final class Chunk<O> {

    private final Envelope envelope;
    private final DataDecoder<O> decoder;
    private final BatchPlanner planner;
    private final Map<ByteKey, Integer> distinct = new HashMap<>();
    private final List<byte[]> data = new ArrayList<>();
    private final List<int[]> batches = new ArrayList<>();
    private final Map<Integer, String> tooLarge = new HashMap<>();
    private int[] currentBatch = new int[16];
    private int currentCount;

    private int[] recordOfInput = new int[16];
    private Object[] tags = new Object[16];
    private final Map<Integer, String> localInvalid = new HashMap<>();
    private int inputs;

    private Job<O> job;

    public Chunk(Envelope envelope, DataDecoder<O> decoder, int maxRecords, int maxPayloadBytes) {
        this.envelope = envelope;
        this.decoder = decoder;
        this.planner = new BatchPlanner(envelope, maxRecords, maxPayloadBytes);
    }

    /** An input that cannot be sent; {@code tag} travels with its result (the identifier type, say). */
    public void addInvalid(Object tag, String reason) {
        int input = nextInput(tag);
        recordOfInput[input] = -1;
        localInvalid.put(input, reason);
    }

    /**
     * Adds an input whose encoded record {@code data}. An input equal to an earlier one of this
     * chunk shares its record. Returns {@link BatchPlanner.Offer#FULL} without adding anything
     * when the record is new and the current batch has no room; the caller then either cuts the
     * batch ({@link #cutBatch()}) or ends the chunk, and adds the input again.
     */
    public BatchPlanner.Offer add(Object tag, byte[] recordData) {
        ByteKey key = new ByteKey(recordData);
        Integer existing = distinct.get(key);
        if (existing != null) {
            int input = nextInput(tag); // may grow the array: index it only afterwards
            recordOfInput[input] = existing;
            return BatchPlanner.Offer.ADDED;
        }
        BatchPlanner.Offer offer = planner.offer(recordData.length);
        if (offer == BatchPlanner.Offer.FULL) {
            return offer;
        }
        int record = data.size();
        data.add(recordData);
        distinct.put(key, record);
        int input = nextInput(tag);
        recordOfInput[input] = record;
        if (offer == BatchPlanner.Offer.TOO_LARGE) {
            tooLarge.put(record, "record is too large for one invocation: " + recordData.length
                    + " bytes of data, payload limit " + planner.maxPayloadBytes() + " bytes");
        } else {
            if (currentCount == currentBatch.length) {
                currentBatch = Arrays.copyOf(currentBatch, currentCount * 2);
            }
            currentBatch[currentCount++] = record;
        }
        return offer;
    }

    /** Ends the current batch; the next record starts a new one. */
    public void cutBatch() {
        if (currentCount > 0) {
            batches.add(Arrays.copyOf(currentBatch, currentCount));
        }
        currentCount = 0;
        planner.startNewBatch();
    }

    /** Whether the current batch holds as many records as one invocation may. */
    public boolean batchAtRecordLimit() {
        return currentCount >= planner.maxRecords();
    }

    /** Ends the chunk and returns its job, with locally decided results already in place. */
    public Job<O> finish(JobStats stats, Deadline deadline) {
        cutBatch();
        job = new Job<>(envelope, decoder, data.toArray(new byte[0][]), stats, deadline);
        tooLarge.forEach((record, reason) -> job.results[record] = RecordResult.invalid(reason));
        int sent = 0;
        for (int[] b : batches) {
            sent += b.length;
        }
        stats.uniqueRecordsSent.add(sent);
        return job;
    }

    /** The batches planned, as indices into the job's records. */
    public List<int[]> batches() {
        return batches;
    }

    public int inputs() {
        return inputs;
    }

    public int distinctRecords() {
        return data.size();
    }

    public Object tag(int input) {
        return tags[input];
    }

    /** The result of input {@code input}, after the job has run. Never null. */
    public RecordResult<O> result(int input) {
        int record = recordOfInput[input];
        if (record < 0) {
            return RecordResult.invalid(localInvalid.get(input));
        }
        RecordResult<O> r = job.results[record];
        return r != null ? r : RecordResult.failed("no result was produced for the record (client error)", true);
    }

    /** The index of the distinct record input {@code input} refers to, or -1 for a local invalid one. */
    public int recordOf(int input) {
        return recordOfInput[input];
    }

    private int nextInput(Object tag) {
        if (inputs == recordOfInput.length) {
            recordOfInput = Arrays.copyOf(recordOfInput, inputs * 2);
            tags = Arrays.copyOf(tags, inputs * 2);
        }
        tags[inputs] = tag;
        return inputs++;
    }
}
