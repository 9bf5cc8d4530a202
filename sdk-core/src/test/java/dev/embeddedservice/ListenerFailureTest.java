package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A listener that throws never fails a call: its batches were sent and billed, their answers are kept. */
class ListenerFailureTest {

    @Test
    void aThrowingListenerIsIgnoredAndEveryRecordKeepsItsAnswer() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddedServiceListener broken = new EmbeddedServiceListener() {
            @Override
            public void invocationCompleted(InvocationEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void retryScheduled(RetryEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void tokenRejected() {
                calls.incrementAndGet();
                throw new IllegalStateException("metrics backend down");
            }
        };
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(10).start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).listener(broken).build()) {
            emulator.faults().script(1, Fault.THROTTLING).script(2, Fault.TOKEN_REVOKED);
            List<Identifier> ids = EmulatorFixture.distinctEmails(30, "listener");

            TranslateResponse r = client.translate(ids);

            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), r.results().get(i))).isTrue();
            }
            assertThat(r.summary().failed()).isZero();
            // 3 batches answered, a throttle (with its retry event) and a refusal (with its event): 7 or more events.
            assertThat(calls.get()).isGreaterThanOrEqualTo(7);
        }
    }
}
