package dev.embeddedservice.internal;

import dev.embeddedservice.RecordStatus;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The codec of {@code translate} (protocol §2): an {@link Identifier} is normalized and hashed
 * into {@code {"type": WIRE_TYPE, "value": ...}}, and an answer's {@code data.translatedId}
 * becomes a {@link TranslateResult} of the record's wire type.
 */
public final class TranslateCodec implements OperationCodec<Identifier, String, TranslateResult> {

    static final String OPERATION = "translate";

    /** The outcomes of a record of each wire type, by {@link IdentifierType} ordinal. */
    @SuppressWarnings("unchecked")
    private static final Outcomes<String, TranslateResult>[] OUTCOMES = new Outcomes[IdentifierType.values().length];

    static {
        for (IdentifierType type : IdentifierType.values()) {
            OUTCOMES[type.ordinal()] = new TypedOutcomes(type.wireType());
        }
    }

    private final Envelope envelope;
    private final DefaultIdentifierNormalizer normalizer;

    /** A codec for {@code targetNamespace}, parsing phone numbers of {@code phoneRegion} (for benchmarks). */
    public static TranslateCodec create(String targetNamespace, String phoneRegion) {
        return new TranslateCodec(new ObjectMapper(), targetNamespace, DefaultIdentifierNormalizer.create(phoneRegion));
    }

    /** @throws InvalidConfigurationException when the namespace is not well-formed text */
    TranslateCodec(ObjectMapper mapper, String targetNamespace, DefaultIdentifierNormalizer normalizer) {
        try {
            this.envelope = Envelope.of(mapper, OPERATION, Map.of("targetNamespace", targetNamespace));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("targetNamespace: " + e.getMessage());
        }
        this.normalizer = normalizer;
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }

    @Override
    public DataDecoder<String> dataDecoder() {
        return TranslatedIdDecoder.INSTANCE;
    }

    /** @throws NullPointerException for a null identifier (a programming error, caught at the API boundary) */
    @Override
    public EncodedInput<String, TranslateResult> encode(Identifier id) {
        Objects.requireNonNull(id, "identifiers must not contain null");
        Outcomes<String, TranslateResult> outcomes = OUTCOMES[id.type().ordinal()];
        byte[] data = normalizer.recordData(id);
        return data != null ? EncodedInput.of(data, outcomes)
                : EncodedInput.invalid(normalizer.normalize(id).invalidReason(), outcomes);
    }

    @Override
    public RecordStatus status(TranslateResult result) {
        return result.status();
    }

    @Override
    public byte[] resultToBytes(TranslateResult r) {
        String text = r.status() == RecordStatus.OK ? r.translatedId().orElseThrow() : r.reason().orElse("");
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[3 + t.length];
        out[0] = (byte) r.type().ordinal();
        out[1] = (byte) r.status().ordinal();
        out[2] = (byte) (r.retryable() ? 1 : 0);
        System.arraycopy(t, 0, out, 3, t.length);
        return out;
    }

    @Override
    public TranslateResult resultFromBytes(byte[] b) {
        Outcomes<String, TranslateResult> outcomes = OUTCOMES[b[0]];
        String text = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        return switch (RecordStatus.values()[b[1]]) {
            case OK -> outcomes.ok(text);
            case NOT_FOUND -> outcomes.notFound();
            case INVALID -> outcomes.invalid(text);
            case FAILED -> outcomes.failed(text, b[2] == 1);
        };
    }

    /** The results of a record of one wire type; NOT_FOUND is one shared instance per type. */
    private record TypedOutcomes(IdentifierType type) implements Outcomes<String, TranslateResult> {

        @Override
        public TranslateResult ok(String translatedId) {
            return TranslateResult.ok(type, translatedId);
        }

        @Override
        public TranslateResult notFound() {
            return TranslateResult.notFound(type);
        }

        @Override
        public TranslateResult invalid(String reason) {
            return TranslateResult.invalid(type, reason);
        }

        @Override
        public TranslateResult failed(String reason, boolean retryable) {
            return TranslateResult.failed(type, reason, retryable);
        }

        @Override
        public boolean couldBe(TranslateResult result) {
            return result.type() == type;
        }
    }
}
