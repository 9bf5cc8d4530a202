package dev.embeddedservice.auth.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The SDK's one backoff: exponential, capped, with jitter. After {@code n} failures the ceiling
 * is {@code min(max, initial × multiplier^(n-1))}, and the wait is the ceiling less a random share
 * of it, up to {@code jitter} (0: no jitter; 0.5: "equal jitter", the wait drawn from
 * {@code (ceiling/2, ceiling]}; 1: "full jitter"). The random share spreads out many clients that
 * failed together; the rest guarantees that attempts really are spaced out.
 *
 * <p>Immutable and thread-safe. The random source is injectable, so tests can pin each wait.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.5);
 * long wait = backoff.delayMillis(3);     // in (200, 400] ms
 * }</pre>
 */
public final class Backoff {

    /** Uniform in {@code [0, 1)}, from the calling thread's {@link ThreadLocalRandom}. */
    public static final DoubleSupplier THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextDouble();

    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;

    public Backoff(Duration initial, double multiplier, Duration max, double jitter) {
        this(initial, multiplier, max, jitter, THREAD_LOCAL_RANDOM);
    }

    /**
     * @param random uniform values in {@code [0, 1)}
     * @throws IllegalArgumentException unless {@code 0 <= initial <= max}, {@code multiplier >= 1}
     *         and {@code 0 <= jitter <= 1}
     */
    public Backoff(Duration initial, double multiplier, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || max.compareTo(initial) < 0 || !(multiplier >= 1) || !(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, multiplier >= 1 and jitter in [0, 1]; was "
                    + initial + ", " + multiplier + ", " + max + ", " + jitter);
        }
        this.initialMillis = initial.toMillis();
        this.multiplier = multiplier;
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The largest wait after {@code failures} (at least 1) failed attempts. */
    public long ceilingMillis(int failures) {
        double d = initialMillis * Math.pow(multiplier, Math.max(failures, 1) - 1);
        return d >= maxMillis ? maxMillis : (long) d;
    }

    /** The wait before attempt {@code failures + 1}, after {@code failures} (at least 1) failed attempts. */
    public long delayMillis(int failures) {
        long ceiling = ceilingMillis(failures);
        return ceiling - (long) (ceiling * jitter * random.getAsDouble());
    }

    @Override
    public String toString() {
        return "Backoff[initial=" + initialMillis + " ms, multiplier=" + multiplier + ", max=" + maxMillis
                + " ms, jitter=" + jitter + "]";
    }
}
