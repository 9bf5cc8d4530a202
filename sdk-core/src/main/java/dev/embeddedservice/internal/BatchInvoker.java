package dev.embeddedservice.internal;

import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.EmbeddedServiceListener.InvocationEvent;
import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.EmbeddedServiceListener.RetryEvent;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.internal.AttemptFailure.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * Runs one batch to completion: every record of it ends with a result. Each attempt takes the
 * current token, sends the batch with InvokeEndpoint and checks the answer; around it sit a
 * Resilience4j {@link Retry} around a {@link CircuitBreaker} (protocol §3):
 * <ul>
 *   <li>retryable errors are retried with exponential backoff and jitter, within the call's
 *       deadline; a response that breaks the protocol is retried once;</li>
 *   <li>a ModelError 401 invalidates the token and repeats the attempt once with a fresh one
 *       (the token provider makes one activation however many batches saw the 401);</li>
 *   <li>a ModelError 413 lowers the client's record limit to the partner's and splits the batch;</li>
 *   <li>anything else fails this batch only, with a reason;</li>
 *   <li>an open circuit fails the batch at once, without a call ({@link CallNotPermittedException}
 *       is never retried).</li>
 * </ul>
 * Thread-safe; one instance serves every batch of a client.
 */
public final class BatchInvoker {

    private static final Logger log = LoggerFactory.getLogger(BatchInvoker.class);

    private final SageMakerRuntimeClient sageMaker;
    private final String endpointName;
    private final Duration attemptTimeout;
    private final TokenProvider tokens;
    private final RetrySettings retrySettings;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Limits limits;
    private final ResponseDecoder decoder;
    private final EmbeddedServiceListener listener;

    public BatchInvoker(SageMakerRuntimeClient sageMaker, String endpointName, Duration attemptTimeout,
                        TokenProvider tokens, RetrySettings retrySettings, CircuitBreaker circuitBreaker,
                        Limits limits, ResponseDecoder decoder, EmbeddedServiceListener listener) {
        this.sageMaker = sageMaker;
        this.endpointName = endpointName;
        this.attemptTimeout = attemptTimeout;
        this.tokens = tokens;
        this.retrySettings = retrySettings;
        this.circuitBreaker = circuitBreaker;
        this.limits = limits;
        this.decoder = decoder;
        this.listener = listener;
        this.retry = Retry.of("esvc-invoke", RetryConfig.<Object>custom()
                .maxAttempts(retrySettings.maxAttempts())
                .retryOnException(t -> t instanceof AttemptFailure f && f.retryAllowed())
                .intervalBiFunction(this::backoff)
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build());
    }

    /** The state of one batch across its attempts. */
    private static final class Attempts<O> {
        final Job<O> job;
        final int[] batch;      // positions in the batch this attempt sends
        final byte[] body;
        int attempts;
        boolean tokenRetried;
        boolean protocolRetried;
        boolean deadlineBeforeNext;
        AuthToken lastToken;

        Attempts(Job<O> job, int[] batch, byte[] body) {
            this.job = job;
            this.batch = batch;
            this.body = body;
        }
    }

    /** Runs {@code batch} and fills its result slots, every one of them. */
    public <O> void execute(Job<O> job, Batch<O> batch) {
        try {
            run(job, batch);
        } finally {
            batch.release();
        }
    }

