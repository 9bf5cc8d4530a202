package dev.embeddedservice;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of translating one input identifier. Immutable; inputs that were equal share one
 * instance.
 *
 * <pre>{@code
 * TranslateResult r = response.results().get(0);
 * if (r.status() == RecordStatus.OK) {
 *     String translated = r.translatedId().orElseThrow();
 * }
 * }</pre>
 */
public final class TranslateResult {

    private final IdentifierType type;
    private final RecordStatus status;
    private final String translatedId;
    private final String reason;
    private final boolean retryable;

    private TranslateResult(IdentifierType type, RecordStatus status, String translatedId, String reason,
                            boolean retryable) {
        this.type = Objects.requireNonNull(type, "type");
        this.status = Objects.requireNonNull(status, "status");
        this.translatedId = translatedId;
        this.reason = reason;
        this.retryable = retryable;
    }

    private static final TranslateResult[] NOT_FOUND = new TranslateResult[IdentifierType.values().length];

    static {
        for (IdentifierType t : IdentifierType.values()) {
            NOT_FOUND[t.ordinal()] = new TranslateResult(t, RecordStatus.NOT_FOUND, null, null, false);
        }
    }

    /** Builds the result for an identifier of {@code type} from a generic record result. */
    public static TranslateResult of(IdentifierType type, RecordResult<String> result) {
        if (result.status() == RecordStatus.NOT_FOUND) {
            return NOT_FOUND[type.ordinal()];
        }
        return new TranslateResult(type, result.status(), result.valueOrNull(), result.reasonOrNull(),
                result.retryable());
    }

    /** The wire type the identifier travelled as. */
    public IdentifierType type() {
        return type;
    }

    public RecordStatus status() {
        return status;
    }

    /** The translated id in the target namespace; present exactly when the status is {@code OK}. */
    public Optional<String> translatedId() {
        return Optional.ofNullable(translatedId);
    }

    /** Why the identifier is {@code INVALID} or {@code FAILED}. Never contains the identifier's value. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** For {@code FAILED}: whether translating the identifier again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranslateResult r && type == r.type && status == r.status && retryable == r.retryable
                && Objects.equals(translatedId, r.translatedId) && Objects.equals(reason, r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, translatedId, reason, retryable);
    }

    @Override
    public String toString() {
        return "TranslateResult[" + type + ", " + status
                + (translatedId != null ? ", translatedId=" + translatedId : "")
                + (reason != null ? ", reason=" + reason : "")
                + (status == RecordStatus.FAILED ? ", retryable=" + retryable : "") + "]";
    }
}
