package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.spark.internal.ExecutorClients;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task that dies mid-partition is run again by Spark, and the result is still complete and exact. */
class TaskFailureTest {

    private static final int ROWS = 30_000;
    private static final List<Row> INPUT = TestData.mixedRows(ROWS, 21L);
    private static EmbeddedServiceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(250).start();
    }

    @AfterAll
    static void stop() {
        ExecutorClients.closeAll();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void aTranslatingTaskKilledOnItsFirstAttemptIsRunAgainAndOnlyItsSentRecordsAreBilledTwice() {
        FailingOnceClients.arm();
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), INPUT, 6);

        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", "type",
                Emulators.options(emulator).clientFactory(new FailingOnceClients(1_200)).build());

        assertThat(FailingOnceClients.ARMED).as("the injected failure happened").isFalse();
        long distinct = assertExact(translated);
        long billedAgain = emulator.journal().billedUnits() - distinct;
        assertThat(billedAgain).isBetween(0L, FailingOnceClients.PULLED_BY_FAILED_ATTEMPT.get());
    }

    @Test
    void anInputTaskKilledMidPartitionOnItsFirstAttemptLeavesTheResultExactAndBillsNothingTwice() {
        Dataset<Row> rows = TestData.dataset(SharedSpark.session(), INPUT, 6)
                .mapPartitions(new DieOnFirstAttempt(2, 1_000), Encoders.row(TestData.SCHEMA));

        Dataset<Row> translated = EmbeddedServiceSpark.translate(rows, "value", "type", Emulators.options(emulator).build());

        long distinct = assertExact(translated);
        assertThat(emulator.journal().billedUnits()).isEqualTo(distinct);
        assertThat(DieOnFirstAttempt.KILLED.get()).isGreaterThanOrEqualTo(1);
    }

    /** Every input row once, with its protocol answer; returns the distinct valid identifiers. */
    private static long assertExact(Dataset<Row> translated) {
        List<Row> output = translated.collectAsList();
        assertThat(output).hasSize(ROWS);
        Map<Long, Row> byId = new HashMap<>();
        output.forEach(r -> byId.put(r.getLong(0), r));
        assertThat(byId).hasSize(ROWS);
        Set<String> wires = new HashSet<>();
        for (Row in : INPUT) {
            ProtocolReference.Expected expected = ProtocolReference.expected("default", in.getString(1), in.getString(2));
            Row out = byId.get(in.getLong(0));
            assertThat(out.getString(3)).as("row %s", in.getLong(0)).isEqualTo(expected.status());
            assertThat(out.getString(4)).as("row %s", in.getLong(0)).isEqualTo(expected.translatedId());
            if (expected.wire() != null) {
                wires.add(expected.wire());
            }
        }
        return wires.size();
    }

    /** Passes rows through, but the first attempt of partition {@code partition} of a stage dies after {@code after} rows. */
    record DieOnFirstAttempt(int partition, int after) implements MapPartitionsFunction<Row, Row> {

        static final AtomicInteger KILLED = new AtomicInteger();

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            boolean die = task.partitionId() == partition && task.attemptNumber() == 0;
            return new java.util.Iterator<>() {
                private int seen;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    if (die && ++seen > after) {
                        KILLED.incrementAndGet();
                        throw new IllegalStateException("injected: the executor lost this task mid-partition");
                    }
                    return rows.next();
                }
            };
        }
    }
}
