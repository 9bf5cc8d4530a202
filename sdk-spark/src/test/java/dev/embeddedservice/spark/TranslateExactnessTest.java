package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200,000 mixed rows through a real local Spark against the emulator with 5% seeded faults: every
 * row's answer is recomputed here from protocol §2 and §4, and the emulator's ledger bills each
 * distinct valid identifier exactly once, in invocations within both limits.
 */
class TranslateExactnessTest {

    private static final int ROWS = 200_000;
    private static final int MAX_RECORDS = 500;
    private static final int MAX_BYTES = 40_000;
    private static EmbeddedServiceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(MAX_RECORDS)
                .maxPayloadBytes(MAX_BYTES)
                .faultDelay(Duration.ofMillis(20))
                .seed(7L)
                .start();
    }

    @AfterAll
    static void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @Test
    void everyRowIsAnsweredExactlyAndEachDistinctIdentifierIsBilledOnce() {
        // the fault kinds the SDK retries today; protocol faults come back after the retry-loop rewrite
        emulator.faults().rate(0.05, Fault.THROTTLING, Fault.SERVICE_UNAVAILABLE, Fault.INTERNAL_FAILURE,
                Fault.CONNECTION_RESET, Fault.DELAY);
        List<Row> input = TestData.mixedRows(ROWS, 12L);
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), input, 8);

        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).targetNamespace("acme-media").maxConcurrency(4).build());
        List<Row> output = translated.collectAsList();

        Map<Long, Row> byId = new HashMap<>();
        for (Row r : output) {
            assertThat(byId.put(r.getLong(0), r)).as("row %s appears once", r.getLong(0)).isNull();
        }
        assertThat(output).hasSize(ROWS);
        Set<String> distinctWires = new HashSet<>();
        long failed = 0;
        for (Row in : input) {
            ProtocolReference.Expected expected = ProtocolReference.expected("acme-media", in.getString(1), in.getString(2));
            Row out = byId.get(in.getLong(0));
            assertThat(out).as("row %s", in.getLong(0)).isNotNull();
            assertThat(out.getString(1)).isEqualTo(in.getString(1));
            assertThat(out.getString(2)).isEqualTo(in.getString(2));
            failed += "FAILED".equals(out.getString(3)) ? 1 : 0;
            assertThat(out.getString(3)).as("status of row %s", in.getLong(0)).isEqualTo(expected.status());
            assertThat(out.getString(4)).as("translated id of row %s", in.getLong(0)).isEqualTo(expected.translatedId());
            assertThat(out.isNullAt(5)).as("reason of row %s", in.getLong(0)).isEqualTo(!"INVALID".equals(expected.status()));
            if (expected.wire() != null) {
                distinctWires.add(expected.wire());
            }
        }
        assertThat(failed).isZero();
        assertThat(output.stream().map(r -> r.getString(3)).filter(Objects::nonNull).distinct())
                .contains("OK", "NOT_FOUND", "INVALID");
        assertThat(emulator.journal().faultsInjected()).isNotEmpty();
        assertThat(emulator.journal().billedUnits()).isEqualTo(distinctWires.size());
        assertThat(emulator.journal().largestInvocationRecords()).isLessThanOrEqualTo(MAX_RECORDS);
        assertThat(emulator.journal().largestInvocationBytes()).isLessThanOrEqualTo(MAX_BYTES);
    }
}
