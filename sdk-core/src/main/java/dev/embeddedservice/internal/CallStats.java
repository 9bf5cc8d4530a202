package dev.embeddedservice.internal;

import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.auth.AuthToken;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one client call, updated from its worker threads; becomes its {@link InvocationSummary}. */
final class CallStats {

    final LongAdder invocations = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder billedRecords = new LongAdder();
    final LongAdder uniqueRecordsSent = new LongAdder();
    final LongAdder circuitRejections = new LongAdder();
    private final Set<AuthToken> refusedTokens = ConcurrentHashMap.newKeySet();
    private final long startNanos = System.nanoTime();

    long invocations() {
        return invocations.sum();
    }

    /** Batches failed at once because the circuit breaker was open. */
    long circuitRejections() {
        return circuitRejections.sum();
    }

    /** The endpoint refused {@code token} during this call: it led to (at most) one re-activation. */
    void tokenRefused(AuthToken token) {
        refusedTokens.add(token);
    }

    /**
     * The call's summary.
     *
     * @param records inputs, duplicates included
     * @param counts  inputs by {@link RecordStatus} ordinal
     */
    InvocationSummary summary(long records, long[] counts) {
        return new InvocationSummary(records, uniqueRecordsSent.sum(), invocations.sum(), retries.sum(),
                refusedTokens.size(), billedRecords.sum(), counts[RecordStatus.OK.ordinal()],
                counts[RecordStatus.NOT_FOUND.ordinal()], counts[RecordStatus.INVALID.ordinal()],
                counts[RecordStatus.FAILED.ordinal()], Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
