package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.InvocationRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 mixed identifiers through the real SageMakerRuntimeClient against the emulator, with 5%
 * seeded faults of every kind: nothing is lost or misattributed, and no invocation exceeds a limit.
 */
class TranslateUnderFaultsTest {

    private static final String NAMESPACE = "acme-media";

    @Test
    void everyResultMatchesTheProtocolAndNoInvocationExceedsALimit() {
        List<Identifier> ids = EmulatorFixture.mixedIdentifiers(100_000, 7);
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(100)
                .maxPayloadBytes(8_000)
                .seed(11)
                .faultRate(0.05)
                .faultDelay(Duration.ofMillis(5))
                .start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator)
                     .maxConcurrency(8)
                     .targetNamespace(NAMESPACE)
                     .build()) {

            // Besides the 5% seeded at random, every kind of fault at least once.
            Fault[] kinds = Fault.values();
            for (int k = 0; k < kinds.length; k++) {
                emulator.faults().script(20 + 37 * k, kinds[k]);
            }

            TranslateResponse response = client.translate(ids);

            assertThat(response.results()).hasSameSizeAs(ids);
            int failed = 0;
            for (int i = 0; i < ids.size(); i++) {
                Reference.Expected expected = Reference.expected(NAMESPACE, ids.get(i), "US");
                TranslateResult actual = response.results().get(i);
                if (actual.status() == RecordStatus.FAILED) {
                    failed++;
                    assertThat(actual.reason()).as("FAILED result %d says why", i).isPresent();
                    assertThat(actual.type()).isEqualTo(expected.type());
                    continue;
                }
                assertThat(Reference.matches(expected, actual)).as("input %d: expected %s, got %s", i, expected, actual)
                        .isTrue();
            }
            // Only a batch hit by two protocol faults in a row may fail: rare at a 5% rate.
            assertThat(failed).as("FAILED results").isLessThan(ids.size() / 100);
            assertThat(response.summary().records()).isEqualTo(ids.size());
            assertThat(response.summary().failed()).isEqualTo(failed);
            assertThat(response.summary().retries()).isPositive();

            var journal = emulator.journal();
            assertThat(journal.faultsInjected().keySet()).containsExactlyInAnyOrder(kinds);
            assertThat(journal.faultsInjected().values().stream().mapToLong(Long::longValue).sum())
                    .isGreaterThan(journal.invocationCount() / 25);
            assertThat(journal.largestInvocationRecords()).isLessThanOrEqualTo(100);
            assertThat(journal.largestInvocationBytes()).isLessThanOrEqualTo(8_000);
            for (InvocationRecord r : journal.invocations()) {
                assertThat(r.records()).isLessThanOrEqualTo(100);
                assertThat(r.bodyBytes()).isLessThanOrEqualTo(8_000);
            }
        }
    }
}
