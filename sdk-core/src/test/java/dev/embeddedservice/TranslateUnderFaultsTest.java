package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.InvocationRecord;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 mixed identifiers through the real SageMakerRuntimeClient against the emulator, with 5%
 * seeded faults of every kind the client recovers from, and every kind of fault scripted once: not
 * one record fails, nothing is lost or misattributed, and no invocation exceeds a limit.
 */
class TranslateUnderFaultsTest {

    private static final String NAMESPACE = "acme-media";
    private static final Fault[] RECOVERABLE = EnumSet.complementOf(
            EnumSet.of(Fault.TOKEN_REVOKED, Fault.ALL_TOKENS_REVOKED, Fault.RECORD_ERROR)).toArray(Fault[]::new);

    @Test
    void everyResultMatchesTheProtocolAndNoInvocationExceedsALimit() {
        List<Identifier> ids = EmulatorFixture.mixedIdentifiers(100_000, 7);
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(100)
                .maxPayloadBytes(8_000)
                .seed(11)
                .faultDelay(Duration.ofMillis(5))
                .start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator)
                     .maxConcurrency(8)
                     .targetNamespace(NAMESPACE)
                     .build()) {

            // 5% at random, drawn from the kinds a retry always recovers from. A token revocation or a record
            // answered ERROR can fail a record by design when a second one hits the same batch right after
            // the first: those are scripted once each, 37 calls apart, where they cannot meet another.
            emulator.faults().rate(0.05, RECOVERABLE);
            Fault[] kinds = Fault.values();
            for (int k = 0; k < kinds.length; k++) {
                emulator.faults().script(20 + 37 * k, kinds[k]);
            }

            TranslateResponse response = client.translate(ids);

            assertThat(response.results()).hasSameSizeAs(ids);
            for (int i = 0; i < ids.size(); i++) {
                Reference.Expected expected = Reference.expected(NAMESPACE, ids.get(i), "US");
                TranslateResult actual = response.results().get(i);
                assertThat(Reference.matches(expected, actual)).as("input %d: expected %s, got %s", i, expected, actual)
                        .isTrue();
            }
            assertThat(response.summary().failed()).as("FAILED results").isZero();
            assertThat(response.summary().records()).isEqualTo(ids.size());
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
