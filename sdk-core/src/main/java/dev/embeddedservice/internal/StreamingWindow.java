package dev.embeddedservice.internal;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.exception.StreamAbortedException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A streaming call over an input larger than memory: consecutive inputs are cut into chunks of
 * one batch each, at most {@code maxConcurrency} chunks are in flight, and results are delivered
 * to the consumer in input order on the calling thread as the oldest chunk completes — so at most
 * {@code maxConcurrency + 1} batches are in memory. Equal inputs within a chunk are sent once.
 *
 * <p>When the caller's own code fails (the iterator throws or hands out a null identifier, the
 * consumer throws) the stream stops reading, lets what it already sent finish, delivers those
 * results (unless it was the consumer that failed) and throws {@link StreamAbortedException}:
 * nothing is billed and then thrown away without the caller knowing.
 */
final class StreamingWindow<I, V, R> {

    /** A chunk holds at most this many inputs per record of its batch (duplicates, invalid ones). */
    private static final int INPUTS_PER_RECORD = 4;

    private record Pending<V, R>(Chunk<V, R> chunk, CompletableFuture<?> done) {
    }

    private final ClientRuntime rt;
    private final OperationCodec<I, V, R> codec;
    private final Consumer<R> consumer;
    private final CallStats stats = new CallStats();
    private final long[] counts = new long[RecordStatus.values().length];
    private final ArrayDeque<Pending<V, R>> inFlight = new ArrayDeque<>();
    private BatchRunner runner;
    private long delivered;
    private RuntimeException consumerFailure;

    private StreamingWindow(ClientRuntime rt, OperationCodec<I, V, R> codec, Consumer<R> consumer) {
        this.rt = rt;
        this.codec = codec;
        this.consumer = consumer;
    }

    static <I, V, R> InvocationSummary run(ClientRuntime rt, OperationCodec<I, V, R> codec, Iterator<I> inputs,
                                           Consumer<R> consumer) {
        return new StreamingWindow<>(rt, codec, consumer).run(inputs);
    }

    private InvocationSummary run(Iterator<I> inputs) {
        AuthToken token = rt.firstToken();
        rt.applyServiceConfig(token.config());
        runner = rt.runner(token);
        long read = 0;
        RuntimeException inputFailure = null;
        Chunk<V, R> chunk = newChunk();
        try {
            while (consumerFailure == null && inputs.hasNext()) {
                EncodedInput<V, R> encoded = codec.encode(inputs.next());
                read++;
                if (chunk.add(encoded) == BatchPlanner.Offer.FULL) {
                    start(chunk);
                    chunk = newChunk();
                    chunk.add(encoded);
                }
                if (chunk.batchAtRecordLimit() || chunk.inputs() >= INPUTS_PER_RECORD * chunk.maxRecords()) {
                    start(chunk);
                    chunk = newChunk();
                }
            }
        } catch (RuntimeException e) {
            inputFailure = e;
        }
        if (consumerFailure == null && chunk.inputs() > 0) {
            start(chunk);
        }
        while (!inFlight.isEmpty()) {
            deliver(inFlight.poll());
        }
        if (consumerFailure != null) {
            throw new StreamAbortedException("the result consumer failed (" + consumerFailure.getClass().getSimpleName()
                    + ") after " + delivered + " results; the stream stopped", delivered, consumerFailure);
        }
        if (inputFailure != null) {
            throw new StreamAbortedException("reading the input failed (" + inputFailure.getClass().getSimpleName()
                    + ") after " + read + " inputs; their " + delivered + " results were delivered", delivered,
                    inputFailure);
        }
        return stats.summary(read, counts);
    }

    private Chunk<V, R> newChunk() {
        ServiceConfig config = rt.currentConfig();
        rt.applyServiceConfig(config);
        int maxRecords = rt.limits().maxRecords(config);
        return new Chunk<>(codec.envelope(), maxRecords, rt.limits().maxPayloadBytes(config),
                Math.min(maxRecords, 4096), null);
    }

    /** Sends a chunk once fewer than {@code maxConcurrency} are in flight, delivering the oldest first. */
    private void start(Chunk<V, R> chunk) {
        while (inFlight.size() >= rt.concurrency()) {
            deliver(inFlight.poll());
        }
        if (consumerFailure != null) {
            return; // the stream stops: nothing more is sent
        }
        chunk.finish();
        // The deadline of a stream applies to each chunk from when it is sent.
        CallContext<V, R> call = new CallContext<>(codec, stats,
                Deadline.after(rt.settings().clock(), rt.settings().overrides().deadline()));
        List<Batch<V, R>> batches = chunk.batches();
        CompletableFuture<?> done = batches.isEmpty() ? CompletableFuture.completedFuture(null)
                : batches.size() == 1 ? rt.submit(runner, call, batches.get(0))
                : CompletableFuture.allOf(batches.stream().map(b -> rt.submit(runner, call, b))
                        .toArray(CompletableFuture[]::new));
        inFlight.add(new Pending<>(chunk, done));
    }

    /** Hands a chunk's results to the consumer, in order, once its batches have run. */
    private void deliver(Pending<V, R> p) {
        BlockingRun.await(p.done());
        if (consumerFailure != null) {
            return;
        }
        for (int i = 0; i < p.chunk().inputs(); i++) {
            R r = p.chunk().result(i);
            counts[codec.status(r).ordinal()]++;
            try {
                consumer.accept(r);
            } catch (RuntimeException e) {
                consumerFailure = e;
                return;
            }
            delivered++;
        }
    }
}
