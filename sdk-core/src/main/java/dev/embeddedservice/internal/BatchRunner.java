package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.EmbeddedServiceListener.InvocationEvent;
import dev.embeddedservice.EmbeddedServiceListener.Outcome;
import dev.embeddedservice.EmbeddedServiceListener.RetryEvent;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.auth.internal.Sleeper;
import dev.embeddedservice.exception.EmbeddedServiceException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch to completion: every record of it ends with a result. The batch goes out whole
 * unless limits say otherwise: a partner's 413 splits it at the limit it states (and lowers the
 * client's), a limit lowered since planning splits it before sending, and records the partner
 * answered {@code ERROR} go out once more. Each sending is an {@link AttemptLoop}. Thread-safe;
 * one instance serves every batch of a client.
 */
final class BatchRunner {

    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    /** What an attempt loop needs; shared by every batch of a client. */
    record Parts(Invoker invoker, TokenGenerations tokens, int maxAttempts, Backoff backoff, Sleeper sleeper,
                 CircuitBreaker circuitBreaker, Limits limits, ResponseDecoder decoder,
                 EmbeddedServiceListener listener) {
    }

    private final Parts parts;

    BatchRunner(Parts parts) {
        this.parts = parts;
    }

    /** Runs {@code batch} and fills every one of its result slots; then drops its encoded records. */
    <V, R> void run(CallContext<V, R> call, Batch<V, R> batch) {
        try {
            runAll(call, batch);
        } catch (RuntimeException | Error e) {
            // A bug must fail this batch, not the whole call, and never leave a record without a result.
            log.error("Unexpected failure running a batch of {} records (operation {})", batch.size(), call.operation(), e);
            fillMissing(batch, "unexpected client failure: " + e.getClass().getSimpleName());
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            batch.release();
        }
    }

    /** Per thread, the positions 0..n-1 of the last batch it ran: a batch's positions are only read. */
    private static final ThreadLocal<int[]> ALL_POSITIONS = ThreadLocal.withInitial(() -> new int[0]);

