package dev.embeddedservice;

import dev.embeddedservice.internal.TrustedResults;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>A large call holds one of these per input, so it is kept small: the type, status and
 * retryable flag share one byte, and a translated id the client decoded is kept as its bytes until
 * {@link #translatedId()} asks for it (each call then makes the string).
 */
public final class TranslateResult {

    private static final IdentifierType[] TYPES = IdentifierType.values();
    private static final RecordStatus[] STATUSES = RecordStatus.values();
    private static final int RETRYABLE = 1 << 6;

    /** The wire type's ordinal (bits 0–2), the status's (bits 3–4), retryable (bit 6). */
    private final byte bits;
    /** OK: the translated id, a {@code String} or its ISO-8859-1 bytes; INVALID, FAILED: the reason. */
    private final Object text;

    private TranslateResult(IdentifierType type, RecordStatus status, Object text, boolean retryable) {
        this.bits = (byte) (Objects.requireNonNull(type, "type").wireType().ordinal()
                | Objects.requireNonNull(status, "status").ordinal() << 3 | (retryable ? RETRYABLE : 0));
        this.text = text;
    }

    private static final TranslateResult[] NOT_FOUND = new TranslateResult[TYPES.length];

    static {
        for (IdentifierType t : TYPES) {
            NOT_FOUND[t.ordinal()] = new TranslateResult(t, RecordStatus.NOT_FOUND, null, false);
        }
        // The client's decoder builds OK results from the translated id's bytes, without a string.
        TrustedResults.registerResult((type, latin1) -> new TranslateResult(type, RecordStatus.OK, latin1, false));
    }

    /** An answered identifier of wire type {@code type}: its translated id. */
    public static TranslateResult ok(IdentifierType type, String translatedId) {
        return new TranslateResult(type, RecordStatus.OK, Objects.requireNonNull(translatedId, "translatedId"), false);
    }

    /** An identifier of wire type {@code type} the partner knows nothing for (one shared instance per type). */
    public static TranslateResult notFound(IdentifierType type) {
        return NOT_FOUND[type.wireType().ordinal()];
    }

    /** An identifier that is bad itself, and why (never its value). */
    public static TranslateResult invalid(IdentifierType type, String reason) {
        return new TranslateResult(type, RecordStatus.INVALID, Objects.requireNonNull(reason, "reason"), false);
    }

    /** An identifier no answer could be had for, why, and whether trying again later may help. */
    public static TranslateResult failed(IdentifierType type, String reason, boolean retryable) {
        return new TranslateResult(type, RecordStatus.FAILED, Objects.requireNonNull(reason, "reason"), retryable);
    }

    /**
     * The wire type the identifier travelled as ({@link IdentifierType#EMAIL_SHA256} for a raw
     * email); see {@link IdentifierType#wireType()}.
     */
    public IdentifierType type() {
        return TYPES[bits & 7];
    }

    public RecordStatus status() {
        return STATUSES[(bits >> 3) & 3];
    }

    /** The translated id in the target namespace; present exactly when the status is {@code OK}. */
    public Optional<String> translatedId() {
        return Optional.ofNullable(translatedIdOrNull());
    }

    /** Why the identifier is {@code INVALID} or {@code FAILED}. Never contains the identifier's value. */
    public Optional<String> reason() {
        return Optional.ofNullable(reasonOrNull());
    }

    /** For {@code FAILED}: whether translating the identifier again later may succeed. */
    public boolean retryable() {
        return (bits & RETRYABLE) != 0;
    }

    private String translatedIdOrNull() {
        if (status() != RecordStatus.OK) {
            return null;
        }
        return text instanceof byte[] latin1 ? new String(latin1, StandardCharsets.ISO_8859_1) : (String) text;
    }

    private String reasonOrNull() {
        RecordStatus s = status();
        return s == RecordStatus.INVALID || s == RecordStatus.FAILED ? (String) text : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranslateResult r && bits == r.bits
                && Objects.equals(translatedIdOrNull(), r.translatedIdOrNull())
                && Objects.equals(reasonOrNull(), r.reasonOrNull());
    }

    @Override
    public int hashCode() {
        return Objects.hash(bits, translatedIdOrNull(), reasonOrNull());
    }

    @Override
    public String toString() {
        String id = translatedIdOrNull();
        String reason = reasonOrNull();
        return "TranslateResult[" + type() + ", " + status()
                + (id != null ? ", translatedId=" + id : "")
                + (reason != null ? ", reason=" + reason : "")
                + (status() == RecordStatus.FAILED ? ", retryable=" + retryable() : "") + "]";
    }
}
