package dev.embeddedservice.testkit;

import java.time.Duration;

/**
 * Injects {@link Fault}s into InvokeEndpoint calls, by script or at a seeded rate. Thread-safe.
 *
 * <p>Invocation numbers are the 1-based count of InvokeEndpoint calls the emulator received since it started
 * or was last {@linkplain EmbeddedServiceEmulator#reset() reset}, whatever their outcome. Whether a rate fault
 * hits call {@code n} is a pure function of the emulator's seed and {@code n}, so a run with the same seed sees
 * the same faults at the same invocation numbers whatever the thread interleaving. A script wins over the rate.
 *
 * <pre>{@code
 * emulator.faults()
 *         .script(3, Fault.THROTTLING)            // exactly the 3rd call
 *         .rate(0.05);                            // 5% of the others, any kind
 * }</pre>
 */
public interface FaultInjector {

    /** Injects {@code fault} into InvokeEndpoint call number {@code invocationNumber} (1-based); replaces any earlier script for it. */
    FaultInjector script(int invocationNumber, Fault fault);

    /**
     * Injects a fault into each call with probability {@code rate}, the kind chosen uniformly among {@code kinds}
     * (no kinds: every kind). Replaces the previous rate; {@code rate(0)} turns it off.
     */
    FaultInjector rate(double rate, Fault... kinds);

    /** The time {@link Fault#DELAY} waits before answering (default 200 ms, or the builder's {@code faultDelay}). */
    FaultInjector delay(Duration delay);

    /**
     * Revocation sweeps: after about every {@code successfulInvocations}-th successful InvokeEndpoint call
     * (each gap drawn within ±25% of it from the seed), every token issued so far is revoked, as when a
     * partner rotates its signing key; later calls with any of those tokens get ModelError 401
     * {@code TOKEN_INVALID}. Counted under {@link Fault#ALL_TOKENS_REVOKED} in
     * {@link EmulatorJournal#faultsInjected()}. Counting successes, not calls, spaces sweeps as real ones
     * are spaced: by time in service, not by how many refused calls arrive. {@code 0} turns it off.
     *
     * <pre>{@code
     * emulator.faults().revocationSweeps(12);   // all tokens revoked every dozen or so successful calls
     * }</pre>
     */
    FaultInjector revocationSweeps(int successfulInvocations);

    /** Removes every script and the rate (including a rate set on the builder), until the next {@code reset()}. */
    FaultInjector clear();
}
