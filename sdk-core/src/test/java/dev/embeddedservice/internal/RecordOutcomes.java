package dev.embeddedservice.internal;

import dev.embeddedservice.RecordResult;

/** The outcomes of a test's plain records: generic {@link RecordResult}s of strings. */
final class RecordOutcomes implements Outcomes<String, RecordResult<String>> {

    static final RecordOutcomes INSTANCE = new RecordOutcomes();

    private RecordOutcomes() {
    }

    /** One encoded input whose record data is {@code data}, in slot 0. */
    static EncodedInputs<String, RecordResult<String>> record(byte[] data) {
        EncodedInputs<String, RecordResult<String>> in = new EncodedInputs<>(1);
        in.valid(0, data, INSTANCE);
        return in;
    }

    @Override
    public RecordResult<String> ok(String value) {
        return RecordResult.ok(value);
    }

    @Override
    public RecordResult<String> notFound() {
        return RecordResult.notFound();
    }

    @Override
    public RecordResult<String> invalid(String reason) {
        return RecordResult.invalid(reason);
    }

    @Override
    public RecordResult<String> failed(String reason, boolean retryable) {
        return RecordResult.failed(reason, retryable);
    }
}
