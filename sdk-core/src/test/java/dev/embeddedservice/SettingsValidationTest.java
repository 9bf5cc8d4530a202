package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every setting of the override configuration at its bounds: the last value accepted, the first refused. */
class SettingsValidationTest {

    private static void refused(Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    }

    @Nested
    class Retry {

        @Test
        void atLeastOneAttempt() {
            assertThat(RetrySettings.builder().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
            refused(() -> RetrySettings.builder().maxAttempts(0).build(), "retry.maxAttempts must be at least 1, was 0");
        }

        @Test
        void backoffsFromZeroAndTheMaximumNotBelowTheInitial() {
            RetrySettings zero = RetrySettings.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();
            assertThat(zero.initialBackoff()).isZero();
            refused(() -> RetrySettings.builder().initialBackoff(Duration.ofMillis(-1)).build(),
                    "retry.initialBackoff must be zero or positive, was PT-0.001S");
            refused(() -> RetrySettings.builder().initialBackoff(null).build(),
                    "retry.initialBackoff must be zero or positive, was null");
            assertThat(RetrySettings.builder().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(1))
                    .build().maxBackoff()).isEqualTo(Duration.ofSeconds(1));
            refused(() -> RetrySettings.builder().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofMillis(999))
                    .build(), "retry.maxBackoff must be at least retry.initialBackoff, was PT0.999S");
            refused(() -> RetrySettings.builder().maxBackoff(null).build(),
                    "retry.maxBackoff must be at least retry.initialBackoff, was null");
        }

        @Test
        void aMultiplierOfAtLeastOneAndAJitterWithinZeroAndOne() {
            assertThat(RetrySettings.builder().multiplier(1.0).jitter(0.0).build().multiplier()).isEqualTo(1.0);
            assertThat(RetrySettings.builder().jitter(1.0).build().jitter()).isEqualTo(1.0);
            refused(() -> RetrySettings.builder().multiplier(0.99).build(), "retry.multiplier must be at least 1.0, was 0.99");
            refused(() -> RetrySettings.builder().multiplier(Double.NaN).build(),
                    "retry.multiplier must be at least 1.0, was NaN");
            refused(() -> RetrySettings.builder().jitter(-0.01).build(), "retry.jitter must be between 0 and 1, was -0.01");
            refused(() -> RetrySettings.builder().jitter(1.01).build(), "retry.jitter must be between 0 and 1, was 1.01");
        }

