package dev.embeddedservice.auth.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th delay is drawn uniformly from
 * {@code [d/2, d]}, where {@code d = min(max, base × 2^(n-1))}. Half the delay is guaranteed (so
 * attempts are really spaced out), the other half is random (so many clients that failed together
 * do not retry together).
 */
public final class ExponentialBackoff {

    private final long baseMillis;
    private final long maxMillis;

    public ExponentialBackoff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, was " + base + ", " + max);
        }
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} (>= 1) failed attempts. */
    public long delayMillis(int failures) {
        long ceiling = ceilingMillis(failures);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }

    /** The largest delay {@link #delayMillis(int)} may return after {@code failures} failures. */
    public long ceilingMillis(int failures) {
        int shift = Math.min(Math.max(failures, 1) - 1, 30);
        long d = baseMillis << shift;
        return d <= 0 || d > maxMillis ? maxMillis : d;
    }
}
