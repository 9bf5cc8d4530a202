package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamDeduplicationTest}'s volume case, on its own so that mutation testing can leave it
 * out: 200,000 identifiers through a spilled index, each distinct one billed once.
 */
class StreamDeduplicationVolumeTest {

    @TempDir
    Path spill;

    @Test
    void aStreamBillsEachDistinctIdentifierOnceThroughASpilledIndexAndRemovesIt() throws Exception {
        List<Identifier> ids = StreamDeduplicationTest.input(200_000, 1);
        AtomicBoolean spilled = new AtomicBoolean();
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(500).start();
             EmbeddedServiceClient client = StreamDeduplicationTest.client(emulator, 256 * 1024, spill).build()) {
            List<TranslateResult> results = new ArrayList<>(ids.size());

            InvocationSummary summary = client.translateStream(ids.iterator(), null, r -> {
                results.add(r);
                if (!spilled.get()) {
                    spilled.set(StreamDeduplicationTest.hasChild(spill));
                }
            });

            assertThat(spilled).as("the tiny budget made the index spill to the directory given").isTrue();
            assertThat(Files.list(spill)).as("the spill directory is gone once the call returns").isEmpty();
            assertThat(results).hasSize(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                Reference.Expected expected = Reference.expected(StreamDeduplicationTest.NAMESPACE, ids.get(i), "US");
                assertThat(Reference.matches(expected, results.get(i))).as("input %d", i).isTrue();
            }
            long distinct = StreamDeduplicationTest.distinctValid(ids).size();
            assertThat(emulator.journal().billedUnits()).as("billed records = distinct valid identifiers")
                    .isEqualTo(distinct);
            assertThat(summary.uniqueRecordsSent()).isEqualTo(distinct);
            assertThat(summary.records()).isEqualTo(ids.size());
        }
    }

}
