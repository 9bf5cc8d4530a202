package dev.embeddedservice.testkit;

/**
 * A fault the emulator can inject into an InvokeEndpoint call, by script
 * ({@link FaultInjector#script(int, Fault)}) or at a seeded rate ({@link FaultInjector#rate(double, Fault...)}).
 *
 * <p>Faults act at the layer where they happen in AWS. SageMaker-side faults ({@link #THROTTLING} to
 * {@link #INTERNAL_DEPENDENCY}, {@link #CONNECTION_RESET}) answer without calling the container.
 * {@link #CONTAINER_500} makes the container fail. The container's answer faults ({@link #TRUNCATED_BODY} to
 * {@link #RECORD_ERROR}) corrupt a 2xx answer and apply only when the container would have answered 2xx.
 * A fault never applies to a call that SageMaker itself rejects (signature or validation errors): such a call
 * shows no fault in the journal. Only faults that applied are counted in {@link EmulatorJournal#faultsInjected()}.
 *
 * <pre>{@code
 * emulator.faults().script(2, Fault.MODEL_NOT_READY).rate(0.05, Fault.THROTTLING, Fault.CONNECTION_RESET);
 * }</pre>
 */
public enum Fault {
    /** SageMaker throttles the call: HTTP 400, {@code X-Amzn-ErrorType: ThrottlingException}. */
    THROTTLING,
    /** HTTP 429, {@code ModelNotReadyException}. */
    MODEL_NOT_READY,
    /** HTTP 503, {@code ServiceUnavailable}. */
    SERVICE_UNAVAILABLE,
    /** HTTP 500, {@code InternalFailure}. */
    INTERNAL_FAILURE,
    /** HTTP 530, {@code InternalDependencyException}. */
    INTERNAL_DEPENDENCY,
    /** The container answers 500; the caller gets ModelError (424) with {@code OriginalStatusCode} 500. */
    CONTAINER_500,
    /** The connection is reset without any HTTP answer; the journal shows HTTP status 0. */
    CONNECTION_RESET,
    /** The normal answer, after the configured fault delay (default 200 ms). */
    DELAY,
    /** A 200 whose JSON body is cut in half (a complete HTTP message with a body that does not parse). */
    TRUNCATED_BODY,
    /** A 200 whose body is an HTML page, not JSON. */
    NON_JSON_BODY,
    /** A 200 where the result of one record sent is missing. */
    MISSING_RESULT,
    /** A 200 where the result of one record appears twice. */
    DUPLICATE_RESULT,
    /** A 200 where one result carries an id that was never sent (and the real one is missing). */
    UNKNOWN_RESULT_ID,
    /**
     * The token presented is revoked before the call is processed: this call and every later call with that
     * token get ModelError 401 {@code TOKEN_INVALID}; a new activation issues a fresh, valid token.
     */
    TOKEN_REVOKED,
    /**
     * Every token issued so far is revoked before the call is processed (a revocation sweep, a rotated
     * signing key): this call and every later call with any of those tokens get ModelError 401
     * {@code TOKEN_INVALID}; a new activation issues a fresh, valid token.
     */
    ALL_TOKENS_REVOKED,
    /**
     * A 200 where one record's result has status {@code ERROR} (transient, the record may be retried). That
     * record is not billed. Not in the list; added because protocol §2 defines {@code ERROR}.
     */
    RECORD_ERROR
}
