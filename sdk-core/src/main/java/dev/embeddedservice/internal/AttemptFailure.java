package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.exception.EmbeddedServiceException;

/**
 * Why one InvokeEndpoint attempt (or the step before it) failed, classified once: what the batch
 * does next, whether the circuit breaker counts it, and what a record failed by it says.
 * Internal control flow: no stack trace, and a reason that never quotes a token or a record.
 * Built only through the named factories, one per kind.
 */
final class AttemptFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the failure means for the batch. */
    enum Kind {
        /** May pass: retried with backoff while attempts and the deadline allow. */
        RETRYABLE,
        /** Will repeat: the batch fails now. */
        REFUSED,
        /** The answer broke the protocol: retried with backoff, as a retryable failure. */
        PROTOCOL,
        /** The batch has more records than the partner takes: it is split. */
        LIMIT_EXCEEDED,
        /** The endpoint refused the token (401): the batch repeats with a newer token. */
        TOKEN_REFUSED,
        /** No token could be had for the attempt; retried when the provider says it may pass. */
        TOKEN_UNAVAILABLE,
        /** The circuit breaker is open: nothing was sent. */
        CIRCUIT_OPEN,
        /** The deadline does not allow another attempt. */
        DEADLINE
    }

    private final Kind kind;
    private final boolean retryable;
    private final int partnerLimit;
    private final String requestId;

    private AttemptFailure(Kind kind, String reason, boolean retryable, int partnerLimit, String requestId) {
        super(reason, null, false, false);
        this.kind = kind;
        this.retryable = retryable;
        this.partnerLimit = partnerLimit;
        this.requestId = requestId;
    }

    /** A failure that may pass (throttling, 5xx, a dropped connection, a time-out). */
    static AttemptFailure retryable(String reason, String requestId) {
        return new AttemptFailure(Kind.RETRYABLE, reason, true, 0, requestId);
    }

    /** A refusal that will repeat (a validation error, a refused batch, an unentitled operation). */
    static AttemptFailure refused(String reason, String requestId) {
        return new AttemptFailure(Kind.REFUSED, reason, false, 0, requestId);
    }

    /** A 2xx answer that broke protocol §2. */
    static AttemptFailure protocol(String reason, String requestId) {
        return new AttemptFailure(Kind.PROTOCOL, "protocol error: " + reason, true, 0, requestId);
    }

    /** The partner's 413; {@code partnerLimit} is the limit it stated, or 0. */
    static AttemptFailure limitExceeded(String reason, int partnerLimit, String requestId) {
        return new AttemptFailure(Kind.LIMIT_EXCEEDED, reason, false, Math.max(0, partnerLimit), requestId);
    }

    /** The container refused the token (ModelError with original status 401). */
    static AttemptFailure tokenRefused(String requestId) {
        return new AttemptFailure(Kind.TOKEN_REFUSED, "the endpoint refused the token (401)", true, 0, requestId);
    }

    /** The token provider had no token; {@code cause}'s message is safe to show (it is the SDK's own). */
    static AttemptFailure tokenUnavailable(EmbeddedServiceException cause) {
        return new AttemptFailure(Kind.TOKEN_UNAVAILABLE, "no valid token: " + Redactor.sanitize(cause.getMessage()),
                cause.retryable(), 0, null);
    }

    static AttemptFailure circuitOpen() {
        return new AttemptFailure(Kind.CIRCUIT_OPEN,
                "circuit breaker is open after repeated endpoint failures; not attempted", false, 0, null);
    }

    static AttemptFailure deadline() {
        return new AttemptFailure(Kind.DEADLINE, "deadline exceeded before the batch could complete", false, 0, null);
    }

    Kind kind() {
        return kind;
    }

    /** Whether another attempt may succeed. */
    boolean retryable() {
        return retryable;
    }

    /** Whether records failed by this are worth submitting again later. */
    boolean recordRetryable() {
        return kind != Kind.REFUSED && (retryable || kind == Kind.DEADLINE || kind == Kind.CIRCUIT_OPEN);
    }

    /** Whether the circuit breaker counts this as the endpoint failing: only what the endpoint did wrong. */
    boolean countsForCircuit() {
        return kind == Kind.RETRYABLE || kind == Kind.PROTOCOL;
    }

    /** For {@link Kind#LIMIT_EXCEEDED}: the partner's stated limit, or 0 when it gave none. */
    int partnerLimit() {
        return partnerLimit;
    }

    /** SageMaker's request id of the failed call, when there was a call. */
    String requestId() {
        return requestId;
    }

    /** The reason a record failed by this gives: the failure, and the request id to quote. */
    String reason() {
        return requestId == null ? getMessage() : getMessage() + " (request id " + requestId + ")";
    }

    Outcome outcome() {
        return switch (kind) {
            case RETRYABLE, TOKEN_UNAVAILABLE -> Outcome.RETRYABLE_ERROR;
            case REFUSED, DEADLINE -> Outcome.NON_RETRYABLE_ERROR;
            case PROTOCOL -> Outcome.PROTOCOL_ERROR;
            case LIMIT_EXCEEDED -> Outcome.LIMIT_EXCEEDED;
            case TOKEN_REFUSED -> Outcome.TOKEN_REJECTED;
            case CIRCUIT_OPEN -> Outcome.CIRCUIT_OPEN;
        };
    }
}
