package dev.embeddedservice.testkit.internal;

import java.util.List;

/**
 * A batch body (protocol §2) as parsed: {@code error} is set when the body is not a well-formed batch (then the
 * container answers 400 INVALID_BATCH), and {@code recordCount} is -1 when the body is not even JSON. {@code body}
 * is the request body the items' data spans point into.
 */
record Batch(String operation, String namespace, List<Item> records, int recordCount, String error, byte[] body) {

    /**
     * One record. {@code type} and {@code value} are the translate fields of its {@code data}; {@code problem} is set
     * when those are missing or malformed (a translate record is then INVALID). {@code dataStart} and
     * {@code dataEnd} delimit the record's {@code data} object in the body ({@code [start, end)}), or are -1 when
     * {@code data} is missing or not an object; other operations read their fields from there.
     */
    record Item(String id, String type, String value, String problem, int dataStart, int dataEnd) {

        Item(String id, String type, String value, String problem) {
            this(id, type, value, problem, -1, -1);
        }

        boolean hasDataObject() {
            return dataStart >= 0;
        }
    }

    static Batch unparsable(String error) {
        return new Batch(null, null, List.of(), -1, error, new byte[0]);
    }
}
