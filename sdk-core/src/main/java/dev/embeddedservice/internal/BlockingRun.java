package dev.embeddedservice.internal;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.exception.CircuitBreakerOpenException;
import dev.embeddedservice.exception.DeadlineExceededException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking call over a list in memory: inputs are encoded (on the encoder threads when there
 * are many), planned into one {@link Chunk} whose batches are sent to the workers as soon as each
 * is cut, and once every batch has run each input gets its result, in input order.
 */
final class BlockingRun {

    private static final Logger log = LoggerFactory.getLogger(BlockingRun.class);
    /** Inputs of a call are encoded in segments of this many, in parallel when there are several. */
    private static final int ENCODE_SEGMENT = 2048;

    /** The results of a call, in input order, and what it did. */
    record Outcome<R>(List<R> results, InvocationSummary summary) {
    }

    private BlockingRun() {
    }

    static <I, V, R> Outcome<R> run(ClientRuntime rt, OperationCodec<I, V, R> codec, List<I> inputs) {
        Deadline deadline = Deadline.after(rt.settings().clock(), rt.settings().overrides().deadline());
        AuthToken token = rt.firstToken();
        rt.applyServiceConfig(token.config());
        BatchRunner runner = rt.runner(token);
        CallContext<V, R> call = new CallContext<>(codec, new CallStats(), deadline);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        // Each batch is sent as soon as it is cut, while the following ones are still being planned.
        Chunk<V, R> chunk = new Chunk<>(codec.envelope(), rt.limits().maxRecords(token.config()),
                rt.limits().maxPayloadBytes(token.config()), inputs.size(),
                batch -> running.add(rt.submit(runner, call, batch)));
        if (inputs.size() <= ENCODE_SEGMENT) {
            EncodedInputs<V, R> encoded = encode(codec, inputs);
            for (int i = 0; i < encoded.capacity(); i++) {
                addOrCut(chunk, encoded, i);
            }
        } else {
            encodeInParallel(rt, codec, inputs, chunk);
        }
        chunk.finish();
        log.debug("{}: {} inputs, {} distinct records in {} batches", call.operation(), chunk.inputs(),
                chunk.distinctRecords(), running.size());
        running.forEach(BlockingRun::await);
        if (!running.isEmpty() && call.stats().invocations() == 0) {
            if (call.stats().circuitRejections() > 0) {
                throw new CircuitBreakerOpenException(
                        "the circuit breaker is open after repeated endpoint failures; no batch was sent");
            }
            if (deadline.passed()) {
                throw new DeadlineExceededException("the deadline of " + rt.settings().overrides().deadline()
                        + " passed before any batch was sent");
            }
        }
        @SuppressWarnings("unchecked")
        R[] results = (R[]) new Object[chunk.inputs()];
        long[] counts = new long[RecordStatus.values().length];
        for (int i = 0; i < results.length; i++) {
            results[i] = chunk.result(i);
            counts[codec.status(results[i]).ordinal()]++;
        }
        return new Outcome<>(Collections.unmodifiableList(Arrays.asList(results)),
                call.stats().summary(results.length, counts));
    }

    /** Adds an encoded input, cutting the batch first when it is full. */
    private static <V, R> void addOrCut(Chunk<V, R> chunk, EncodedInputs<V, R> inputs, int slot) {
        if (chunk.add(inputs, slot) == BatchPlanner.Offer.FULL) {
            chunk.cutBatch();
            chunk.add(inputs, slot);
        }
    }

    private static <I, V, R> EncodedInputs<V, R> encode(OperationCodec<I, V, R> codec, List<I> inputs) {
        return encode(codec, inputs, new EncodedInputs<>(inputs.size()));
    }

    /** Encodes {@code inputs} into {@code out}, whose capacity is their number. */
    private static <I, V, R> EncodedInputs<V, R> encode(OperationCodec<I, V, R> codec, List<I> inputs,
                                                       EncodedInputs<V, R> out) {
        int slot = 0;
        for (I input : inputs) {
            codec.encode(input, out, slot++);
        }
        return out;
    }

    /** Waits for a batch; its records always have results, so a failure here is a bug, logged. */
    static void await(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException | CancellationException e) {
            log.error("A batch ended with an unexpected exception", e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Encodes a large input list on the encoder threads, a few segments ahead, and hands the
     * encoded inputs to {@code sink} in input order on this thread. Normalizing and hashing is most
     * of the per-record work; done here alone it would be the whole call's critical path.
     */
    private static <I, V, R> void encodeInParallel(ClientRuntime rt, OperationCodec<I, V, R> codec, List<I> inputs,
                                                   Chunk<V, R> chunk) {
        int segments = (inputs.size() + ENCODE_SEGMENT - 1) / ENCODE_SEGMENT;
        int lookahead = 2 * rt.encoders().getMaximumPoolSize();
        ArrayDeque<Future<EncodedInputs<V, R>>> ahead = new ArrayDeque<>();
        // Planned segments come back here and are encoded into again: no new arrays per segment.
        java.util.concurrent.ConcurrentLinkedQueue<EncodedInputs<V, R>> free =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        int next = 0;
        try {
            for (int done = 0; done < segments; done++) {
                while (next < segments && ahead.size() < lookahead) {
                    List<I> segment = inputs.subList(next * ENCODE_SEGMENT,
                            Math.min(inputs.size(), (next + 1) * ENCODE_SEGMENT));
                    EncodedInputs<V, R> reused = segment.size() == ENCODE_SEGMENT ? free.poll() : null;
                    ahead.add(rt.encoders().submit(() -> encode(codec, segment,
                            reused != null ? reused : new EncodedInputs<>(segment.size()))));
                    next++;
                }
                EncodedInputs<V, R> encoded = encoded(ahead.poll());
                chunk.prefetch(encoded);
                for (int i = 0; i < encoded.capacity(); i++) {
                    addOrCut(chunk, encoded, i);
                }
                if (encoded.capacity() == ENCODE_SEGMENT) {
                    free.add(encoded);
                }
            }
        } catch (RejectedExecutionException e) {
            throw new EmbeddedServiceException("the client is closed", false, e);
        } finally {
            ahead.forEach(f -> f.cancel(false));
        }
    }

    /** The result of an encoding task, its failure as the SDK's exception. */
    static <T> T encoded(Future<T> segment) {
        try {
            return segment.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while encoding the inputs", true, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EmbeddedServiceException("encoding the inputs failed", false, e.getCause());
        } catch (CancellationException e) {
            throw new EmbeddedServiceException("the client is closed", false, e);
        }
    }
}
