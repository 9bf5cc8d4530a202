package dev.embeddedservice.internal;

import dev.embeddedservice.RecordStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.exception.InvalidConfigurationException;

/**
 * The codec of a generic {@link Operation}: each input is written with Jackson as its record's
 * {@code data}, and an answer's {@code data} is bound to the operation's output type.
 */
final class GenericCodec<I, O> implements OperationCodec<I, O, RecordResult<O>> {

    private static final Outcomes<?, ?> OUTCOMES = new Outcomes<Object, RecordResult<Object>>() {
        @Override
        public RecordResult<Object> ok(Object value) {
            return RecordResult.ok(value);
        }

        @Override
        public RecordResult<Object> notFound() {
            return RecordResult.notFound();
        }

        @Override
        public RecordResult<Object> invalid(String reason) {
            return RecordResult.invalid(reason);
        }

        @Override
        public RecordResult<Object> failed(String reason, boolean retryable) {
            return RecordResult.failed(reason, retryable);
        }
    };

    private final ObjectMapper mapper;
    private final Envelope envelope;
    private final DataDecoder<O> dataDecoder;
    private final Class<O> outputType;

    /** @throws InvalidConfigurationException when the operation's params cannot be encoded */
    GenericCodec(ObjectMapper mapper, Operation<I, O> operation) {
        this.mapper = mapper;
        try {
            this.envelope = Envelope.of(mapper, operation.name(), operation.params());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("operation " + operation.name() + ": " + e.getMessage());
        }
        this.dataDecoder = new JacksonDataDecoder<>(mapper.reader(), operation.outputType());
        this.outputType = operation.outputType();
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public DataDecoder<O> dataDecoder() {
        return dataDecoder;
    }

    @Override
    public EncodedInput<O, RecordResult<O>> encode(I input) {
        Outcomes<O, RecordResult<O>> outcomes = outcomes();
        if (input == null) {
            return EncodedInput.invalid("input is null", outcomes);
        }
        try {
            byte[] data = mapper.writeValueAsBytes(input);
            return ProtocolText.escapesLoneSurrogate(data)
                    ? EncodedInput.invalid(DefaultIdentifierNormalizer.ILL_FORMED, outcomes)
                    : EncodedInput.of(data, outcomes);
        } catch (Exception e) {
            // Jackson's message may quote the input: keep only the kind of failure.
            return EncodedInput.invalid("input cannot be encoded as JSON (" + e.getClass().getSimpleName() + ")",
                    outcomes);
        }
    }

    @Override
    public RecordStatus status(RecordResult<O> result) {
        return result.status();
    }

    @Override
    public byte[] resultToBytes(RecordResult<O> r) {
        try {
            byte[] payload = r.status() == RecordStatus.OK ? mapper.writeValueAsBytes(r.value().orElseThrow())
                    : r.reason().orElse("").getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[2 + payload.length];
            out[0] = (byte) r.status().ordinal();
            out[1] = (byte) (r.retryable() ? 1 : 0);
            System.arraycopy(payload, 0, out, 2, payload.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a result cannot be written to the de-duplication index", e);
        }
    }

    @Override
    public RecordResult<O> resultFromBytes(byte[] b) {
        String text = new String(b, 2, b.length - 2, StandardCharsets.UTF_8);
        return switch (RecordStatus.values()[b[0]]) {
            case OK -> {
                try {
                    yield RecordResult.ok(mapper.readValue(b, 2, b.length - 2, outputType));
                } catch (IOException e) {
                    throw new UncheckedIOException("a result cannot be read from the de-duplication index", e);
                }
            }
            case NOT_FOUND -> RecordResult.notFound();
            case INVALID -> RecordResult.invalid(text);
            case FAILED -> RecordResult.failed(text, b[1] == 1);
        };
    }

    @SuppressWarnings("unchecked")
    private static <O> Outcomes<O, RecordResult<O>> outcomes() {
        return (Outcomes<O, RecordResult<O>>) OUTCOMES;
    }
}
