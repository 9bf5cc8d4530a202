package dev.embeddedservice;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of one input record of a generic {@link Operation}: a status, the operation's
 * output when {@link RecordStatus#OK}, and for {@code INVALID} and {@code FAILED} a reason.
 * Immutable.
 *
 * <pre>{@code
 * for (RecordResult<FraudScore> r : result.results()) {
 *     switch (r.status()) {
 *         case OK -> use(r.value().orElseThrow());
 *         case FAILED -> retryLater(r.reason().orElse(""), r.retryable());
 *         default -> skip();
 *     }
 * }
 * }</pre>
 *
 * @param <O> the operation's output type
 */
public final class RecordResult<O> {

    private static final RecordResult<?> NOT_FOUND = new RecordResult<>(RecordStatus.NOT_FOUND, null, null, false);

    private final RecordStatus status;
    private final O value;
    private final String reason;
    private final boolean retryable;

    private RecordResult(RecordStatus status, O value, String reason, boolean retryable) {
        this.status = status;
        this.value = value;
        this.reason = reason;
        this.retryable = retryable;
    }

    public static <O> RecordResult<O> ok(O value) {
        return new RecordResult<>(RecordStatus.OK, Objects.requireNonNull(value, "value"), null, false);
    }

    @SuppressWarnings("unchecked")
    public static <O> RecordResult<O> notFound() {
        return (RecordResult<O>) NOT_FOUND;
    }

    public static <O> RecordResult<O> invalid(String reason) {
        return new RecordResult<>(RecordStatus.INVALID, null, Objects.requireNonNull(reason, "reason"), false);
    }

    public static <O> RecordResult<O> failed(String reason, boolean retryable) {
        return new RecordResult<>(RecordStatus.FAILED, null, Objects.requireNonNull(reason, "reason"), retryable);
    }

    public RecordStatus status() {
        return status;
    }

    /** The operation's output; present exactly when the status is {@link RecordStatus#OK}. */
    public Optional<O> value() {
        return Optional.ofNullable(value);
    }

    /** Why the record is {@code INVALID} or {@code FAILED}. Never contains the record's value. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** For {@code FAILED}: whether submitting the record again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordResult<?> r && status == r.status && retryable == r.retryable
                && Objects.equals(value, r.value) && Objects.equals(reason, r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, value, reason, retryable);
    }

    @Override
    public String toString() {
        return switch (status) {
            case OK -> "RecordResult[OK, " + value + "]";
            case NOT_FOUND -> "RecordResult[NOT_FOUND]";
            case INVALID -> "RecordResult[INVALID, " + reason + "]";
            case FAILED -> "RecordResult[FAILED, " + reason + ", retryable=" + retryable + "]";
        };
    }
}
