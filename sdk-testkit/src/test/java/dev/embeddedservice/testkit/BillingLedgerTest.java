package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protocol §4's billing: the container meters each 2xx answer in {@code X-Amzn-Inference-Metering}, SageMaker
 * consumes that header, and the emulator's ledger holds it. Only 2xx answers bill.
 */
class BillingLedgerTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    @Test
    void the_ledger_equals_the_records_answered_with_2xx_under_every_kind_of_fault() throws Exception {
        emulator.faults().rate(0.5).delay(java.time.Duration.ZERO);
        RawHttp http = new RawHttp(emulator.emulator());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int size = 1 + (i % 37);
                String batch = TestRecords.batch(TestRecords.valid(size, i));
                String token = emulator.emulator().issueToken(); // one per call: a TOKEN_REVOKED fault hits one call only
                calls.add(pool.submit(() -> {
                    try {
                        return http.invoke(token, batch).status();
                    } catch (java.io.IOException reset) {
                        return 0;
                    }
                }));
            }
            for (Future<Integer> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }

        EmulatorJournal journal = emulator.journal();
        List<InvocationRecord> invocations = journal.invocations();
        assertThat(invocations).hasSize(120);
        long billedBy2xx = invocations.stream().filter(InvocationRecord::successful).mapToLong(InvocationRecord::billedUnits).sum();
        long ledger = journal.billingLedger().stream().mapToLong(BillingEntry::consumedUnits).sum();
        assertThat(journal.billedUnits()).isEqualTo(billedBy2xx).isEqualTo(ledger);
        assertThat(journal.billingLedger()).hasSize((int) invocations.stream().filter(InvocationRecord::successful).count());
        assertThat(invocations).filteredOn(i -> !i.successful()).allSatisfy(i -> assertThat(i.billedUnits()).isZero());
        assertThat(invocations).filteredOn(i -> i.successful() && i.fault() != Fault.RECORD_ERROR)
                .allSatisfy(i -> assertThat(i.billedUnits()).isEqualTo(i.records()));
        assertThat(invocations).filteredOn(i -> i.fault() == Fault.RECORD_ERROR)
                .allSatisfy(i -> assertThat(i.billedUnits()).isEqualTo(i.records() - 1));
        assertThat(journal.faultsInjected().keySet()).as("a 50% rate over 120 calls hits most kinds").hasSizeGreaterThan(10);
        long cleanLedger = journal.billingLedger().stream().filter(e -> e.fault() == null || e.fault() == Fault.DELAY)
                .mapToLong(BillingEntry::consumedUnits).sum();
        long cleanRecords = invocations.stream().filter(i -> i.successful() && (i.fault() == null || i.fault() == Fault.DELAY))
                .mapToLong(InvocationRecord::records).sum();
        assertThat(cleanLedger).isEqualTo(cleanRecords);
    }

    @Test
    void a_ledger_entry_names_the_invocation_its_inference_id_and_the_dimension() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        java.util.Map<String, String> headers = RawHttp.sageMakerHeaders();
        headers.put("X-Amzn-SageMaker-Custom-Attributes", "token=" + http.token());
        headers.put("X-Amzn-SageMaker-Inference-Id", "batch-0001-attempt-1");

        RawHttp.Response response = http.invoke(emulator.endpointName(), headers,
                TestRecords.batch(TestRecords.valid(7, 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Amzn-Inference-Metering")).as("SageMaker consumes the metering header").isNull();
        BillingEntry entry = emulator.journal().billingLedger().get(0);
        assertThat(entry.invocationNumber()).isEqualTo(1);
        assertThat(entry.inferenceId()).isEqualTo("batch-0001-attempt-1");
        assertThat(entry.dimension()).isEqualTo("inference.count");
        assertThat(entry.consumedUnits()).isEqualTo(7);
        assertThat(entry.fault()).isNull();
    }

    @Test
    void invalid_records_are_billed_because_the_container_processed_them() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String batch = TestRecords.batch(List.of(new TestRecords.Item("0", "MAID", "not-a-uuid"),
                new TestRecords.Item("1", "CUSTOM", "c")));

        http.invoke(http.token(), batch);

        assertThat(emulator.journal().billedUnits()).isEqualTo(2);
    }

    @Test
    void refused_calls_bill_nothing() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.emulator().containerMaxRecords(2);

        http.invoke("bad-token", TestRecords.batch(TestRecords.valid(1, 1)));
        http.invoke(http.token(), TestRecords.batch(TestRecords.valid(3, 1)));

        assertThat(emulator.journal().billedUnits()).isZero();
        assertThat(emulator.journal().billingLedger()).isEmpty();
    }
}
