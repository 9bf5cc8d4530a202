package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;

import java.time.Duration;

/**
 * When the client stops calling an endpoint that keeps failing (a Resilience4j circuit breaker
 * around each InvokeEndpoint call). Over the last {@code slidingWindowSize} calls, once at least
 * {@code minimumCalls} were made, a failure rate at or above {@code failureRateThreshold} percent
 * opens the circuit: calls fail fast for {@code waitInOpenState}, then
 * {@code permittedCallsInHalfOpenState} trial calls decide whether it closes again. Only
 * server-side failures count (5xx, throttling, timeouts, broken responses), not refused requests.
 * Immutable.
 *
 * <pre>{@code
 * CircuitBreakerSettings breaker = CircuitBreakerSettings.builder()
 *         .failureRateThreshold(50)
 *         .waitInOpenState(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * @param enabled                       false turns the circuit breaker off
 * @param failureRateThreshold          percent of failed calls that opens the circuit, 1 to 100
 * @param slidingWindowSize             how many recent calls are counted
 * @param minimumCalls                  calls needed before the rate is judged
 * @param waitInOpenState               how long an open circuit fails fast
 * @param permittedCallsInHalfOpenState trial calls after the wait
 */
public record CircuitBreakerSettings(boolean enabled, float failureRateThreshold, int slidingWindowSize,
                                     int minimumCalls, Duration waitInOpenState, int permittedCallsInHalfOpenState) {

    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 50;
    public static final int DEFAULT_MINIMUM_CALLS = 20;
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(30);
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 3;

    public CircuitBreakerSettings {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new InvalidConfigurationException(
                    "circuitBreaker.failureRateThreshold must be in (0, 100], was " + failureRateThreshold);
        }
        if (slidingWindowSize < 1) {
            throw new InvalidConfigurationException(
                    "circuitBreaker.slidingWindowSize must be at least 1, was " + slidingWindowSize);
        }
        if (minimumCalls < 1) {
            throw new InvalidConfigurationException("circuitBreaker.minimumCalls must be at least 1, was " + minimumCalls);
        }
        if (waitInOpenState == null || waitInOpenState.isNegative() || waitInOpenState.isZero()) {
            throw new InvalidConfigurationException(
                    "circuitBreaker.waitInOpenState must be positive, was " + waitInOpenState);
        }
        if (permittedCallsInHalfOpenState < 1) {
            throw new InvalidConfigurationException("circuitBreaker.permittedCallsInHalfOpenState must be at least 1, was "
                    + permittedCallsInHalfOpenState);
        }
    }

    public static CircuitBreakerSettings defaults() {
        return builder().build();
    }

    /** No circuit breaker: every batch is attempted whatever happened before. */
    public static CircuitBreakerSettings disabled() {
        return builder().enabled(false).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link CircuitBreakerSettings}. */
    public static final class Builder {
        private boolean enabled = true;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration waitInOpenState = DEFAULT_WAIT_IN_OPEN_STATE;
        private int permittedCallsInHalfOpenState = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder failureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
            return this;
        }

        public Builder slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
            return this;
        }

        public Builder minimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
            return this;
        }

        public Builder waitInOpenState(Duration waitInOpenState) {
            this.waitInOpenState = waitInOpenState;
            return this;
        }

        public Builder permittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
            this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
            return this;
        }

        public CircuitBreakerSettings build() {
            return new CircuitBreakerSettings(enabled, failureRateThreshold, slidingWindowSize, minimumCalls,
                    waitInOpenState, permittedCallsInHalfOpenState);
        }
    }
}