        @Test
        void theDefaultsAndNone() {
            RetrySettings d = RetrySettings.defaults();
            assertThat(d).isEqualTo(new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5));
            assertThat(RetrySettings.none().maxAttempts()).isEqualTo(1);
        }
    }

    @Nested
    class CircuitBreaker {

        @Test
        void aFailureRateAboveZeroUpToAHundred() {
            assertThat(CircuitBreakerSettings.builder().failureRateThreshold(100f).build().failureRateThreshold())
                    .isEqualTo(100f);
            assertThat(CircuitBreakerSettings.builder().failureRateThreshold(0.01f).build().failureRateThreshold())
                    .isEqualTo(0.01f);
            refused(() -> CircuitBreakerSettings.builder().failureRateThreshold(0f).build(),
                    "circuitBreaker.failureRateThreshold must be in (0, 100], was 0.0");
            refused(() -> CircuitBreakerSettings.builder().failureRateThreshold(100.01f).build(),
                    "circuitBreaker.failureRateThreshold must be in (0, 100], was 100.01");
        }

        @Test
        void countsOfAtLeastOne() {
            CircuitBreakerSettings ones = CircuitBreakerSettings.builder().slidingWindowSize(1).minimumCalls(1)
                    .permittedCallsInHalfOpenState(1).build();
            assertThat(ones.slidingWindowSize()).isEqualTo(1);
            assertThat(ones.minimumCalls()).isEqualTo(1);
            assertThat(ones.permittedCallsInHalfOpenState()).isEqualTo(1);
            refused(() -> CircuitBreakerSettings.builder().slidingWindowSize(0).build(),
                    "circuitBreaker.slidingWindowSize must be at least 1, was 0");
            refused(() -> CircuitBreakerSettings.builder().minimumCalls(0).build(),
                    "circuitBreaker.minimumCalls must be at least 1, was 0");
            refused(() -> CircuitBreakerSettings.builder().permittedCallsInHalfOpenState(0).build(),
                    "circuitBreaker.permittedCallsInHalfOpenState must be at least 1, was 0");
        }

        @Test
        void aPositiveWaitInTheOpenState() {
            assertThat(CircuitBreakerSettings.builder().waitInOpenState(Duration.ofNanos(1)).build().waitInOpenState())
                    .isEqualTo(Duration.ofNanos(1));
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
                refused(() -> CircuitBreakerSettings.builder().waitInOpenState(bad).build(),
                        "circuitBreaker.waitInOpenState must be positive, was " + bad);
            }
        }

        @Test
        void enabledByDefaultAndDisabledOnRequest() {
            assertThat(CircuitBreakerSettings.defaults().enabled()).isTrue();
            assertThat(CircuitBreakerSettings.disabled().enabled()).isFalse();
        }
    }

    @Nested
    class Overrides {

        @Test
        void positiveDurations() {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
                refused(() -> OverrideConfiguration.builder().deadline(bad).build(),
                        "deadline must be a positive duration, was " + bad);
                refused(() -> OverrideConfiguration.builder().attemptTimeout(bad).build(),
                        "attemptTimeout must be a positive duration, was " + bad);
            }
            assertThat(OverrideConfiguration.builder().deadline(Duration.ofNanos(1)).attemptTimeout(Duration.ofNanos(1))
                    .build().deadline()).isEqualTo(Duration.ofNanos(1));
        }

        @Test
        void aResponseBoundOfAtLeastOneKibibyte() {
            assertThat(OverrideConfiguration.builder().maxResponseBytes(1024).build().maxResponseBytes()).isEqualTo(1024);
            refused(() -> OverrideConfiguration.builder().maxResponseBytes(1023).build(),
                    "maxResponseBytes must be at least 1024, was 1023");
        }

        @Test
        void aStreamIndexMemoryOfZeroIsAutomaticAndAPositiveOneIsKept() {
            assertThat(OverrideConfiguration.builder().streamIndexMemory(1).build().effectiveStreamIndexMemory())
                    .isEqualTo(1);
            long automatic = OverrideConfiguration.builder().streamIndexMemory(0).build().effectiveStreamIndexMemory();
            assertThat(automatic).isEqualTo(Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
            refused(() -> OverrideConfiguration.builder().streamIndexMemory(-1).build(),
                    "streamIndexMemory must be zero (automatic) or positive, was -1");
        }

        @Test
        void theSpillDirectoryIsTheSettingOrTheTemporaryDirectory() {
            assertThat(OverrideConfiguration.builder().spillDirectory(Path.of("/var/spill")).build()
                    .effectiveSpillDirectory()).isEqualTo(Path.of("/var/spill"));
            assertThat(OverrideConfiguration.defaults().effectiveSpillDirectory())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        }

        @Test
        void retryAndCircuitBreakerAreRequired() {
            refused(() -> OverrideConfiguration.builder().retry(null).build(),
                    "retry must not be null (use RetrySettings.none() to disable retries)");
            refused(() -> OverrideConfiguration.builder().circuitBreaker(null).build(),
                    "circuitBreaker must not be null (use CircuitBreakerSettings.disabled() to turn it off)");
        }

        @Test
        void aCopyChangesOnlyWhatItIsToldTo() {
            OverrideConfiguration base = OverrideConfiguration.builder().deadline(Duration.ofMinutes(2)).build();

            OverrideConfiguration changed = base.with(b -> b.attemptTimeout(Duration.ofSeconds(5)));

            assertThat(changed.deadline()).isEqualTo(Duration.ofMinutes(2));
            assertThat(changed.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(base.attemptTimeout()).isEqualTo(OverrideConfiguration.DEFAULT_ATTEMPT_TIMEOUT);
            assertThat(OverrideConfiguration.defaults().deadline()).isEqualTo(OverrideConfiguration.DEFAULT_DEADLINE);
            assertThat(OverrideConfiguration.defaults().maxResponseBytes())
                    .isEqualTo(OverrideConfiguration.DEFAULT_MAX_RESPONSE_BYTES);
        }
    }
}
