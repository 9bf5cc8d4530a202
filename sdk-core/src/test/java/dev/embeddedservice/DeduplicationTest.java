package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.BillingEntry;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeduplicationTest {

    @Test
    void billedRecordsEqualTheDistinctValidIdentifiers() {
        List<Identifier> ids = EmulatorFixture.mixedIdentifiers(20_000, 5);
        Set<String> distinctValid = new HashSet<>();
        for (Identifier id : ids) {
            Reference.Expected e = Reference.expected("default", id, "US");
            if (e.status() != RecordStatus.INVALID) {
                distinctValid.add(e.recordKey());
            }
        }
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(700).start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).build()) {

            TranslateResponse response = client.translate(ids);

            long ledger = emulator.journal().billingLedger().stream().mapToLong(BillingEntry::consumedUnits).sum();
            assertThat(ledger).isEqualTo(distinctValid.size());
            assertThat(emulator.journal().billedUnits()).isEqualTo(distinctValid.size());
            assertThat(response.summary().billedRecords()).isEqualTo(distinctValid.size());
            assertThat(response.summary().uniqueRecordsSent()).isEqualTo(distinctValid.size());
            assertThat(response.summary().records()).isEqualTo(ids.size());
            assertThat(response.summary().invalid()).isEqualTo(
                    ids.stream().filter(id -> Reference.expected("default", id, "US").status() == RecordStatus.INVALID)
                            .count());
        }
    }

    @Test
    void equalIdentifiersShareOneResult() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator).build()) {
            TranslateResponse r = client.translate(List.of(Identifier.email("Dup@Example.com"),
                    Identifier.email("dup@example.com "), Identifier.emailSha256(Reference.sha256("dup@example.com"))));
            assertThat(r.results().get(0)).isEqualTo(r.results().get(1)).isEqualTo(r.results().get(2));
            assertThat(emulator.journal().recordsReceived()).isEqualTo(1);
        }
    }
}
