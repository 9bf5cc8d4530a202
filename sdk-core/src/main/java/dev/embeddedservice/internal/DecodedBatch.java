package dev.embeddedservice.internal;

/**
 * The checked answer to one batch: for each record position, its status and its value (OK) or
 * the service's message (INVALID, ERROR).
 */
public final class DecodedBatch<O> {

    /** A record's status on the wire (protocol §2). */
    public enum WireStatus { OK, NOT_FOUND, INVALID, ERROR }

    private final WireStatus[] status;
    private final Object[] values;
    /** Allocated with the first message: most answers carry none. */
    private String[] messages;
    private int size;

    DecodedBatch(int capacity) {
        this.status = new WireStatus[capacity];
        this.values = new Object[capacity];
        this.size = capacity;
    }

    int capacity() {
        return status.length;
    }

    /** Empties the first {@code n} positions, to decode an answer of {@code n} records into. */
    void reset(int n) {
        java.util.Arrays.fill(status, 0, n, null);
        java.util.Arrays.fill(values, 0, n, null);
        if (messages != null) {
            java.util.Arrays.fill(messages, 0, n, null);
        }
        size = n;
    }

    public int size() {
        return size;
    }

    public WireStatus status(int position) {
        return status[position];
    }

    @SuppressWarnings("unchecked")
    public O value(int position) {
        return (O) values[position];
    }

    public String message(int position) {
        return messages == null ? null : messages[position];
    }

    boolean seen(int position) {
        return status[position] != null;
    }

    void set(int position, WireStatus s, Object value, String message) {
        status[position] = s;
        values[position] = value;
        if (message != null) {
            if (messages == null) {
                messages = new String[status.length];
            }
            messages[position] = message;
        }
    }
}
