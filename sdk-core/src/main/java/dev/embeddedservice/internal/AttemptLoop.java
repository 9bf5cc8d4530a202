package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceListener.InvocationEvent;
import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.EmbeddedServiceListener.RetryEvent;
import dev.embeddedservice.exception.EmbeddedServiceException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The attempts of one sending of a batch, until it is answered, must be split, or fails. The loop
 * owns its state: the attempts made, the failures that count against {@code maxAttempts}, the
 * token refused last, and the call's deadline. Each outcome is classified once
 * ({@link InvokeErrors}, {@link AttemptFailure}) and then:
 * <ul>
 *   <li>retryable failures (throttling, 5xx, dropped connections, time-outs, answers that break the
 *       protocol, no token for now) wait a {@link dev.embeddedservice.auth.internal.Backoff} and try
 *       again, while attempts and the deadline allow;</li>
 *   <li>a token refusal (401) invalidates that token and repeats at once with the provider's
 *       current one: the newest if the refused one was older (no activation), else a new one
 *       from one shared re-activation. The sending fails on refusals only when a token first seen
 *       after its previous refusal is refused again with no other attempt in between, and no call
 *       of the client ever succeeded with it nor is still waiting for an answer with it (the
 *       refusal persists), or at the deadline. Refusals
 *       do not count against {@code maxAttempts};</li>
 *   <li>the partner's 413 ends the loop with {@link Split}; anything else fails the sending.</li>
 * </ul>
 * Around each call sits the Resilience4j circuit breaker, which counts only what the endpoint did
 * wrong; when it is open nothing is sent and the sending fails at once.
 */
final class AttemptLoop<V, R> {

    private static final Logger log = LoggerFactory.getLogger(AttemptLoop.class);

    /** The partner refused the sending as too large; {@code limit} is the limit it stated, or 0. */
    static final class Split extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int limit;

        Split(int limit) {
            super(null, null, false, false);
            this.limit = limit;
        }

