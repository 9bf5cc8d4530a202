package dev.embeddedservice.internal;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.StreamAbortedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A streaming call over an input larger than memory: the calling thread reads the input a
 * segment (at most a batch, at most 256 inputs) at a time while the encoder threads normalize and
 * hash the segments read ahead (one per encoder thread); consecutive inputs are cut into chunks of one batch each, at
 * most {@code maxConcurrency} chunks are in flight, and results are delivered to the consumer in
 * input order on the calling thread as the oldest chunk completes — so at most
 * {@code maxConcurrency + 1} batches, and the segments being encoded, are in memory.
 *
 * <p>Equal inputs anywhere in the stream are sent once: a {@link StreamIndex} holds every record
 * sent so far (spilling to disk past its memory budget) and a later equal input gets the first
 * one's result, once that is known, in its own place in the output. A resumed stream seeds the
 * index with the results an earlier run delivered, without sending or delivering them again.
 *
 * <p>When the caller's own code fails (the iterator throws or hands out a null identifier, the
 * consumer throws) the stream stops reading, lets what it already sent finish, delivers those
 * results (unless it was the consumer that failed) and throws {@link StreamAbortedException}:
 * nothing is billed and then thrown away without the caller knowing.
 */
final class StreamingWindow<I, V, R> {

    /** A chunk holds at most this many inputs per record of its batch (duplicates, invalid ones). */
    private static final int INPUTS_PER_RECORD = 4;
    /**
     * Inputs read from the iterator and encoded together on an encoder thread: small, so that the
     * input read ahead of what was sent stays small too (a caller that stops its iterator, as esvc
     * does on SIGINT, stops the stream soon after).
     */
    private static final int SEGMENT = 256;

    /** A chunk in flight, and the records it sends first in the stream (data, hash, and an input of each). */
    private record Pending<V, R>(Chunk<V, R> chunk, List<byte[]> newRecords, int[] hashes, int[] firstInputs,
                                 CompletableFuture<?> done) {
    }

    private final ClientRuntime rt;
    private final OperationCodec<I, V, R> codec;
    private final Consumer<R> consumer;
    private final StreamIndex<R> index;
    private final CallStats stats = new CallStats();
    private final long[] counts = new long[RecordStatus.values().length];
    private final ArrayDeque<Pending<V, R>> inFlight = new ArrayDeque<>();
    private BatchRunner runner;
    /** One slot, encoded into again for each resumed input. */
    private final EncodedInputs<V, R> encoded = new EncodedInputs<>(1);
    private long read;
    private Chunk<V, R> chunk;
    private List<byte[]> newRecords = new ArrayList<>();
    private int[] newHashes = new int[64];
    private int[] firstInputs = new int[64];
    private long delivered;
    private RuntimeException consumerFailure;

    private StreamingWindow(ClientRuntime rt, OperationCodec<I, V, R> codec, Consumer<R> consumer) {
        this.rt = rt;
        this.codec = codec;
        this.consumer = consumer;
        this.index = new StreamIndex<>(codec, rt.settings().overrides().effectiveStreamIndexMemory(),
                rt.settings().overrides().effectiveSpillDirectory());
    }

    /**
     * @param resumeFrom the results an earlier run delivered for the first inputs, in order; those
     *                   inputs are read and encoded, not sent and not delivered again
     */
    static <I, V, R> InvocationSummary run(ClientRuntime rt, OperationCodec<I, V, R> codec, Iterator<I> inputs,
                                           Consumer<R> consumer, Iterator<R> resumeFrom) {
        StreamingWindow<I, V, R> window = new StreamingWindow<>(rt, codec, consumer);
        try {
            return window.run(inputs, resumeFrom);
        } finally {
            window.index.close();
        }
    }

