package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRevocationTest {

    @Test
    void aTokenRevokedUnderEightConcurrentBatchesCausesExactlyOneReactivation() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(8_000, "revoked");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(500)
                .start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(8).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));
            assertThat(emulator.journal().activationCount()).isEqualTo(1);

            emulator.revokeTokens();
            TranslateResponse response = client.translate(ids);

            assertThat(emulator.journal().activationCount()).as("activations").isEqualTo(2);
            assertThat(response.summary().reactivations()).isEqualTo(1);
            long refused = emulator.journal().invocations().stream()
                    .filter(r -> Integer.valueOf(401).equals(r.originalStatusCode())).count();
            assertThat(refused).as("batches that saw the 401 together").isGreaterThan(1);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        response.results().get(i))).as("input %d", i).isTrue();
            }
        }
    }
}