    private <V, R> void runAll(CallContext<V, R> call, Batch<V, R> batch) {
        int[] all = ALL_POSITIONS.get();
        if (all.length != batch.size()) {
            all = new int[batch.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            ALL_POSITIONS.set(all);
        }
        Deque<int[]> work = new ArrayDeque<>();
        work.add(all);
        boolean errorRetryDone = false;
        while (!work.isEmpty()) {
            int[] positions = work.poll();
            byte[] body = call.encode(batch, positions);
            ServiceConfig config = currentConfig();
            if (config != null && resplit(positions, body, config, work)) {
                continue;
            }
            try {
                DecodedBatch<V> answer = new AttemptLoop<>(parts, call, positions, body).send();
                int[] transientErrors = apply(batch, positions, answer, errorRetryDone);
                if (transientErrors.length > 0) {
                    errorRetryDone = true;
                    call.stats().retries.increment();
                    log.warn("Retrying {} of {} records the service answered ERROR (operation {})",
                            transientErrors.length, positions.length, call.operation());
                    work.add(transientErrors);
                }
            } catch (AttemptLoop.Split split) {
                if (!splitAt(call, positions, split.limit(), work)) {
                    fail(batch, positions, "the partner refused the batch as too large (413) although it is within "
                            + "the limit it states", false);
                }
            } catch (AttemptLoop.Failed failed) {
                fail(batch, positions, failed.reason(), failed.retryable());
            }
        }
    }

    /**
     * Splits {@code positions} before sending when a limit was lowered since the batch was planned:
     * at the record limit, or in halves while the body is over the payload limit.
     */
    private boolean resplit(int[] positions, byte[] body, ServiceConfig config, Deque<int[]> work) {
        int limit = parts.limits().maxRecords(config);
        if (positions.length > limit) {
            for (int from = 0; from < positions.length; from += limit) {
                work.add(Arrays.copyOfRange(positions, from, Math.min(positions.length, from + limit)));
            }
            return true;
        }
        if (positions.length > 1 && body.length > parts.limits().maxPayloadBytes(config)) {
            int half = positions.length / 2;
            work.addFirst(Arrays.copyOfRange(positions, half, positions.length));
            work.addFirst(Arrays.copyOfRange(positions, 0, half));
            return true;
        }
        return false;
    }

    /**
     * After the partner's 413: at most the limit it stated per sending from now on (half the batch
     * when it stated none). False when the batch cannot be split below that.
     */
    private <V, R> boolean splitAt(CallContext<V, R> call, int[] positions, int stated, Deque<int[]> work) {
        int limit = stated > 0 ? stated : positions.length / 2;
        if (limit < 1 || limit >= positions.length) {
            return false;
        }
        ServiceConfig config = currentConfig();
        if (config != null) {
            parts.limits().lowerMaxRecords(config, limit);
        }
        log.warn("The partner refused a batch of {} records as too large (413); lowering the limit to {} and splitting",
                positions.length, limit);
        for (int from = 0; from < positions.length; from += limit) {
            work.add(Arrays.copyOfRange(positions, from, Math.min(positions.length, from + limit)));
            call.stats().retries.increment();
        }
        return true;
    }

    /** The current token's service config, or null when there is no token (the attempt will say why). */
    private ServiceConfig currentConfig() {
        try {
            return parts.tokens().current().token().config();
        } catch (EmbeddedServiceException e) {
            return null;
        }
    }

    /** Fills result slots from a checked answer; returns the positions answered ERROR, to retry once. */
    private static <V, R> int[] apply(Batch<V, R> batch, int[] positions, DecodedBatch<V> answer,
                                      boolean errorRetryDone) {
        int[] errors = null;
        int errorCount = 0;
        for (int i = 0; i < positions.length; i++) {
            int index = positions[i];
            Outcomes<V, R> outcomes = batch.outcomes(index);
            switch (answer.status(i)) {
                case OK -> batch.setResult(index, outcomes.ok(answer.value(i)));
                case NOT_FOUND -> batch.setResult(index, outcomes.notFound());
                case INVALID -> batch.setResult(index, outcomes.invalid(
                        "refused by the service: " + orDefault(answer.message(i), "invalid record")));
                case ERROR -> {
                    if (errorRetryDone) {
                        batch.setResult(index, outcomes.failed("the service could not process the record: "
                                + orDefault(answer.message(i), "error"), true));
                    } else {
                        if (errors == null) {
                            errors = new int[positions.length];
                        }
                        errors[errorCount++] = index;
                    }
                }
            }
        }
        return errors == null ? NO_ERRORS : Arrays.copyOf(errors, errorCount);
    }

    private static final int[] NO_ERRORS = new int[0];

    /** Fails the records at {@code positions}; records of one kind share one result. */
    static <V, R> void fail(Batch<V, R> batch, int[] positions, String reason, boolean retryable) {
        Outcomes<V, R> last = null;
        R failed = null;
        for (int position : positions) {
            Outcomes<V, R> outcomes = batch.outcomes(position);
            if (outcomes != last) {
                last = outcomes;
                failed = outcomes.failed(reason, retryable);
            }
            batch.setResult(position, failed);
        }
    }

    /** Fails every record of {@code batch} (the client closed before it could be sent). */
    static <V, R> void failAll(Batch<V, R> batch, String reason, boolean retryable) {
        int[] all = new int[batch.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        fail(batch, all, reason, retryable);
    }

    private static <V, R> void fillMissing(Batch<V, R> batch, String reason) {
        int[] missing = new int[batch.size()];
        int n = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.result(i) == null) {
                missing[n++] = i;
            }
        }
        fail(batch, Arrays.copyOf(missing, n), reason, true);
    }

    private static String orDefault(String message, String fallback) {
        String m = Redactor.sanitize(message);
        return m.isEmpty() ? fallback : m;
    }
}
