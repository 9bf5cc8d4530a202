package dev.embeddedservice.internal;

/**
 * Inputs on their way to records, in parallel arrays rather than an object each: for each slot
 * the encoded {@code data} (a JSON value, protocol §2, or {@link RecordData}'s compact form) and its
 * hash — computed where the input is encoded, on the encoder threads of a large call, so that
 * de-duplication on the planning thread only probes — or the reason the input cannot be sent;
 * and the {@link Outcomes} its result will be built by. The data may hold a (hashed) identifier:
 * nothing here prints it.
 */
public final class EncodedInputs<V, R> {

    private final byte[][] data;
    private final Outcomes<V, R>[] outcomes;
    private final int[] hashes;
    /** Allocated with the first invalid input: most inputs are valid. */
    private String[] reasons;

    @SuppressWarnings("unchecked")
    public EncodedInputs(int capacity) {
        this.data = new byte[capacity][];
        this.outcomes = new Outcomes[capacity];
        this.hashes = new int[capacity];
    }

    public int capacity() {
        return data.length;
    }

    /** Slot {@code i} holds a record whose data is {@code record}. */
    void valid(int i, byte[] record, Outcomes<V, R> o) {
        data[i] = record;
        outcomes[i] = o;
        hashes[i] = DistinctRecords.hash(record);
        if (reasons != null) {
            reasons[i] = null;
        }
    }

    /** Slot {@code i} holds an input that cannot be sent, and why (never its value). */
    void invalid(int i, String reason, Outcomes<V, R> o) {
        if (reasons == null) {
            reasons = new String[data.length];
        }
        data[i] = null;
        outcomes[i] = o;
        reasons[i] = reason;
    }

    public boolean isValid(int i) {
        return data[i] != null;
    }

    byte[] data(int i) {
        return data[i];
    }

    int hash(int i) {
        return hashes[i];
    }

    /** Every slot's hash (a slot that holds no record has a stale one). */
    int[] hashes() {
        return hashes;
    }

    Outcomes<V, R> outcomes(int i) {
        return outcomes[i];
    }

    String invalidReason(int i) {
        return reasons == null ? null : reasons[i];
    }
}