        int limit() {
            return limit;
        }
    }

    /** The sending failed for good: its records fail with this reason. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        Failed(String reason, boolean retryable) {
            super(reason, null, false, false);
            this.retryable = retryable;
        }

        String reason() {
            return getMessage();
        }

        boolean retryable() {
            return retryable;
        }
    }

    private final BatchRunner.Parts parts;
    private final CallContext<V, R> call;
    private final int records;
    private final byte[] body;

    private int attempts;
    private int failures;
    private TokenGenerations.Seen refused;
    private long newestAtRefusal;

    AttemptLoop(BatchRunner.Parts parts, CallContext<V, R> call, int[] positions, byte[] body) {
        this.parts = parts;
        this.call = call;
        this.records = positions.length;
        this.body = body;
    }

    /** Sends until answered; the answer is checked against the protocol. */
    DecodedBatch<V> send() {
        for (;;) {
            if (call.deadline().passed()) {
                throw failed(AttemptFailure.deadline());
            }
            TokenGenerations.Seen token;
            AttemptFailure failure;
            try {
                token = parts.tokens().current();
            } catch (EmbeddedServiceException e) {
                token = null;
                failure = AttemptFailure.tokenUnavailable(e);
                if (!e.retryable()) {
                    throw failed(failure);
                }
                backOffOrFail(failure);
                continue;
            }
            CircuitBreaker breaker = parts.circuitBreaker();
            if (breaker != null && !breaker.tryAcquirePermission()) {
                call.stats().circuitRejections.increment();
                parts.listener().invocationCompleted(new InvocationEvent(call.operation(), records, body.length,
                        Duration.ZERO, Outcome.CIRCUIT_OPEN, "CallNotPermitted", null));
                throw failed(AttemptFailure.circuitOpen());
            }
            attempts++;
            if (attempts > 1) {
                call.stats().retries.increment();
            }
            long start = System.nanoTime();
            DecodedBatch<V> answer = null;
            String errorType = null;
            failure = null;
            token.sending();
            try {
                answer = attempt(token);
                token.markSucceeded();
            } catch (SdkException e) {
                failure = InvokeErrors.classify(e);
                errorType = e instanceof AwsServiceException a ? InvokeErrors.errorCode(a) : e.getClass().getSimpleName();
            } catch (BrokenAnswer broken) {
                failure = AttemptFailure.protocol(broken.getMessage(), broken.requestId());
                errorType = "ProtocolViolation";
            } finally {
                token.answered();
            }
            if (answer != null) {
                long nanos = System.nanoTime() - start;
                if (breaker != null) {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                }
                parts.listener().invocationCompleted(new InvocationEvent(call.operation(), records, body.length,
                        Duration.ofNanos(nanos), Outcome.SUCCESS, null, null));
                return answer;
            }
            long nanos = System.nanoTime() - start;
            if (breaker != null) {
                // The breaker's predicates count only failures of the endpoint itself.
                breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
            }
            parts.listener().invocationCompleted(new InvocationEvent(call.operation(), records, body.length,
                    Duration.ofNanos(nanos), failure.outcome(), errorType, failure.requestId()));
            log.debug("Batch of {} records ({} bytes, attempt {}) failed after {} ms: {}", records, body.length,
                    attempts, nanos / 1_000_000, failure.getMessage());
            switch (failure.kind()) {
                case TOKEN_REFUSED -> refusedToken(token);
                case LIMIT_EXCEEDED -> throw new Split(failure.partnerLimit());
                default -> {
                    refused = null;
                    backOffOrFail(failure);
                }
            }
        }
    }

    /** One call: the answer, checked; billing counted when the endpoint answered 2xx. */
    private DecodedBatch<V> attempt(TokenGenerations.Seen token) {
        call.stats().invocations.increment();
        InvokeEndpointResponse response = parts.invoker().invoke(body, token.token(), call.deadline().remainingMillis());
        call.stats().billedRecords.add(records);
        try {
            return parts.decoder().decode(response.body().asByteArrayUnsafe(), records, call.codec().dataDecoder());
        } catch (ProtocolViolation v) {
            log.warn("Response to a batch of {} records broke the protocol: {}", records, v.getMessage());
            throw new BrokenAnswer(v.getMessage(), InvokeErrors.requestId(response.responseMetadata().requestId()));
        }
    }

    /**
     * The endpoint refused {@code token}: repeat with a newer one, unless the refusal persists —
     * the previous attempt was refused too, and this token came after that refusal (or is the same
     * one again) without any call of this client ever succeeding with it, nor any still in flight
     * with it (one may have succeeded at the endpoint already). A token that worked and is refused
     * now was revoked meanwhile: the next one may well work.
     */
    private void refusedToken(TokenGenerations.Seen token) {
        boolean persists = refused != null && (token.token().equals(refused.token())
                || token.generation() > newestAtRefusal && token.neverSucceeded());
        if (persists) {
            throw failed(AttemptFailure.tokenRefused(null), "the endpoint refused a freshly activated token (401) "
                    + "right after refusing the one before: the refusal persists");
        }
        refused = token;
        newestAtRefusal = parts.tokens().newestGeneration();
        log.warn("The endpoint refused the token (401); repeating the batch of {} records with a newer one", records);
        call.stats().tokenRefused(token.token());
        parts.listener().tokenRejected();
        parts.tokens().invalidate(token.token());
    }

    /** Counts a retryable failure and waits before the next attempt, or fails the sending. */
    private void backOffOrFail(AttemptFailure failure) {
        if (!failure.retryable()) {
            throw failed(failure);
        }
        failures++;
        if (failures >= parts.maxAttempts()) {
            throw failed(failure);
        }
        long wait = parts.backoff().delayMillis(failures);
        if (wait >= call.deadline().remainingMillis()) {
            throw failed(failure);
        }
        log.warn("Retrying a batch of {} records in {} ms after attempt {}: {}", records, wait, attempts,
                failure.getMessage());
        parts.listener().retryScheduled(new RetryEvent(call.operation(), records, failures, Duration.ofMillis(wait),
                failure.getMessage()));
        try {
            parts.sleeper().sleep(Duration.ofMillis(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while waiting to retry: " + failure.reason(), true);
        }
    }

    private Failed failed(AttemptFailure failure) {
        return failed(failure, failure.reason());
    }

    private Failed failed(AttemptFailure failure, String reason) {
        return new Failed(reason + (attempts > 1 ? " (after " + attempts + " attempts)" : ""),
                failure.recordRetryable());
    }

    /** A 2xx answer that broke the protocol, with the request id to quote. */
    private static final class BrokenAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String requestId;

        BrokenAnswer(String message, String requestId) {
            super(message, null, false, false);
            this.requestId = requestId;
        }

        String requestId() {
            return requestId;
        }
    }
}
