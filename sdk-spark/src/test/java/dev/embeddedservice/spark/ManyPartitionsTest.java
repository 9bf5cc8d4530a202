package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than 200 partitions on both shuffles: past {@code spark.shuffle.sort.bypassMergeThreshold},
 * Spark writes shuffles with its serialized sort-based writer, which moves the records' bytes
 * around; the plan's raw-bytes records must survive that exactly.
 */
class ManyPartitionsTest {

    private static final int ROWS = 20_000;
    private static EmbeddedServiceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(500).start();
    }

    @AfterAll
    static void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @Test
    void manyInputAndTranslationPartitionsGiveEveryRowItsOwnAnswerAndBillEachIdentifierOnce() {
        List<Row> input = TestData.mixedRows(ROWS, 31L);
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), input, 240);

        List<Row> output = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).targetNamespace("acme-media").translationPartitions(256).build())
                .collectAsList();

        assertThat(output).hasSize(ROWS);
        Map<Long, Row> byId = new HashMap<>();
        for (Row r : output) {
            assertThat(byId.put(r.getLong(0), r)).as("row %s appears once", r.getLong(0)).isNull();
        }
        Set<String> distinctWires = new HashSet<>();
        for (Row in : input) {
            ProtocolReference.Expected expected = ProtocolReference.expected("acme-media", in.getString(1), in.getString(2));
            Row out = byId.get(in.getLong(0));
            assertThat(out.getString(1)).isEqualTo(in.getString(1));
            assertThat(out.getString(2)).isEqualTo(in.getString(2));
            assertThat(out.getString(3)).as("status of row %s", in.getLong(0)).isEqualTo(expected.status());
            assertThat(out.getString(4)).as("translated id of row %s", in.getLong(0)).isEqualTo(expected.translatedId());
            if (expected.wire() != null) {
                distinctWires.add(expected.wire());
            }
        }
        assertThat(emulator.journal().billedUnits()).isEqualTo(distinctWires.size());
    }
}
