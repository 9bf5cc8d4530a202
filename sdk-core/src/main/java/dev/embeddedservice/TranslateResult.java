package dev.embeddedservice;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of translating one input identifier. Immutable; inputs that were equal share one
 * instance. The factories serve applications' own tests (a fake client answering fixed results).
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
        this.type = Objects.requireNonNull(type, "type").wireType();
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

    /** An answered identifier of wire type {@code type}: its translated id. */
    public static TranslateResult ok(IdentifierType type, String translatedId) {
        return new TranslateResult(type, RecordStatus.OK, Objects.requireNonNull(translatedId, "translatedId"), null,
                false);
    }

    /** An identifier of wire type {@code type} the partner knows nothing for (one shared instance per type). */
    public static TranslateResult notFound(IdentifierType type) {
        return NOT_FOUND[type.ordinal()];
    }

    /** An identifier that is bad itself, and why (never its value). */
    public static TranslateResult invalid(IdentifierType type, String reason) {
        return new TranslateResult(type, RecordStatus.INVALID, null, Objects.requireNonNull(reason, "reason"), false);
    }

    /** An identifier no answer could be had for, why, and whether trying again later may help. */
    public static TranslateResult failed(IdentifierType type, String reason, boolean retryable) {
        return new TranslateResult(type, RecordStatus.FAILED, null, Objects.requireNonNull(reason, "reason"), retryable);
    }

    /**
     * The wire type the identifier travelled as ({@link IdentifierType#EMAIL_SHA256} for a raw
     * email); see {@link IdentifierType#wireType()}.
     */
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
