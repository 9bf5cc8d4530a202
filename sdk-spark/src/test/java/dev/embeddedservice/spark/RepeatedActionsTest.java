package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Actions on the returned Dataset, however many, never call the endpoint again. */
class RepeatedActionsTest {

    private static EmbeddedServiceEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(200).start();
    }

    @AfterAll
    static void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @ParameterizedTest
    @EnumSource(value = Materialization.class, names = {"LOCAL_DISK", "CHECKPOINT"})
    void countThenCollectThenWriteBillNothingMore(Materialization materialization) {
        emulator.reset();
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), TestData.mixedRows(20_000, 3L), 6);

        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).materialization(materialization).build());
        long billed = emulator.journal().billedUnits();
        long invocations = emulator.journal().invocationCount();

        assertThat(billed).isPositive();
        assertThat(translated.count()).isEqualTo(20_000);
        assertThat(translated.collectAsList()).hasSize(20_000);
        translated.write().parquet(dir.resolve("out").toString());
        assertThat(translated.filter("status = 'OK'").count()).isPositive();
        assertThat(emulator.journal().billedUnits()).isEqualTo(billed);
        assertThat(emulator.journal().invocationCount()).isEqualTo(invocations);
        assertThat(SharedSpark.session().read().parquet(dir.resolve("out").toString()).count()).isEqualTo(20_000);
    }
}
