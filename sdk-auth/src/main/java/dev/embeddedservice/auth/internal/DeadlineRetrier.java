package dev.embeddedservice.auth.internal;

import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an attempt, and again after a backoff while it fails {@linkplain
 * EmbeddedServiceException#retryable() retryably}, until it succeeds, fails for good, or the next
 * attempt could not start before the deadline. A {@code Retry-After} the server sent
 * ({@link ActivationRateLimitedException#retryAfter()}) stretches the wait; if it reaches past the
 * deadline, the rate-limited failure is thrown at once instead of waiting in vain.
 *
 * <p>The deadline is measured on the injected {@link Clock} and waits go through the injected
 * {@link Sleeper}, so tests run the whole schedule in simulated time. The number of attempts is
 * also capped ({@link #MAX_ATTEMPTS}), so a clock that never moves cannot make it loop forever.
 */
final class DeadlineRetrier {

    /** Upper bound on attempts per call, whatever the deadline. */
    public static final int MAX_ATTEMPTS = 10;

    /** The first wait of {@link #requestBackoff}. */
    static final Duration REQUEST_BACKOFF_INITIAL = Duration.ofMillis(250);
    /** The longest wait of {@link #requestBackoff}. */
    static final Duration REQUEST_BACKOFF_MAX = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DeadlineRetrier.class);

    private final String name;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;

    /**
     * @param name    what is retried, for log lines (never a secret)
     * @param backoff the delay between attempts
     */
    public DeadlineRetrier(String name, Clock clock, Sleeper sleeper, Backoff backoff) {
        this.name = name;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    /**
     * Calls {@code attempt} with the time left before the deadline (to bound its own timeout),
     * retrying as described above.
     *
     * @throws EmbeddedServiceException the last failure
     */
    public <T> T call(Duration deadline, Function<Duration, T> attempt) {
        long deadlineAt = saturatedAdd(clock.millis(), deadline.toMillis());
        for (int attemptNo = 1; ; attemptNo++) {
            long remaining = Math.max(1, deadlineAt - clock.millis());
            try {
                return attempt.apply(Duration.ofMillis(remaining));
            } catch (EmbeddedServiceException failure) {
                if (!failure.retryable() || attemptNo >= MAX_ATTEMPTS) {
                    throw failure;
                }
                long delay = backoff.delayMillis(attemptNo);
                if (failure instanceof ActivationRateLimitedException limited && limited.retryAfter().isPresent()) {
                    delay = Math.max(delay, limited.retryAfter().get().toMillis());
                }
                long now = clock.millis();
                if (saturatedAdd(now, delay) >= deadlineAt) {
                    log.debug("{}: attempt {} failed and the next could not start before the deadline; giving up: {}",
                            name, attemptNo, failure.getMessage());
                    throw failure;
                }
                log.debug("{}: attempt {} failed, retrying in {} ms: {}", name, attemptNo, delay, failure.getMessage());
                try {
                    sleeper.sleep(Duration.ofMillis(delay));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ActivationException interrupted = new ActivationException(
                            name + " was interrupted while waiting to retry", false, null, null, e);
                    interrupted.addSuppressed(failure);
                    throw interrupted;
                }
            }
        }
    }

    /**
     * The backoff between the attempts of one activation or token request: 250 ms, doubling to at
     * most 10 s, with "equal jitter" (each wait between half and all of its ceiling).
     *
     * @param random uniform values in {@code [0, 1)}
     */
    public static Backoff requestBackoff(DoubleSupplier random) {
        return new Backoff(REQUEST_BACKOFF_INITIAL, 2.0, REQUEST_BACKOFF_MAX, 0.5, random);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
