package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The advanced settings of an {@link EmbeddedServiceClient}, grouped as the AWS SDK groups its
 * own: how batches are retried, when the circuit breaker opens, how long a call and one attempt
 * may take, how large a response may be, and how much heap a stream's de-duplication index keeps. Immutable; every value is validated when it is
 * built, and the message names the setting.
 *
 * <pre>{@code
 * EmbeddedServiceClient client = EmbeddedServiceClient.builder()
 *         .activationConfig(activation)
 *         .overrideConfiguration(o -> o
 *                 .retry(RetrySettings.builder().maxAttempts(3).build())
 *                 .circuitBreaker(CircuitBreakerSettings.disabled())
 *                 .deadline(Duration.ofMinutes(2)))
 *         .build();
 * }</pre>
 *
 * @param retry            how a batch is retried after a retryable error
 * @param circuitBreaker   when the client stops calling an endpoint that keeps failing
 * @param deadline         the longest one call may take, retries and backoff included (per batch
 *                         for the streaming forms)
 * @param attemptTimeout   the longest one InvokeEndpoint attempt may take (SageMaker itself times a
 *                         container out at 60 s)
 * @param maxResponseBytes the largest response body read from SageMaker; a larger one fails its
 *                         batch (applies to the SageMaker client the SDK builds)
 * @param streamIndexMemory bytes of heap a stream's de-duplication index keeps results in before it
 *                         moves them to disk; 0 (the default) means an eighth of the maximum heap, at
 *                         most 64 MiB
 * @param spillDirectory   where a stream's de-duplication index creates its temporary directory
 *                         when it spills; {@code null} (the default) means {@code java.io.tmpdir}
 */
public record OverrideConfiguration(RetrySettings retry, CircuitBreakerSettings circuitBreaker, Duration deadline,
                                    Duration attemptTimeout, long maxResponseBytes, long streamIndexMemory,
                                    Path spillDirectory) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(70);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

    private static final OverrideConfiguration DEFAULTS = new OverrideConfiguration(RetrySettings.defaults(),
            CircuitBreakerSettings.defaults(), DEFAULT_DEADLINE, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
            0, null);

    public OverrideConfiguration {
        if (retry == null) {
            throw new InvalidConfigurationException("retry must not be null (use RetrySettings.none() to disable retries)");
        }
        if (circuitBreaker == null) {
            throw new InvalidConfigurationException(
                    "circuitBreaker must not be null (use CircuitBreakerSettings.disabled() to turn it off)");
        }
        requirePositive("deadline", deadline);
        requirePositive("attemptTimeout", attemptTimeout);
        if (maxResponseBytes < 1024) {
            throw new InvalidConfigurationException("maxResponseBytes must be at least 1024, was " + maxResponseBytes);
        }
        if (streamIndexMemory < 0) {
            throw new InvalidConfigurationException("streamIndexMemory must be zero (automatic) or positive, was "
                    + streamIndexMemory);
        }
    }

    /** The heap a stream's de-duplication index may use for results: the setting, or its automatic value. */
    public long effectiveStreamIndexMemory() {
        return streamIndexMemory > 0 ? streamIndexMemory
                : Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** The directory spill directories are created in: the setting, or {@code java.io.tmpdir}. */
    public Path effectiveSpillDirectory() {
        return spillDirectory != null ? spillDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** 5 attempts with backoff, the default circuit breaker, 15 minutes per call, 70 s per attempt, 8 MiB responses. */
    public static OverrideConfiguration defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy changed by {@code change}. */
    public OverrideConfiguration with(Consumer<Builder> change) {
        Builder b = toBuilder();
        Objects.requireNonNull(change, "change").accept(b);
        return b.build();
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidConfigurationException(name + " must be a positive duration, was " + d);
        }
    }

    /** Builder for {@link OverrideConfiguration}; starts from the defaults. */
    public static final class Builder {
        private RetrySettings retry;
        private CircuitBreakerSettings circuitBreaker;
        private Duration deadline;
        private Duration attemptTimeout;
        private long maxResponseBytes;
        private long streamIndexMemory;
        private Path spillDirectory;

        private Builder(OverrideConfiguration from) {
            this.retry = from.retry;
            this.circuitBreaker = from.circuitBreaker;
            this.deadline = from.deadline;
            this.attemptTimeout = from.attemptTimeout;
            this.maxResponseBytes = from.maxResponseBytes;
            this.streamIndexMemory = from.streamIndexMemory;
            this.spillDirectory = from.spillDirectory;
        }

        public Builder retry(RetrySettings retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerSettings circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** Heap for a stream's de-duplication index before it spills to disk; 0 for automatic. */
        public Builder streamIndexMemory(long bytes) {
            this.streamIndexMemory = bytes;
            return this;
        }

        /** Where a stream's de-duplication index spills; {@code null} for {@code java.io.tmpdir}. */
        public Builder spillDirectory(Path spillDirectory) {
            this.spillDirectory = spillDirectory;
            return this;
        }

        /** @throws InvalidConfigurationException naming the setting that is invalid */
        public OverrideConfiguration build() {
            return new OverrideConfiguration(retry, circuitBreaker, deadline, attemptTimeout, maxResponseBytes,
                    streamIndexMemory, spillDirectory);
        }
    }
}
