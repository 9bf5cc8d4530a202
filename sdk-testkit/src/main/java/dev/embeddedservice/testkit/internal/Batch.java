package dev.embeddedservice.testkit.internal;

import java.util.List;

/**
 * A batch body (protocol §2) as parsed: {@code error} is set when the body is not a well-formed batch (then the
 * container answers 400 INVALID_BATCH), and {@code recordCount} is -1 when the body is not even JSON.
 */
record Batch(String operation, String namespace, List<Item> records, int recordCount, String error) {

    /** One record; {@code problem} is set when its {@code data} is malformed (the record is then INVALID). */
    record Item(String id, String type, String value, String problem) {
    }

    static Batch unparsable(String error) {
        return new Batch(null, null, List.of(), -1, error);
    }
}
