package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** One batch at a time, so scripted faults hit a known batch. */
class ProtocolFaultTest {

    private static EmbeddedServiceEmulator emulator;
    private static EmbeddedServiceClient client;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(50).start();
        client = EmulatorFixture.client(emulator).maxConcurrency(1)
                .overrideConfiguration(o -> o.circuitBreaker(CircuitBreakerSettings.disabled())).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));
        emulator.reset();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"TRUNCATED_BODY", "NON_JSON_BODY", "MISSING_RESULT", "DUPLICATE_RESULT",
            "UNKNOWN_RESULT_ID"})
    void aResponseThatBreaksTheProtocolOnceIsRetriedOnce(Fault fault) {
        emulator.faults().script(1, fault);
        List<Identifier> ids = EmulatorFixture.distinctEmails(50, "once-" + fault);

        TranslateResponse r = client.translate(ids);

        assertThat(emulator.journal().invocationCount()).isEqualTo(2);
        assertThat(r.summary().retries()).isEqualTo(1);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), r.results().get(i))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"TRUNCATED_BODY", "MISSING_RESULT", "DUPLICATE_RESULT", "UNKNOWN_RESULT_ID"})
    void aBatchThatBreaksTheProtocolOnEveryAttemptFailsAloneWithTheReason(Fault fault) {
        // The first batch meets the fault on each of its attempts (FAST_RETRY allows 6); the second none.
        for (int n = 1; n <= 6; n++) {
            emulator.faults().script(n, fault);
        }
        List<Identifier> ids = EmulatorFixture.distinctEmails(100, "every-" + fault);

        TranslateResponse r = client.translate(ids);

        assertThat(r.results().subList(0, 50)).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(result.reason().orElseThrow()).startsWith("protocol error:");
            assertThat(result.retryable()).isTrue();
        });
        for (int i = 50; i < 100; i++) {
            assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), r.results().get(i))).isTrue();
        }
        assertThat(r.summary().failed()).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"THROTTLING", "MODEL_NOT_READY", "SERVICE_UNAVAILABLE", "INTERNAL_FAILURE",
            "INTERNAL_DEPENDENCY", "CONTAINER_500", "CONNECTION_RESET", "DELAY"})
    void retryableFaultsAreRetriedAndLoseNothing(Fault fault) {
        emulator.faults().script(1, fault).script(2, fault);
        List<Identifier> ids = EmulatorFixture.distinctEmails(50, "retry-" + fault);

        TranslateResponse r = client.translate(ids);

        for (int i = 0; i < ids.size(); i++) {
            assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), r.results().get(i)))
                    .as("input %d after %s", i, fault).isTrue();
        }
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheBatchRepeated() {
        emulator.faults().script(1, Fault.TOKEN_REVOKED);
        List<Identifier> ids = EmulatorFixture.distinctEmails(50, "revoked-once");

        TranslateResponse r = client.translate(ids);

        assertThat(r.summary().failed()).isZero();
        assertThat(r.summary().reactivations()).isEqualTo(1);
        assertThat(emulator.journal().activationCount()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseFreshTokenIsRefusedTooFailsWithoutAThirdTry() {
        emulator.faults().script(1, Fault.TOKEN_REVOKED).script(2, Fault.TOKEN_REVOKED);
        List<Identifier> ids = EmulatorFixture.distinctEmails(50, "revoked-twice");

        TranslateResponse r = client.translate(ids);

        assertThat(r.results()).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(result.reason().orElseThrow()).contains("refused a freshly activated token");
        });
        assertThat(emulator.journal().invocationCount()).isEqualTo(2);
    }

    @Test
    void aRecordAnsweredErrorIsRetriedOnce() {
        emulator.faults().script(1, Fault.RECORD_ERROR);
        List<Identifier> ids = EmulatorFixture.distinctEmails(20, "record-error");

        TranslateResponse r = client.translate(ids);

        assertThat(r.summary().failed()).isZero();
        assertThat(emulator.journal().invocationCount()).isEqualTo(2);
        assertThat(emulator.journal().invocations().get(1).records()).isLessThan(20);
    }

    @Test
    void aValidationErrorFailsOnlyItsBatchAndIsNotRetried() {
        try (EmbeddedServiceEmulator small = EmbeddedServiceEmulator.builder().maxPayloadBytes(2_000).start();
             EmbeddedServiceClient tooBig = EmulatorFixture.client(small).maxPayloadBytes(20_000)
                     .maxRecordsPerInvocation(20).build()) {
            List<Identifier> ids = EmulatorFixture.distinctEmails(40, "validation");
            TranslateResponse r = tooBig.translate(ids);

            assertThat(r.results()).allSatisfy(result -> {
                assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
                assertThat(result.retryable()).isFalse();
                assertThat(result.reason().orElseThrow()).contains("ValidationError");
            });
            assertThat(small.journal().invocationCount()).as("two batches, no retry").isEqualTo(2);
        }
    }
}
