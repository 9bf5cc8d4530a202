package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.InvocationRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartnerLimitTest {

    @Test
    void aBatchRefusedWith413IsSplitAndTheJobCompletes() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(3_000, "limit");
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(4).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));   // config says 1000 per invocation
            emulator.containerMaxRecords(300);                                 // the partner lowers its limit

            TranslateResponse response = client.translate(ids);

            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"),
                        response.results().get(i))).as("input %d", i).isTrue();
            }
            List<InvocationRecord> invocations = emulator.journal().invocations();
            assertThat(invocations).anyMatch(r -> Integer.valueOf(413).equals(r.originalStatusCode()));
            assertThat(invocations.stream().filter(InvocationRecord::successful))
                    .allMatch(r -> r.records() <= 300);
            assertThat(response.summary().billedRecords()).isEqualTo(3_000);
        }
    }

    @Test
    void laterBatchesAreCutToTheLoweredLimitWithoutAnother413() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(1).build()) {
            client.translate(EmulatorFixture.distinctEmails(1, "warm-up"));
            emulator.containerMaxRecords(250);
            client.translate(EmulatorFixture.distinctEmails(1_000, "first"));
            long refusedBefore = count413(emulator);

            client.translate(EmulatorFixture.distinctEmails(1_000, "second"));

            assertThat(count413(emulator)).isEqualTo(refusedBefore);
        }
    }

    private static long count413(EmbeddedServiceEmulator emulator) {
        return emulator.journal().invocations().stream()
                .filter(r -> Integer.valueOf(413).equals(r.originalStatusCode())).count();
    }
}
