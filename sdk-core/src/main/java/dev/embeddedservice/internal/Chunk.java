package dev.embeddedservice.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run of consecutive inputs on their way to results: each input either has a result decided
 * locally (it is invalid, or its record can never fit an invocation) or refers to a distinct
 * encoded record. Distinct records are planned into batches as they arrive (one pass), and each
 * batch is handed to {@code onBatch} as soon as it is cut, so it can be sent while planning goes
 * on. A blocking call is one chunk of many batches; a stream is a sequence of chunks of one batch
 * each. Not thread-safe: one thread builds a chunk; results are read after its batches ran.
 */
public final class Chunk<V, R> {

    private final BatchPlanner planner;
    private final Consumer<Batch<V, R>> onBatch;
    private DistinctRecords distinct;
    private final List<Batch<V, R>> batches = new ArrayList<>();
    /** The current batch's records, in arrays handed to the batch when it is cut (copied only when not full). */
    private byte[][] current;
    private Outcomes<V, R>[] currentOutcomes;
    private int currentCount;
    /** Results decided without a call, or shared with an earlier record of the stream; referred to as {@code -1 - index}. */
    private final List<SharedResult<R>> local = new ArrayList<>();

    private int records;
    /** A record's batch, or {@code -1 - local index} for a record too large to send. */
    private int[] batchOfRecord;
    private int[] positionOfRecord;
    /** An input's record, or {@code -1 - local index} for an input that is invalid itself. */
    private int[] recordOfInput;
    private int inputs;

    /**
     * @param expectedInputs how many inputs to size for (it grows past that when needed)
     * @param onBatch        receives each batch as it is cut, or null to only collect them
     */
    public Chunk(Envelope envelope, int maxRecords, int maxPayloadBytes, int expectedInputs, Consumer<Batch<V, R>> onBatch) {
        this(envelope, maxRecords, maxPayloadBytes, expectedInputs, onBatch, true);
    }

    /**
     * A chunk of a stream: it does not look for equal records itself, because the stream's
     * {@link StreamIndex} does, across the whole stream ({@link #addShared}).
     */
    static <V, R> Chunk<V, R> forStream(Envelope envelope, int maxRecords, int maxPayloadBytes, int expectedInputs) {
        return new Chunk<>(envelope, maxRecords, maxPayloadBytes, expectedInputs, null, false);
    }

    private Chunk(Envelope envelope, int maxRecords, int maxPayloadBytes, int expectedInputs,
                  Consumer<Batch<V, R>> onBatch, boolean findsDuplicates) {
        this.planner = new BatchPlanner(envelope, maxRecords, maxPayloadBytes);
        this.onBatch = onBatch;
        newBatchArrays();
        int size = Math.max(16, expectedInputs);
        this.distinct = findsDuplicates ? new DistinctRecords(size) : null;
        this.batchOfRecord = new int[size];
        this.positionOfRecord = new int[size];
        this.recordOfInput = new int[size];
    }

    /**
     * Adds an input. An invalid one gets its result at once; one whose record equals an earlier
     * record of this chunk shares it. Returns {@link BatchPlanner.Offer#FULL} without adding
     * anything when the record is new and the current batch has no room: the caller then cuts the
     * batch ({@link #cutBatch()}) or ends the chunk, and adds the input again.
     */
    public BatchPlanner.Offer add(EncodedInputs<V, R> inputs, int slot) {
        Outcomes<V, R> outcomes = inputs.outcomes(slot);
        if (!inputs.isValid(slot)) {
            int in = nextInput(); // may grow the array: index it only afterwards
            recordOfInput[in] = -1 - local(SharedResult.of(outcomes.invalid(inputs.invalidReason(slot))));
            return BatchPlanner.Offer.ADDED;
        }
        byte[] data = inputs.data(slot);
        int hash = inputs.hash(slot);
        if (distinct != null) {
            int existing = distinct.find(data, hash);
            if (existing >= 0) {
                int in = nextInput();
                recordOfInput[in] = existing;
                return BatchPlanner.Offer.ADDED;
            }
        }
        int jsonLength = RecordData.jsonLength(data);
        BatchPlanner.Offer offer = planner.offer(jsonLength);
        if (offer == BatchPlanner.Offer.FULL) {
            return offer;
        }
        int record = nextRecord();
        if (distinct != null) {
            distinct.add(record, data, hash);
        }
        int in = nextInput();
        recordOfInput[in] = record;
        if (offer == BatchPlanner.Offer.TOO_LARGE) {
            batchOfRecord[record] = -1 - local(SharedResult.of(outcomes.invalid(
                    "record is too large for one invocation: " + jsonLength + " bytes of data, payload limit "
                            + planner.maxPayloadBytes() + " bytes")));
        } else {
            batchOfRecord[record] = batches.size();
            if (currentCount == current.length) {
                current = Arrays.copyOf(current, 2 * currentCount);
                currentOutcomes = Arrays.copyOf(currentOutcomes, 2 * currentCount);
            }
            positionOfRecord[record] = currentCount;
            current[currentCount] = data;
            currentOutcomes[currentCount++] = outcomes;
        }
        return offer;
    }

