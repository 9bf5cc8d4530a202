package dev.embeddedservice.testkit.internal;

import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.FaultInjector;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scripted and seeded-rate faults. Whether call {@code n} gets a rate fault, and which, is a pure function of
 * (seed, n): the same seed gives the same faults at the same invocation numbers. Thread-safe.
 */
final class DefaultFaultInjector implements FaultInjector {

    private static final long RATE_STREAM = 1;
    private static final long KIND_STREAM = 2;
    private static final long SWEEP_STREAM = 3;
    private static final Fault[] ALL = Fault.values();

    private record Rate(double rate, Fault[] kinds) {
    }

    private final long seed;
    private final Rate configuredRate;
    private final Duration configuredDelay;
    private final Map<Integer, Fault> scripts = new ConcurrentHashMap<>();
    private volatile Rate rate;
    private volatile Duration delay;
    // Guarded by this: revocation sweeps.
    private int sweepEvery;
    private long successes;
    private long nextSweepAt;
    private long sweepsDone;

    DefaultFaultInjector(long seed, double configuredRate, Duration configuredDelay) {
        this.seed = seed;
        this.configuredRate = new Rate(configuredRate, ALL);
        this.configuredDelay = configuredDelay;
        this.rate = this.configuredRate;
        this.delay = configuredDelay;
    }

    @Override
    public FaultInjector script(int invocationNumber, Fault fault) {
        if (invocationNumber < 1) {
            throw new IllegalArgumentException("invocationNumber is 1-based, was " + invocationNumber);
        }
        scripts.put(invocationNumber, Objects.requireNonNull(fault, "fault"));
        return this;
    }

    @Override
    public FaultInjector rate(double rate, Fault... kinds) {
        if (Double.isNaN(rate) || rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within [0, 1], was " + rate);
        }
        Fault[] chosen = kinds == null || kinds.length == 0 ? ALL : kinds.clone();
        for (Fault kind : chosen) {
            Objects.requireNonNull(kind, "kinds must not contain null");
        }
        this.rate = new Rate(rate, chosen);
        return this;
    }

    @Override
    public FaultInjector delay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive");
        }
        this.delay = delay;
        return this;
    }

    @Override
    public synchronized FaultInjector revocationSweeps(int successfulInvocations) {
        if (successfulInvocations < 0) {
            throw new IllegalArgumentException("successfulInvocations must be zero or positive");
        }
        sweepEvery = successfulInvocations;
        successes = 0;
        sweepsDone = 0;
        nextSweepAt = successfulInvocations == 0 ? Long.MAX_VALUE : sweepGap();
        return this;
    }

    @Override
    public FaultInjector clear() {
        scripts.clear();
        rate = new Rate(0, ALL);
        revocationSweeps(0);
        return this;
    }

    /** Back to the builder's settings. */
    void reset() {
        scripts.clear();
        rate = configuredRate;
        delay = configuredDelay;
        revocationSweeps(0);
    }

    /** Counts a successful call; true when a revocation sweep is due after it. */
    synchronized boolean sweepAfterSuccess() {
        if (sweepEvery == 0) {
            return false;
        }
        if (++successes < nextSweepAt) {
            return false;
        }
        sweepsDone++;
        nextSweepAt = successes + sweepGap();
        return true;
    }

    /** The next gap between sweeps, within ±25% of the configured one; guarded by this. */
    private long sweepGap() {
        int spread = sweepEvery / 2;
        return Math.max(1, sweepEvery - sweepEvery / 4
                + (spread == 0 ? 0 : SplitMix.below(SplitMix.value(seed, SWEEP_STREAM, sweepsDone), spread + 1)));
    }

    long delayMillis() {
        return delay.toMillis();
    }

    /** The fault for call {@code n} (1-based), or null. */
    Fault faultFor(long n) {
        if (n <= Integer.MAX_VALUE) {
            Fault scripted = scripts.get((int) n);
            if (scripted != null) {
                return scripted;
            }
        }
        Rate r = rate;
        if (r.rate() <= 0) {
            return null;
        }
        if (SplitMix.unit(SplitMix.value(seed, RATE_STREAM, n)) >= r.rate()) {
            return null;
        }
        return r.kinds()[SplitMix.below(SplitMix.value(seed, KIND_STREAM, n), r.kinds().length)];
    }

    @Override
    public String toString() {
        Rate r = rate;
        return "FaultInjector[scripts=" + scripts + ", rate=" + r.rate() + ", kinds=" + java.util.Arrays.toString(r.kinds())
                + ", delay=" + delay + "]";
    }
}
