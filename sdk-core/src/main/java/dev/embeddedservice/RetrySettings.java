package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;

import java.time.Duration;

/**
 * How the client retries a batch after a retryable error (protocol §3): at most
 * {@code maxAttempts} attempts, waiting an exponentially growing, jittered backoff between them,
 * never past the call's deadline. A {@code Retry-After} the service sends is honoured. Immutable.
 *
 * <pre>{@code
 * RetrySettings retry = RetrySettings.builder()
 *         .maxAttempts(5)
 *         .initialBackoff(Duration.ofMillis(100))
 *         .maxBackoff(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * @param maxAttempts    attempts per batch, the first included; 1 disables retries
 * @param initialBackoff the wait before the second attempt, before jitter
 * @param maxBackoff     the longest wait between two attempts
 * @param multiplier     how much each wait grows over the previous one
 * @param jitter         the random share of each wait, from 0 (none) to 1 ("full jitter")
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                            double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final double DEFAULT_JITTER = 0.5;

    public RetrySettings {
        if (maxAttempts < 1) {
            throw new InvalidConfigurationException("retry.maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new InvalidConfigurationException("retry.initialBackoff must be zero or positive, was " + initialBackoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidConfigurationException("retry.maxBackoff must be at least retry.initialBackoff, was " + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new InvalidConfigurationException("retry.multiplier must be at least 1.0, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidConfigurationException("retry.jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** The defaults: 5 attempts, 100 ms doubling up to 10 s, 50% jitter. */
    public static RetrySettings defaults() {
        return builder().build();
    }

    /** One attempt per batch, no retries (the 401 re-activation retry still happens). */
    public static RetrySettings none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RetrySettings}. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;

        private Builder() {
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public RetrySettings build() {
            return new RetrySettings(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
        }
    }
}
