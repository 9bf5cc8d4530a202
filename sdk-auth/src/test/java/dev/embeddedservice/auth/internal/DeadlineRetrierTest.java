package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.auth.MutableClock;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attempts within a deadline, in simulated time: what each attempt may take, and when it stops. */
class DeadlineRetrierTest {

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Duration> given = new ArrayList<>();

    private DeadlineRetrier retrier(Sleeper sleeper) {
        return new DeadlineRetrier("test", clock, sleeper,
                new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.0, () -> 0.0));
    }

    private DeadlineRetrier retrier() {
        return retrier(d -> {
            sleeps.add(d);
            clock.advance(d);
        });
    }

    /** Fails retryably {@code failures} times, then answers "done"; keeps the time each attempt was given. */
    private java.util.function.Function<Duration, String> failing(int failures) {
        int[] calls = {0};
        return remaining -> {
            given.add(remaining);
            if (calls[0]++ < failures) {
                throw new EmbeddedServiceException("busy " + calls[0], true);
            }
            return "done";
        };
    }

    @Test
    void eachAttemptIsGivenTheTimeLeftBeforeTheDeadline() {
        assertThat(retrier().call(Duration.ofSeconds(10), failing(2))).isEqualTo("done");

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(given).containsExactly(Duration.ofSeconds(10), Duration.ofMillis(9_900), Duration.ofMillis(9_700));
    }

    @Test
    void aDeadlineTooFarToAddToTheClockIsNoDeadline() {
        assertThat(retrier().call(Duration.ofMillis(Long.MAX_VALUE), failing(3))).isEqualTo("done");

        assertThat(sleeps).hasSize(3);
    }

    @Test
    void aWaitThatWouldEndAtTheDeadlineIsNotTaken() {
        assertThatThrownBy(() -> retrier().call(Duration.ofMillis(300), failing(5))).hasMessage("busy 2");

        assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void attemptsStopAtTheMaximum() {
        assertThatThrownBy(() -> retrier().call(Duration.ofDays(1), failing(100)))
                .hasMessage("busy " + DeadlineRetrier.MAX_ATTEMPTS);

        assertThat(given).hasSize(DeadlineRetrier.MAX_ATTEMPTS);
    }

    @Test
    void anInterruptedWaitEndsTheCallKeepingTheFailureAndTheInterrupt() {
        DeadlineRetrier retrier = retrier(d -> {
            throw new InterruptedException();
        });

        try {
            assertThatThrownBy(() -> retrier.call(Duration.ofSeconds(10), failing(1)))
                    .isExactlyInstanceOf(ActivationException.class)
                    .hasMessage("test was interrupted while waiting to retry")
                    .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                            .satisfies(s -> assertThat(s).hasMessage("busy 1")));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
