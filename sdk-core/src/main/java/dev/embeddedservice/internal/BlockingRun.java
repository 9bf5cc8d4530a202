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
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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
            for (I input : inputs) {
                addOrCut(chunk, codec.encode(input));
            }
        } else {
            encodeInParallel(rt, codec, inputs, e -> addOrCut(chunk, e));
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
        return new Outcome<>(Arrays.asList(results), call.stats().summary(results.length, counts));
    }

    /** Adds an encoded input, cutting the batch first when it is full. */
    static <V, R> void addOrCut(Chunk<V, R> chunk, EncodedInput<V, R> e) {
        if (chunk.add(e) == BatchPlanner.Offer.FULL) {
            chunk.cutBatch();
            chunk.add(e);
        }
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
                                                   Consumer<EncodedInput<V, R>> sink) {
        int segments = (inputs.size() + ENCODE_SEGMENT - 1) / ENCODE_SEGMENT;
        int lookahead = 2 * rt.encoders().getMaximumPoolSize();
        ArrayDeque<Future<List<EncodedInput<V, R>>>> ahead = new ArrayDeque<>();
        int next = 0;
        try {
            for (int done = 0; done < segments; done++) {
                while (next < segments && ahead.size() < lookahead) {
                    List<I> segment = inputs.subList(next * ENCODE_SEGMENT,
                            Math.min(inputs.size(), (next + 1) * ENCODE_SEGMENT));
                    ahead.add(rt.encoders().submit(() -> {
                        List<EncodedInput<V, R>> out = new ArrayList<>(segment.size());
                        for (I input : segment) {
                            out.add(codec.encode(input));
                        }
                        return out;
                    }));
                    next++;
                }
                for (EncodedInput<V, R> e : encoded(ahead.poll())) {
                    sink.accept(e);
                }
            }
        } catch (RejectedExecutionException e) {
            throw new EmbeddedServiceException("the client is closed", false, e);
        } finally {
            ahead.forEach(f -> f.cancel(false));
        }
    }

    private static <T> T encoded(Future<T> segment) {
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
