package dev.embeddedservice;

import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.CircuitBreakerOpenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void theCircuitOpensUnderARunOf503sFailsFastAndClosesAgainAfter() {
        MutableClock clock = MutableClock.startingAt(Instant.now());
        List<String> transitions = new CopyOnWriteArrayList<>();
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(10).start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator)
                     .maxConcurrency(1)
                     .clock(clock)
                     .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ZERO).build()))
                     .overrideConfiguration(o -> o.circuitBreaker(CircuitBreakerSettings.builder()
                             .slidingWindowSize(10)
                             .minimumCalls(10)
                             .failureRateThreshold(50)
                             .waitInOpenState(Duration.ofSeconds(30))
                             .permittedCallsInHalfOpenState(2)
                             .build()))
                     .listener(new EmbeddedServiceListener() {
                         @Override
                         public void circuitBreakerStateChanged(CircuitBreakerState from, CircuitBreakerState to) {
                             transitions.add(from + "->" + to);
                         }
                     })
                     .build()) {
            emulator.faults().rate(1.0, Fault.SERVICE_UNAVAILABLE);

            TranslateResponse failing = client.translate(EmulatorFixture.distinctEmails(100, "down"));

            assertThat(failing.results()).allMatch(r -> r.status() == RecordStatus.FAILED && r.retryable());
            assertThat(transitions).containsExactly("CLOSED->OPEN");
            assertThat(failing.results().get(99).reason().orElseThrow()).contains("circuit breaker is open");
            long callsWhenOpened = emulator.journal().invocationCount();
            assertThat(callsWhenOpened).isEqualTo(10);

            assertThatThrownBy(() -> client.translate(EmulatorFixture.distinctEmails(30, "still-down")))
                    .isInstanceOf(CircuitBreakerOpenException.class)
                    .satisfies(e -> assertThat(((EmbeddedServiceException) e).retryable()).isTrue());
            assertThat(emulator.journal().invocationCount()).as("no call while open").isEqualTo(callsWhenOpened);

            emulator.faults().clear();
            clock.advance(Duration.ofSeconds(31));
            List<Identifier> ids = EmulatorFixture.distinctEmails(30, "back");
            TranslateResponse recovered = client.translate(ids);

            assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        recovered.results().get(i))).isTrue();
            }
        }
    }
}