    private <O> void run(Job<O> job, Batch<O> batch) {
        int[] all = new int[batch.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Deque<int[]> work = new ArrayDeque<>();
        work.add(all);
        boolean errorRetryDone = false;
        while (!work.isEmpty()) {
            int[] current = work.poll();
            ServiceConfig config = currentConfig();
            int limit = config == null ? Integer.MAX_VALUE : limits.maxRecords(config);
            if (current.length > limit) {
                // The partner lowered its limit since this batch was planned: split before calling.
                for (int from = 0; from < current.length; from += limit) {
                    work.add(Arrays.copyOfRange(current, from, Math.min(current.length, from + limit)));
                }
                continue;
            }
            Attempts<O> state = new Attempts<>(job, current, job.encode(batch, current));
            if (config != null && current.length > 1 && state.body.length > limits.maxPayloadBytes(config)) {
                // The payload limit was lowered since planning: halve rather than send what will be refused.
                int half = current.length / 2;
                work.addFirst(Arrays.copyOfRange(current, half, current.length));
                work.addFirst(Arrays.copyOfRange(current, 0, half));
                continue;
            }
            try {
                DecodedBatch<O> decoded = runWithResilience(state);
                int[] transientErrors = apply(batch, current, decoded, errorRetryDone);
                if (transientErrors.length > 0) {
                    errorRetryDone = true;
                    job.stats.retries.increment();
                    log.warn("Retrying {} of {} records the service answered ERROR (operation {})",
                            transientErrors.length, current.length, job.operation());
                    work.add(transientErrors);
                }
            } catch (AttemptFailure f) {
                if (f.kind() == Kind.LIMIT_EXCEEDED) {
                    split(batch, state, f, work);
                } else {
                    fail(batch, current, f.reason() + attemptsSuffix(state), f.recordRetryable());
                }
            } catch (CallNotPermittedException e) {
                listener.invocationCompleted(new InvocationEvent(job.operation(), current.length, state.body.length,
                        Duration.ZERO, Outcome.CIRCUIT_OPEN, "CallNotPermitted"));
                job.stats.circuitRejections.increment();
                fail(batch, current, "circuit breaker is open after repeated endpoint failures; not attempted", true);
            }
        }
    }

    /** The current token's service config, or null when there is no token (the attempt will say why). */
    private ServiceConfig currentConfig() {
        try {
            return tokens.token().config();
        } catch (EmbeddedServiceException e) {
            return null;
        }
    }

    private <O> DecodedBatch<O> runWithResilience(Attempts<O> state) {
        CheckedSupplier<DecodedBatch<O>> call = () -> attempt(state);
        if (circuitBreaker != null) {
            call = CircuitBreaker.decorateCheckedSupplier(circuitBreaker, call);
        }
        try {
            return retry.executeCheckedSupplier(call);
        } catch (AttemptFailure | CallNotPermittedException e) {
            throw e;
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            // A bug or an unexpected runtime failure: fail this batch, not the whole call.
            log.error("Unexpected failure running a batch of {} records (operation {})", state.batch.length,
                    state.job.operation(), t);
            throw new AttemptFailure(Kind.NON_RETRYABLE, "unexpected client failure: " + t.getClass().getSimpleName(),
                    false, true, false, t.getClass().getSimpleName(), 0, state);
        }
    }

    private <O> DecodedBatch<O> attempt(Attempts<O> state) {
        Job<O> job = state.job;
        state.attempts++;
        if (state.attempts > 1) {
            job.stats.retries.increment();
        }
        if (state.deadlineBeforeNext || job.deadline.passed()) {
            throw new AttemptFailure(Kind.DEADLINE, "deadline exceeded before the batch could complete", false, true,
                    false, "Deadline", 0, state);
        }
        AuthToken token = currentToken(state);
        InvokeEndpointResponse response;
        try {
            response = invoke(state, token);
        } catch (ModelErrorException e) {
            Integer original = e.originalStatusCode();
            if (original == null || original != 401) {
                throw InvokeErrors.classify(e, state);
            }
            if (state.tokenRetried) {
                throw new AttemptFailure(Kind.TOKEN, "the endpoint refused a freshly activated token (401)", false,
                        true, false, "ModelError", 0, state);
            }
            state.tokenRetried = true;
            log.warn("The endpoint refused the token (401); re-activating and repeating the batch of {} records",
                    state.batch.length);
            listener.tokenRejected();
            job.stats.tokenRefused(token);
            tokens.invalidate(token);
            AuthToken fresh = currentToken(state);
            job.stats.retries.increment();
            try {
                response = invoke(state, fresh);
            } catch (ModelErrorException again) {
                Integer code = again.originalStatusCode();
                if (code != null && code == 401) {
                    throw new AttemptFailure(Kind.TOKEN, "the endpoint refused a freshly activated token (401)",
                            false, true, false, "ModelError", 0, state);
                }
                throw InvokeErrors.classify(again, state);
            } catch (SdkException again) {
                throw InvokeErrors.classify(again, state);
            }
        } catch (SdkException e) {
            throw InvokeErrors.classify(e, state);
        }
        byte[] body = response.body().asByteArrayUnsafe();
        try {
            return decoder.decode(body, state.batch.length, job.decoder);
        } catch (ProtocolViolation v) {
            boolean again = !state.protocolRetried;
            state.protocolRetried = true;
            log.warn("Response to a batch of {} records broke the protocol ({}){}", state.batch.length, v.getMessage(),
                    again ? "; retrying once" : "");
            listener.invocationCompleted(new InvocationEvent(job.operation(), state.batch.length, state.body.length,
                    Duration.ZERO, Outcome.PROTOCOL_ERROR, "ProtocolViolation"));
            throw new AttemptFailure(Kind.PROTOCOL, "protocol error: " + v.getMessage(), again, true, true,
                    "ProtocolViolation", 0, state);
        }
    }

    private AuthToken currentToken(Attempts<?> state) {
        try {
            AuthToken token = tokens.token();
            state.lastToken = token;
            return token;
        } catch (EmbeddedServiceException e) {
            throw new AttemptFailure(Kind.TOKEN, "no valid token: " + Redactor.sanitize(e.getMessage()),
                    e.retryable(), e.retryable(), false, e.getClass().getSimpleName(), 0, state);
        }
    }

    private InvokeEndpointResponse invoke(Attempts<?> state, AuthToken token) {
        Job<?> job = state.job;
        long remaining = job.deadline.remainingMillis();
        if (remaining <= 0) {
            throw new AttemptFailure(Kind.DEADLINE, "deadline exceeded before the batch could complete", false, true,
                    false, "Deadline", 0, state);
        }
        Duration timeout = Duration.ofMillis(Math.min(remaining, attemptTimeout.toMillis()));
        InvokeEndpointRequest request = InvokeEndpointRequest.builder()
                .endpointName(endpointName)
                .contentType("application/json")
                .accept("application/json")
                .customAttributes("token=" + token.value())
                .inferenceId(UUID.randomUUID().toString())
                .body(SdkBytes.fromByteArrayUnsafe(state.body))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                .build();
        job.stats.invocations.increment();
        long start = System.nanoTime();
        try {
            InvokeEndpointResponse response = sageMaker.invokeEndpoint(request);
            job.stats.billedRecords.add(state.batch.length);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            log.debug("Batch of {} records ({} bytes, attempt {}) answered in {} ms", state.batch.length,
                    state.body.length, state.attempts, latency.toMillis());
            listener.invocationCompleted(new InvocationEvent(job.operation(), state.batch.length, state.body.length,
                    latency, Outcome.SUCCESS, null));
            return response;
        } catch (SdkException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Outcome outcome = e instanceof ModelErrorException m && Integer.valueOf(401).equals(m.originalStatusCode())
                    ? Outcome.TOKEN_REJECTED : InvokeErrors.classify(e, state).outcome();
            log.debug("Batch of {} records ({} bytes, attempt {}) failed after {} ms: {}", state.batch.length,
                    state.body.length, state.attempts, latency.toMillis(), e.getClass().getSimpleName());
            listener.invocationCompleted(new InvocationEvent(job.operation(), state.batch.length, state.body.length,
                    latency, outcome, e.getClass().getSimpleName()));
            throw e;
        }
    }

    /** The wait before attempt {@code attempt + 1}; Resilience4j calls it with the failure. */
    private long backoff(Integer attempt, Either<Throwable, Object> outcome) {
        if (!(outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure f)) {
            return retrySettings.initialBackoff().toMillis();
        }
        Attempts<?> state = (Attempts<?>) f.state();
        double base = retrySettings.initialBackoff().toMillis() * Math.pow(retrySettings.multiplier(), attempt - 1);
        double capped = Math.min(base, retrySettings.maxBackoff().toMillis());
        long wait = (long) (capped * (1 - retrySettings.jitter() * ThreadLocalRandom.current().nextDouble()));
        if (wait >= state.job.deadline.remainingMillis()) {
            state.deadlineBeforeNext = true;
            return 0;
        }
        log.warn("Retrying a batch of {} records in {} ms after attempt {}: {}", state.batch.length, wait, attempt,
                f.reason());
        listener.retryScheduled(new RetryEvent(state.job.operation(), state.batch.length, attempt,
                Duration.ofMillis(wait), f.reason()));
        return wait;
    }

    /** Fills result slots from a checked answer; returns the positions answered ERROR, to retry once. */
    private static <O> int[] apply(Batch<O> target, int[] batch, DecodedBatch<O> decoded, boolean errorRetryDone) {
        int[] errors = new int[0];
        int errorCount = 0;
        for (int pos = 0; pos < batch.length; pos++) {
            int index = batch[pos];
            switch (decoded.status(pos)) {
                case OK -> target.results[index] = RecordResult.ok(decoded.value(pos));
                case NOT_FOUND -> target.results[index] = RecordResult.notFound();
                case INVALID -> target.results[index] = RecordResult.invalid(
                        "refused by the service: " + orDefault(decoded.message(pos), "invalid record"));
                case ERROR -> {
                    if (errorRetryDone) {
                        target.results[index] = RecordResult.failed(
                                "the service could not process the record: " + orDefault(decoded.message(pos), "error"),
                                true);
                    } else {
                        if (errorCount == errors.length) {
                            errors = Arrays.copyOf(errors, Math.max(4, errors.length * 2));
                        }
                        errors[errorCount++] = index;
                    }
                }
            }
        }
        return Arrays.copyOf(errors, errorCount);
    }

    private <O> void split(Batch<O> target, Attempts<O> state, AttemptFailure f, Deque<int[]> work) {
        int[] batch = state.batch;
        int limit = f.partnerLimit() > 0 ? f.partnerLimit() : batch.length / 2;
        if (limit < 1 || limit >= batch.length) {
            fail(target, batch, "the partner refused the batch as too large (413) although it is within the limit "
                    + "it states", false);
            return;
        }
        if (state.lastToken != null) {
            limits.lowerMaxRecords(state.lastToken.config(), limit);
        }
        log.warn("The partner refused a batch of {} records as too large (413); lowering the limit to {} and splitting",
                batch.length, limit);
        for (int from = 0; from < batch.length; from += limit) {
            work.add(Arrays.copyOfRange(batch, from, Math.min(batch.length, from + limit)));
            state.job.stats.retries.increment();
        }
    }

    static <O> void fail(Batch<O> target, int[] positions, String reason, boolean retryable) {
        RecordResult<O> failed = RecordResult.failed(reason, retryable);
        for (int position : positions) {
            target.results[position] = failed;
        }
    }

    /** Fails every record of {@code target}. */
    static <O> void failAll(Batch<O> target, String reason, boolean retryable) {
        RecordResult<O> failed = RecordResult.failed(reason, retryable);
        java.util.Arrays.fill(target.results, failed);
    }

    private static String attemptsSuffix(Attempts<?> state) {
        return state.attempts > 1 ? " (after " + state.attempts + " attempts)" : "";
    }

    private static String orDefault(String message, String fallback) {
        String m = Redactor.sanitize(message);
        return m.isEmpty() ? fallback : m;
    }
}
