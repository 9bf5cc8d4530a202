package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.IdentifierType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Invariants of planning: any inputs, any limits. */
class BatchPlannerProperties {

    private static final Envelope ENVELOPE = Envelope.of(new ObjectMapper(), "translate",
            Map.of("targetNamespace", "ns"));

    @Property(tries = 300)
    void everyRecordIsInExactlyOneBatchAndNoBatchExceedsALimit(
            @ForAll @Size(max = 300) List<@StringLength(max = 120) String> values,
            @ForAll @IntRange(min = 1, max = 50) int maxRecords,
            @ForAll @IntRange(min = 60, max = 3000) int maxPayloadBytes) {
        Chunk<String> chunk = new Chunk<>(ENVELOPE, TranslatedIdDecoder.INSTANCE, maxRecords, maxPayloadBytes);
        for (String v : values) {
            byte[] d = RecordData.translate(IdentifierType.CUSTOM, "v" + v);
            if (chunk.add(IdentifierType.CUSTOM, d) == BatchPlanner.Offer.FULL) {
                chunk.cutBatch();
                assertThat(chunk.add(IdentifierType.CUSTOM, d)).isNotEqualTo(BatchPlanner.Offer.FULL);
            }
        }
        Job<String> job = chunk.finish(new JobStats(), Deadline.after(java.time.Clock.systemUTC(),
                java.time.Duration.ofMinutes(1)));

        Set<Integer> seen = new HashSet<>();
        int previousLast = -1;
        for (int[] batch : chunk.batches()) {
            assertThat(batch.length).isBetween(1, maxRecords);
            assertThat(ENVELOPE.encode(job.data, batch, 0, batch.length).length).isLessThanOrEqualTo(maxPayloadBytes);
            for (int record : batch) {
                assertThat(seen.add(record)).as("record %s in two batches", record).isTrue();
                assertThat(record).as("one pass keeps record order").isGreaterThan(previousLast);
                previousLast = record;
            }
        }
        for (int record = 0; record < chunk.distinctRecords(); record++) {
            boolean tooLarge = job.results[record] != null;
            assertThat(seen.contains(record) ^ tooLarge).as("record %s sent once or refused as too large", record)
                    .isTrue();
            if (tooLarge) {
                assertThat(ENVELOPE.emptyBytes() + Envelope.recordBytes(0, job.data[record].length))
                        .isGreaterThan(maxPayloadBytes);
            }
        }
        assertThat(chunk.inputs()).isEqualTo(values.size());
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        assertThat(chunk.distinctRecords()).isEqualTo(distinct.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(chunk.recordOf(i)).isEqualTo(distinct.indexOf(values.get(i)));
        }
    }
}