    private InvocationSummary run(Iterator<I> inputs, Iterator<R> resumeFrom) {
        AuthToken token = rt.firstToken();
        rt.applyServiceConfig(token.config());
        runner = rt.runner(token);
        long resumed = resume(inputs, resumeFrom);
        chunk = newChunk();
        RuntimeException inputFailure = readAll(inputs);
        if (consumerFailure == null && chunk.inputs() > 0) {
            start();
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
                    + ") after " + (resumed + read) + " inputs; their " + delivered + " results were delivered",
                    delivered, inputFailure);
        }
        return stats.summary(read, counts);
    }

    /** An encoded segment of the input, and the first of its inputs that failed to encode, if one did. */
    private record Segment<V, R>(EncodedInputs<V, R> encoded, int count, int failedAt, RuntimeException failure) {
    }

    /**
     * Reads the input on this thread, a segment at a time, while the encoder threads normalize and
     * hash the segments read ahead; plans each encoded segment in input order. Returns the input's
     * failure, if it failed: inputs read ahead of a failure are dropped, never sent.
     */
    private RuntimeException readAll(Iterator<I> inputs) {
        ArrayDeque<Future<Segment<V, R>>> ahead = new ArrayDeque<>();
        // Read ahead: a segment per encoder thread, a segment no larger than a batch.
        int lookahead = rt.encoders().getMaximumPoolSize();
        int segmentSize = Math.min(SEGMENT, chunk.maxRecords());
        boolean exhausted = false;
        RuntimeException failure = null;
        try {
            while (consumerFailure == null) {
                while (!exhausted && failure == null && ahead.size() < lookahead) {
                    List<I> segment = new ArrayList<>(segmentSize);
                    try {
                        while (segment.size() < segmentSize && inputs.hasNext()) {
                            segment.add(inputs.next());
                        }
                        exhausted = segment.size() < segmentSize;
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    if (!segment.isEmpty()) {
                        ahead.add(rt.encoders().submit(() -> encode(segment)));
                    }
                }
                Future<Segment<V, R>> next = ahead.poll();
                if (next == null) {
                    return failure;
                }
                Segment<V, R> s = BlockingRun.encoded(next);
                for (int i = 0; i < s.count() && consumerFailure == null; i++) {
                    if (i == s.failedAt()) {
                        return s.failure();
                    }
                    add(s.encoded(), i);
                    read++;
                }
            }
            return failure;
        } catch (RejectedExecutionException e) {
            throw new EmbeddedServiceException("the client is closed", false, e);
        } finally {
            ahead.forEach(f -> f.cancel(false));
        }
    }

    /** Encodes a segment; stops at an input that fails to encode (a null identifier, say). */
    private Segment<V, R> encode(List<I> segment) {
        EncodedInputs<V, R> out = new EncodedInputs<>(segment.size());
        for (int i = 0; i < segment.size(); i++) {
            try {
                codec.encode(segment.get(i), out, i);
            } catch (RuntimeException e) {
                return new Segment<>(out, segment.size(), i, e);
            }
        }
        return new Segment<>(out, segment.size(), -1, null);
    }

    /** Reads the inputs an earlier run answered and seeds the index with their results. */
    private long resume(Iterator<I> inputs, Iterator<R> resumeFrom) {
        long n = 0;
        while (resumeFrom != null && resumeFrom.hasNext()) {
            R result = resumeFrom.next();
            n++;
            if (!inputs.hasNext()) {
                throw new InvalidConfigurationException("resumeFrom holds more results (" + n
                        + " or more) than the input has inputs");
            }
            codec.encode(inputs.next(), encoded, 0);
            boolean valid = encoded.isValid(0);
            boolean invalid = result != null && codec.status(result) == RecordStatus.INVALID;
            if (result == null || !encoded.outcomes(0).couldBe(result) || !valid && !invalid) {
                throw new InvalidConfigurationException("resumeFrom does not belong to this input: its result "
                        + n + " cannot be input " + n + "'s");
            }
            if (valid && !invalid) {
                index.seed(encoded.data(0), encoded.hash(0), result);
            }
        }
        return n;
    }

    /** Adds the input encoded in slot {@code slot}. */
    private void add(EncodedInputs<V, R> encoded, int slot) {
        boolean valid = encoded.isValid(slot);
        if (valid) {
            SharedResult<R> earlier = index.find(encoded.data(slot), encoded.hash(slot));
            if (earlier != null) {
                chunk.addShared(earlier);
                cutIfFull();
                return;
            }
        }
        if (chunk.add(encoded, slot) == BatchPlanner.Offer.FULL) {
            start();
            chunk = newChunk();
            chunk.add(encoded, slot);
        }
        if (valid && chunk.distinctRecords() > newRecords.size()) {
            // A record new to the stream: equal inputs from now on share its result.
            index.addPending(encoded.data(slot), encoded.hash(slot), chunk.resultOfLastInput());
            if (newRecords.size() == firstInputs.length) {
                firstInputs = java.util.Arrays.copyOf(firstInputs, firstInputs.length * 2);
                newHashes = java.util.Arrays.copyOf(newHashes, newHashes.length * 2);
            }
            firstInputs[newRecords.size()] = chunk.inputs() - 1;
            newHashes[newRecords.size()] = encoded.hash(slot);
            newRecords.add(encoded.data(slot));
        }
        cutIfFull();
    }

    private void cutIfFull() {
        if (chunk.batchAtRecordLimit() || chunk.inputs() >= INPUTS_PER_RECORD * chunk.maxRecords()) {
            start();
            chunk = newChunk();
        }
    }

    private Chunk<V, R> newChunk() {
        ServiceConfig config = rt.currentConfig();
        rt.applyServiceConfig(config);
        int maxRecords = rt.limits().maxRecords(config);
        newRecords = new ArrayList<>();
        newHashes = new int[64];
        firstInputs = new int[64];
        return Chunk.forStream(codec.envelope(), maxRecords, rt.limits().maxPayloadBytes(config),
                Math.min(maxRecords, 4096));
    }

    /** Sends the current chunk once fewer than {@code maxConcurrency} are in flight, delivering the oldest first. */
    private void start() {
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
        inFlight.add(new Pending<>(chunk, newRecords, newHashes, firstInputs, done));
    }

    /** Once a chunk's batches have run: its records' results join the index, and go to the consumer in order. */
    private void deliver(Pending<V, R> p) {
        BlockingRun.await(p.done());
        for (int r = 0; r < p.newRecords().size(); r++) {
            index.complete(p.newRecords().get(r), p.hashes()[r], p.chunk().result(p.firstInputs()[r]));
        }
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
