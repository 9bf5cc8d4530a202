package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each executor activates once per token lifetime, not once per task or partition. */
class ActivationTest {

    /** local[2] runs one executor: the driver JVM. */
    private static final int EXECUTORS = 1;
    private EmbeddedServiceEmulator emulator;

    @AfterEach
    void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @Test
    void activationsStayWithinOnePerExecutorPerTokenLifetimeOverARunLongerThanSeveralTokens() {
        emulator = EmbeddedServiceEmulator.builder().tokenTtl(Duration.ofSeconds(3)).maxRecordsPerInvocation(100)
                .faultDelay(Duration.ofMillis(150)).start();
        emulator.faults().rate(1.0, Fault.DELAY);
        Dataset<Row> rows = emails(6_000, 16);

        long started = System.nanoTime();
        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", dev.embeddedservice.IdentifierType.EMAIL,
                Emulators.options(emulator).maxConcurrency(2).translationPartitions(16).build());
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(translated.filter("status = 'FAILED'").count()).isZero();
        // a 3 s token is refreshed once stale, at the earliest 3/8 of its lifetime (half, less up to a quarter of jitter)
        long refreshesDue = elapsedMillis / 1125;
        assertThat(emulator.journal().activationCount())
                .as("activations over %d ms in 16 translating tasks", elapsedMillis)
                .isBetween(1L, EXECUTORS * (1 + refreshesDue));
        if (elapsedMillis > 3_500) {
            assertThat(emulator.journal().activationCount()).as("the token was refreshed, not used expired").isGreaterThan(1);
        }
    }

    @Test
    void anExecutorThrottledAtActivationBacksOffAndActivatesOnce() {
        emulator = EmbeddedServiceEmulator.builder().start();
        emulator.activationFailure(ActivationFailure.RATE_LIMITED, 2);
        Dataset<Row> rows = emails(2_000, 8);

        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", dev.embeddedservice.IdentifierType.EMAIL,
                Emulators.options(emulator).build());

        assertThat(translated.filter("status = 'FAILED'").count()).isZero();
        assertThat(emulator.journal().activationCount()).isEqualTo(3);
        assertThat(emulator.journal().tokensIssued()).isEqualTo(1);
    }

    private static Dataset<Row> emails(int count, int partitions) {
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(RowFactory.create((long) i, "email", "person" + i + "@example.com"));
        }
        return TestData.dataset(SharedSpark.session(), rows, partitions);
    }
}
