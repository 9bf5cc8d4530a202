package dev.embeddedservice.internal;

import dev.embeddedservice.auth.AuthToken;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one client call, updated from its worker threads. */
public final class JobStats {

    final LongAdder invocations = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder billedRecords = new LongAdder();
    final LongAdder uniqueRecordsSent = new LongAdder();
    final LongAdder circuitRejections = new LongAdder();
    private final Set<AuthToken> refusedTokens = ConcurrentHashMap.newKeySet();

    public long invocations() {
        return invocations.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long billedRecords() {
        return billedRecords.sum();
    }

    public long uniqueRecordsSent() {
        return uniqueRecordsSent.sum();
    }

    /** Batches failed at once because the circuit breaker was open. */
    public long circuitRejections() {
        return circuitRejections.sum();
    }

    /** Tokens the endpoint refused during this call: each led to (at most) one re-activation. */
    public long reactivations() {
        return refusedTokens.size();
    }

    void tokenRefused(AuthToken token) {
        refusedTokens.add(token);
    }
}
