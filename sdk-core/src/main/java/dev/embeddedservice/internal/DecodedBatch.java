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
    private final String[] messages;

    DecodedBatch(int size) {
        this.status = new WireStatus[size];
        this.values = new Object[size];
        this.messages = new String[size];
    }

    public int size() {
        return status.length;
    }

    public WireStatus status(int position) {
        return status[position];
    }

    @SuppressWarnings("unchecked")
    public O value(int position) {
        return (O) values[position];
    }

    public String message(int position) {
        return messages[position];
    }

    boolean seen(int position) {
        return status[position] != null;
    }

    void set(int position, WireStatus s, Object value, String message) {
        status[position] = s;
        values[position] = value;
        messages[position] = message;
    }
}