    /**
     * Gets ready to add the inputs of {@code inputs}: the slots of the table of distinct records
     * they will probe are read together first (see {@link DistinctRecords#prefetch}).
     */
    public void prefetch(EncodedInputs<V, R> inputs) {
        if (distinct != null) {
            distinct.prefetch(inputs.hashes());
        }
    }

    @SuppressWarnings("unchecked")
    private void newBatchArrays() {
        int size = Math.min(planner.maxRecords(), 4096);
        current = new byte[size][];
        currentOutcomes = new Outcomes[size];
        currentCount = 0;
    }

    /** Adds an input whose result is another's: an equal record earlier in the stream. */
    void addShared(SharedResult<R> shared) {
        int in = nextInput();
        recordOfInput[in] = -1 - local(shared);
    }

    /** The result of the input added last, as a later equal input of the stream will get it. */
    SharedResult<R> resultOfLastInput() {
        int input = inputs - 1;
        return () -> result(input);
    }

    /** Ends the current batch (handing it on); the next record starts a new one. */
    public void cutBatch() {
        if (currentCount > 0) {
            Batch<V, R> batch = currentCount == current.length ? new Batch<>(current, currentOutcomes)
                    : new Batch<>(Arrays.copyOf(current, currentCount), Arrays.copyOf(currentOutcomes, currentCount));
            newBatchArrays();
            batches.add(batch);
            if (onBatch != null) {
                onBatch.accept(batch);
            }
        }
        planner.startNewBatch();
    }

    /**
     * Ends the chunk: cuts the last batch and drops what only planning needed (the table of
     * distinct records), so that a large call keeps no more than its batches and results.
     */
    public void finish() {
        cutBatch();
        distinct = null;
    }

    /** The record limit this chunk plans with. */
    public int maxRecords() {
        return planner.maxRecords();
    }

    /** Whether the current batch holds as many records as one invocation may. */
    public boolean batchAtRecordLimit() {
        return currentCount >= planner.maxRecords();
    }

    /** The batches cut so far, in order. */
    public List<Batch<V, R>> batches() {
        return batches;
    }

    public int inputs() {
        return inputs;
    }

    public int distinctRecords() {
        return records;
    }

    /** The result of input {@code input}, once its batch has run. Never null. */
    public R result(int input) {
        int record = recordOfInput[input];
        if (record < 0) {
            return local.get(-1 - record).result();
        }
        int batch = batchOfRecord[record];
        if (batch < 0) {
            return local.get(-1 - batch).result();
        }
        Batch<V, R> b = batches.get(batch);
        int position = positionOfRecord[record];
        R r = b.result(position);
        return r != null ? r : b.outcomes(position).failed("no result was produced for the record (client error)", true);
    }

    private int local(SharedResult<R> result) {
        local.add(result);
        return local.size() - 1;
    }

    private int nextRecord() {
        if (records == batchOfRecord.length) {
            batchOfRecord = Arrays.copyOf(batchOfRecord, records * 2);
            positionOfRecord = Arrays.copyOf(positionOfRecord, records * 2);
        }
        return records++;
    }

    private int nextInput() {
        if (inputs == recordOfInput.length) {
            recordOfInput = Arrays.copyOf(recordOfInput, inputs * 2);
        }
        return inputs++;
    }
}
