package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.EmbeddedServiceListener.CircuitBreakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The guard around the application's listener: every event reaches it, and what it throws is logged once, never thrown. */
class GuardedListenerTest {

    private static final EmbeddedServiceListener.InvocationEvent INVOCATION = new EmbeddedServiceListener.InvocationEvent(
            "translate", 3, 120, Duration.ofMillis(4), EmbeddedServiceListener.Outcome.SUCCESS, null, null);
    private static final EmbeddedServiceListener.RetryEvent RETRY = new EmbeddedServiceListener.RetryEvent(
            "translate", 3, 1, Duration.ofMillis(50), "throttled");

    private final Logger logger = (Logger) LoggerFactory.getLogger(GuardedListener.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void everyEventReachesTheApplicationsListener() {
        List<String> seen = new ArrayList<>();
        GuardedListener guarded = new GuardedListener(new EmbeddedServiceListener() {
            @Override
            public void invocationCompleted(InvocationEvent event) {
                seen.add("invocation " + event.records());
            }

            @Override
            public void retryScheduled(RetryEvent event) {
                seen.add("retry " + event.reason());
            }

            @Override
            public void tokenRejected() {
                seen.add("token");
            }

            @Override
            public void circuitBreakerStateChanged(CircuitBreakerState from, CircuitBreakerState to) {
                seen.add(from + "->" + to);
            }
        });

        everyEvent().forEach(e -> e.accept(guarded));

        assertThat(seen).containsExactly("invocation 3", "retry throttled", "token", "CLOSED->OPEN");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void whatTheListenerThrowsFromAnyEventIsLoggedOnceAndNotThrown() {
        String[] names = {"invocationCompleted", "retryScheduled", "tokenRejected", "circuitBreakerStateChanged"};
        List<Consumer<EmbeddedServiceListener>> events = everyEvent();
        for (int first = 0; first < events.size(); first++) {
            logged.list.clear();
            GuardedListener guarded = new GuardedListener(throwing());

            events.get(first).accept(guarded);
            events.forEach(e -> e.accept(guarded));

            assertThat(logged.list).as(names[first]).hasSize(1);
            ILoggingEvent warning = logged.list.get(0);
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage()).isEqualTo("The application's EmbeddedServiceListener threw from "
                    + names[first] + " (java.lang.IllegalStateException); its exceptions are ignored");
        }
    }

    private static List<Consumer<EmbeddedServiceListener>> everyEvent() {
        return List.of(l -> l.invocationCompleted(INVOCATION), l -> l.retryScheduled(RETRY),
                EmbeddedServiceListener::tokenRejected,
                l -> l.circuitBreakerStateChanged(CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN));
    }

    private static EmbeddedServiceListener throwing() {
        return new EmbeddedServiceListener() {
            @Override
            public void invocationCompleted(InvocationEvent event) {
                throw new IllegalStateException("metrics down");
            }

            @Override
            public void retryScheduled(RetryEvent event) {
                throw new IllegalStateException("metrics down");
            }

            @Override
            public void tokenRejected() {
                throw new IllegalStateException("metrics down");
            }

            @Override
            public void circuitBreakerStateChanged(CircuitBreakerState from, CircuitBreakerState to) {
                throw new IllegalStateException("metrics down");
            }
        };
    }
}
