package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceListener.Outcome;

/**
 * Why one InvokeEndpoint attempt failed, classified for the retry and the circuit breaker.
 * Internal control flow: no stack trace, and a reason that never quotes a token or a record.
 */
final class AttemptFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the failure means for the batch. */
    enum Kind {
        /** May pass: retry with backoff. */
        RETRYABLE,
        /** Will repeat: fail the batch now. */
        NON_RETRYABLE,
        /** The response broke the protocol: retried once, then the batch fails. */
        PROTOCOL,
        /** The partner's per-invocation limit is lower than the batch: split it. */
        LIMIT_EXCEEDED,
        /** The token was refused again after a re-activation, or none could be had. */
        TOKEN,
        /** The call's deadline does not allow another attempt. */
        DEADLINE
    }

    private final Kind kind;
    private final boolean retryAllowed;
    private final boolean recordRetryable;
    private final boolean countsForCircuit;
    private final String errorType;
    private final int partnerLimit;
    private final transient Object state;

    AttemptFailure(Kind kind, String reason, boolean retryAllowed, boolean recordRetryable, boolean countsForCircuit,
                   String errorType, int partnerLimit, Object state) {
        super(reason, null, false, false);
        this.kind = kind;
        this.retryAllowed = retryAllowed;
        this.recordRetryable = recordRetryable;
        this.countsForCircuit = countsForCircuit;
        this.errorType = errorType;
        this.partnerLimit = partnerLimit;
        this.state = state;
    }

    Kind kind() {
        return kind;
    }

    /** Whether the retry layer may make another attempt. */
    boolean retryAllowed() {
        return retryAllowed;
    }

    /** Whether records failed by this are worth submitting again later. */
    boolean recordRetryable() {
        return recordRetryable;
    }

    /** Whether the circuit breaker counts this as the endpoint failing. */
    boolean countsForCircuit() {
        return countsForCircuit;
    }

    String errorType() {
        return errorType;
    }

    /** For {@link Kind#LIMIT_EXCEEDED}: the partner's stated limit, or 0 when it gave none. */
    int partnerLimit() {
        return partnerLimit;
    }

    /** The batch attempt this failure belongs to. */
    Object state() {
        return state;
    }

    Outcome outcome() {
        return switch (kind) {
            case RETRYABLE -> Outcome.RETRYABLE_ERROR;
            case NON_RETRYABLE, TOKEN, DEADLINE -> Outcome.NON_RETRYABLE_ERROR;
            case PROTOCOL -> Outcome.PROTOCOL_ERROR;
            case LIMIT_EXCEEDED -> Outcome.LIMIT_EXCEEDED;
        };
    }

    String reason() {
        return getMessage();
    }
}
