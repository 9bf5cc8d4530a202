package dev.embeddedservice;

import java.time.Duration;

/**
 * Hears what the client does, for metrics and tracing: each InvokeEndpoint attempt, each retry,
 * each re-activation and each circuit-breaker transition. Every method has an empty default, so
 * an application overrides only what it records. Called on the client's worker threads: keep it
 * fast and thread-safe. What it throws is logged once and otherwise ignored: a listener never
 * fails a call. Events never carry a token or an identifier.
 *
 * <p>Bridging to Micrometer:
 * <pre>{@code
 * EmbeddedServiceListener metrics = new EmbeddedServiceListener() {
 *     public void invocationCompleted(InvocationEvent e) {
 *         Timer.builder("esvc.invocation").tag("outcome", e.outcome().name())
 *                 .register(registry).record(e.latency());
 *         registry.counter("esvc.records", "outcome", e.outcome().name()).increment(e.records());
 *     }
 *     public void retryScheduled(RetryEvent e) {
 *         registry.counter("esvc.retries", "reason", e.reason()).increment();
 *     }
 * };
 * EmbeddedServiceClient client = EmbeddedServiceClient.builder().listener(metrics)...build();
 * }</pre>
 */
public interface EmbeddedServiceListener {

    /** One InvokeEndpoint attempt finished, successfully or not. */
    default void invocationCompleted(InvocationEvent event) {
    }

    /** A batch will be attempted again after {@code event.backoff()}. */
    default void retryScheduled(RetryEvent event) {
    }

    /** The endpoint refused the token (401); the client invalidated it and re-activates. */
    default void tokenRejected() {
    }

    /** The circuit breaker changed state, for example from {@code CLOSED} to {@code OPEN}. */
    default void circuitBreakerStateChanged(CircuitBreakerState from, CircuitBreakerState to) {
    }

    /** The states of the client's circuit breaker (Resilience4j's). */
    enum CircuitBreakerState {
        /** Calls go through; failures are counted. */
        CLOSED,
        /** Calls fail fast, without being made, until the wait in the open state has passed. */
        OPEN,
        /** A few trial calls decide whether the circuit closes again or opens. */
        HALF_OPEN,
        /** Turned off: every call goes through and nothing is counted. */
        DISABLED,
        /** Held open: calls fail fast until it is reset. */
        FORCED_OPEN,
        /** Calls go through; failures are only counted. */
        METRICS_ONLY
    }

    /** How an InvokeEndpoint attempt ended. */
    enum Outcome {
        /** A 2xx answer that accounted for every record. */
        SUCCESS,
        /** The endpoint refused the token (ModelError 401). */
        TOKEN_REJECTED,
        /** The batch had more records than the partner accepts (ModelError 413). */
        LIMIT_EXCEEDED,
        /** A 2xx answer that broke the protocol: missing, duplicated or unknown ids, or a body that does not parse. */
        PROTOCOL_ERROR,
        /** A failure that may pass: throttling, 5xx, timeouts, connection errors. */
        RETRYABLE_ERROR,
        /** A failure that will repeat: validation errors, refused batches, unentitled operations. */
        NON_RETRYABLE_ERROR,
        /** The circuit breaker was open; no call was made. */
        CIRCUIT_OPEN
    }

    /**
     * One InvokeEndpoint attempt.
     *
     * @param operation    the operation's name
     * @param records      records in the batch
     * @param payloadBytes size of the request body
     * @param latency      time the attempt took
     * @param outcome      how it ended
     * @param errorType    the AWS error code or exception type when it failed, else {@code null}
     * @param requestId    SageMaker's request id of a failed call, to quote to AWS or the partner, else {@code null}
     */
    record InvocationEvent(String operation, int records, int payloadBytes, Duration latency, Outcome outcome,
                           String errorType, String requestId) {
    }

    /**
     * A retry about to happen.
     *
     * @param operation the operation's name
     * @param records   records in the batch
     * @param attempt   the number of the attempt that failed, from 1
     * @param backoff   the wait before the next attempt
     * @param reason    why, without any record value
     */
    record RetryEvent(String operation, int records, int attempt, Duration backoff, String reason) {
    }
}
