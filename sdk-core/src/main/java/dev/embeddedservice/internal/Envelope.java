package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The batch body of protocol §2, built from pre-encoded record {@code data}: the operation and
 * params are encoded once per call, each record's data once, and a batch body is their exact
 * concatenation, so its size is known before it is built and JSON is never built twice.
 *
 * <pre>
 * {"operation":"translate","params":{...},"records":[{"id":"0","data":...},{"id":"1","data":...}]}
 * </pre>
 * Record ids are the records' positions in the batch, in decimal.
 */
public final class Envelope {

    private static final byte[] PREFIX_OPEN = "{\"operation\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX_PARAMS = ",\"params\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX_RECORDS = ",\"records\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_OPEN = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_DATA = "\",\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "]}".getBytes(StandardCharsets.US_ASCII);

    private final String operation;
    private final byte[] prefix;

    private Envelope(String operation, byte[] prefix) {
        this.operation = operation;
        this.prefix = prefix;
    }

    public static Envelope of(ObjectMapper mapper, String operation, Map<String, ?> params) {
        try {
            // Written as UTF-8 bytes, as the records are: a String detour would turn a lone surrogate into '?'.
            byte[] name = mapper.writeValueAsBytes(operation);
            byte[] parameters = mapper.writeValueAsBytes(params);
            if (ProtocolText.escapesLoneSurrogate(name) || ProtocolText.escapesLoneSurrogate(parameters)) {
                throw new IllegalArgumentException("the operation or its params hold text that is not well-formed "
                        + "(an unpaired surrogate)");
            }
            byte[] prefix = new byte[PREFIX_OPEN.length + name.length + PREFIX_PARAMS.length + parameters.length
                    + PREFIX_RECORDS.length];
            int p = put(prefix, 0, PREFIX_OPEN);
            p = put(prefix, p, name);
            p = put(prefix, p, PREFIX_PARAMS);
            p = put(prefix, p, parameters);
            put(prefix, p, PREFIX_RECORDS);
            return new Envelope(operation, prefix);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("operation params cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String operation() {
        return operation;
    }

    /** Bytes of an empty batch: the envelope around the records. */
    public int emptyBytes() {
        return prefix.length + SUFFIX.length;
    }

    /** Bytes a record of {@code dataLength} adds when it is at {@code position} in its batch, comma included. */
    public static int recordBytes(int position, int dataLength) {
        return (position > 0 ? 1 : 0) + RECORD_OPEN.length + decimalDigits(position) + RECORD_DATA.length
                + dataLength + 1;
    }

    /**
     * Per thread, the last body it encoded: a body of the same size (a full batch of hashed records
     * always is) is written into it again instead of a new array. The thread that encodes a body
     * sends it and is done with it before it encodes the next one.
     */
    private static final ThreadLocal<byte[]> LAST_BODY = new ThreadLocal<>();

    /**
     * The body of a batch of {@code count} records taken from {@code data} at {@code indices}, in
     * this thread's last body when it has the size (valid until this thread encodes another).
     */
    public byte[] encode(byte[][] data, int[] indices, int from, int count) {
        int size = emptyBytes();
        for (int i = 0; i < count; i++) {
            size += recordBytes(i, RecordData.jsonLength(data[indices[from + i]]));
        }
        byte[] last = LAST_BODY.get();
        byte[] body = last != null && last.length == size ? last : new byte[size];
        LAST_BODY.set(body);
        int p = put(body, 0, prefix);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body[p++] = ',';
            }
            p = put(body, p, RECORD_OPEN);
            p = putDecimal(body, p, i);
            p = put(body, p, RECORD_DATA);
            p = RecordData.writeJson(data[indices[from + i]], body, p);
            body[p++] = '}';
        }
        p = put(body, p, SUFFIX);
        assert p == size;
        return body;
    }

    static int decimalDigits(int n) {
        if (n < 10) {
            return 1;
        }
        if (n < 100) {
            return 2;
        }
        if (n < 1000) {
            return 3;
        }
        if (n < 10000) {
            return 4;
        }
        int digits = 5;
        for (int limit = 100000; n >= limit && digits < 10; limit *= 10) {
            digits++;
        }
        return digits;
    }

    private static int put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    private static int putDecimal(byte[] dst, int at, int n) {
        int digits = decimalDigits(n);
        for (int i = at + digits - 1; i >= at; i--) {
            dst[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return at + digits;
    }
}
