package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run of consecutive inputs on their way to results: each input is either a local invalid
 * result or a reference to a distinct encoded record; distinct records are planned into batches
 * as they arrive (one pass), and each batch is handed to {@code onBatch} as soon as it is cut, so
 * it can be sent while planning goes on. A blocking call is one chunk of many batches; a stream
 * is a sequence of chunks of one batch each. Not thread-safe: one thread builds a chunk.
 *
 * @param <O> the operation's output type
 */
public final class Chunk<O> {

    private final BatchPlanner planner;
    private final Consumer<Batch<O>> onBatch;
    private DistinctRecords distinct;
    private final List<Batch<O>> batches = new ArrayList<>();
    private final Map<Integer, String> tooLarge = new HashMap<>();
    private final List<byte[]> current = new ArrayList<>();
    private final List<Object> currentTags = new ArrayList<>();

    private int records;
    private int[] batchOfRecord;
    private int[] positionOfRecord;

    private int[] recordOfInput;
    private Object[] tags;
    private final Map<Integer, String> localInvalid = new HashMap<>();
    private int inputs;

    /**
     * @param expectedInputs how many inputs to size for (it grows past that when needed)
     * @param onBatch receives each batch as it is cut, or null to only collect them
     */
    public Chunk(Envelope envelope, int maxRecords, int maxPayloadBytes, int expectedInputs,
                 Consumer<Batch<O>> onBatch) {
        this.planner = new BatchPlanner(envelope, maxRecords, maxPayloadBytes);
        this.onBatch = onBatch;
        int size = Math.max(16, expectedInputs);
        this.distinct = new DistinctRecords(size);
        this.batchOfRecord = new int[size];
        this.positionOfRecord = new int[size];
        this.recordOfInput = new int[size];
        this.tags = new Object[size];
    }

    /** An input that cannot be sent; {@code tag} travels with its result (the identifier type, say). */
    public void addInvalid(Object tag, String reason) {
        int input = nextInput(tag);
        recordOfInput[input] = -1;
        localInvalid.put(input, reason);
    }

    /**
     * Adds an input whose encoded record is {@code recordData}. An input equal to an earlier one of
     * this chunk shares its record. Returns {@link BatchPlanner.Offer#FULL} without adding anything
     * when the record is new and the current batch has no room; the caller then either cuts the
     * batch ({@link #cutBatch()}) or ends the chunk, and adds the input again.
     */
    public BatchPlanner.Offer add(Object tag, byte[] recordData) {
        int hash = DistinctRecords.hash(recordData);
        int existing = distinct.find(recordData, hash);
        if (existing >= 0) {
            int input = nextInput(tag); // may grow the array: index it only afterwards
            recordOfInput[input] = existing;
            return BatchPlanner.Offer.ADDED;
        }
        BatchPlanner.Offer offer = planner.offer(recordData.length);
        if (offer == BatchPlanner.Offer.FULL) {
            return offer;
        }
        int record = nextRecord();
        distinct.add(record, recordData, hash);
        int input = nextInput(tag);
        recordOfInput[input] = record;
        if (offer == BatchPlanner.Offer.TOO_LARGE) {
            batchOfRecord[record] = -1;
            tooLarge.put(record, "record is too large for one invocation: " + recordData.length
                    + " bytes of data, payload limit " + planner.maxPayloadBytes() + " bytes");
        } else {
            batchOfRecord[record] = batches.size();
            positionOfRecord[record] = current.size();
            current.add(recordData);
            currentTags.add(tag);
        }
        return offer;
    }

    /** Ends the current batch (handing it on); the next record starts a new one. */
    public void cutBatch() {
        if (!current.isEmpty()) {
            Batch<O> batch = new Batch<>(current.toArray(new byte[0][]), currentTags.toArray());
            current.clear();
            currentTags.clear();
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
        return current.size() >= planner.maxRecords();
    }

    /** The batches cut so far, in order. */
    public List<Batch<O>> batches() {
        return batches;
    }

    public int inputs() {
        return inputs;
    }

    public int distinctRecords() {
        return records;
    }

    public Object tag(int input) {
        return tags[input];
    }

    /**
     * The mapped result of input {@code input} (see {@link Batch#map}), or null when the input has
     * no record or its batch was not mapped; {@link #result} answers for those.
     */
    public Object mapped(int input) {
        int record = recordOfInput[input];
        if (record < 0) {
            return null;
        }
        int batch = batchOfRecord[record];
        return batch < 0 ? null : batches.get(batch).mapped(positionOfRecord[record]);
    }

    /** The index of the distinct record input {@code input} refers to, or -1 for a local invalid one. */
    public int recordOf(int input) {
        return recordOfInput[input];
    }

    /** The batch (by order) record {@code record} is in, or -1 when it was too large to send. */
    public int batchOf(int record) {
        return batchOfRecord[record];
    }

    /** The result of input {@code input}, once its batch has run. Never null. */
    public RecordResult<O> result(int input) {
        int record = recordOfInput[input];
        if (record < 0) {
            return RecordResult.invalid(localInvalid.get(input));
        }
        int batch = batchOfRecord[record];
        if (batch < 0) {
            return RecordResult.invalid(tooLarge.get(record));
        }
        RecordResult<O> r = batches.get(batch).results[positionOfRecord[record]];
        return r != null ? r : RecordResult.failed("no result was produced for the record (client error)", true);
    }

    private int nextRecord() {
        if (records == batchOfRecord.length) {
            batchOfRecord = Arrays.copyOf(batchOfRecord, records * 2);
            positionOfRecord = Arrays.copyOf(positionOfRecord, records * 2);
        }
        return records++;
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
