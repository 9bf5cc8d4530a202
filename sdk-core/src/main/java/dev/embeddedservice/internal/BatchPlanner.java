package dev.embeddedservice.internal;

/**
 * Cuts records into batches in one pass: a batch ends when one more record would exceed
 * {@code maxRecords} records or {@code maxPayloadBytes} bytes of the real encoded body, whichever
 * comes first. A batch exactly at a limit is allowed; one byte more is not. A record that cannot
 * fit even alone is reported, never split or sent.
 *
 * <p>Stateful and not thread-safe: one planner walks one sequence of records.
 *
 * <pre>{@code
 * BatchPlanner planner = new BatchPlanner(envelope, 1000, 6_291_456);
 * switch (planner.offer(data.length)) {
 *     case ADDED -> ...;           // the record is in the current batch
 *     case FULL -> ...;            // cut the current batch, then offer the record again
 *     case TOO_LARGE -> ...;       // the record can never be sent
 * }
 * }</pre>
 */
public final class BatchPlanner {

    /** What happened to an offered record. */
    public enum Offer { ADDED, FULL, TOO_LARGE }

    private final int emptyBytes;
    private final int maxRecords;
    private final int maxPayloadBytes;
    private int count;
    private int bytes;

    public BatchPlanner(Envelope envelope, int maxRecords, int maxPayloadBytes) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        this.emptyBytes = envelope.emptyBytes();
        this.maxRecords = maxRecords;
        this.maxPayloadBytes = maxPayloadBytes;
        this.bytes = emptyBytes;
    }

    /** Whether a record of {@code dataLength} bytes fits in a batch of its own. */
    public boolean fitsAlone(int dataLength) {
        return (long) emptyBytes + Envelope.recordBytes(0, dataLength) <= maxPayloadBytes;
    }

    /**
     * Offers the next record. {@link Offer#FULL} leaves the current batch unchanged: the caller
     * cuts it ({@link #startNewBatch()}) and offers the record again.
     */
    public Offer offer(int dataLength) {
        if (!fitsAlone(dataLength)) {
            return Offer.TOO_LARGE;
        }
        if (count >= maxRecords) {
            return Offer.FULL;
        }
        long after = (long) bytes + Envelope.recordBytes(count, dataLength);
        if (after > maxPayloadBytes) {
            return Offer.FULL;
        }
        count++;
        bytes = (int) after;
        return Offer.ADDED;
    }

    /** Starts an empty batch. */
    public void startNewBatch() {
        count = 0;
        bytes = emptyBytes;
    }

    /** Records in the current batch. */
    public int count() {
        return count;
    }

    /** Encoded size of the current batch's body. */
    public int bytes() {
        return bytes;
    }

    public int maxRecords() {
        return maxRecords;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }
}
