package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.RecordStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        List<Batch<String>> handedOn = new ArrayList<>();
        Chunk<String> chunk = new Chunk<>(ENVELOPE, maxRecords, maxPayloadBytes, 0, handedOn::add);
        List<byte[]> encoded = new ArrayList<>();
        for (String v : values) {
            byte[] d = RecordData.translate(IdentifierType.CUSTOM, "v" + v);
            encoded.add(d);
            if (chunk.add(IdentifierType.CUSTOM, d) == BatchPlanner.Offer.FULL) {
                chunk.cutBatch();
                assertThat(chunk.add(IdentifierType.CUSTOM, d)).isNotEqualTo(BatchPlanner.Offer.FULL);
            }
        }
        chunk.cutBatch();

        assertThat(handedOn).as("every batch is handed on as it is cut").isEqualTo(chunk.batches());
        int sent = 0;
        for (Batch<String> batch : chunk.batches()) {
            int[] all = new int[batch.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            assertThat(batch.size()).isBetween(1, maxRecords);
            assertThat(ENVELOPE.encode(batch.data, all, 0, all.length).length).isLessThanOrEqualTo(maxPayloadBytes);
            sent += batch.size();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        assertThat(chunk.inputs()).isEqualTo(values.size());
        assertThat(chunk.distinctRecords()).isEqualTo(distinct.size());
        int tooLarge = 0;
        int previousBatch = -1;
        for (int record = 0; record < chunk.distinctRecords(); record++) {
            int batch = chunk.batchOf(record);
            if (batch < 0) {
                tooLarge++;
                continue;
            }
            assertThat(batch).as("one pass keeps record order").isGreaterThanOrEqualTo(previousBatch);
            previousBatch = batch;
        }
        assertThat(sent + tooLarge).as("every distinct record sent once or refused as too large")
                .isEqualTo(distinct.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(chunk.recordOf(i)).as("input %d refers to its own record", i)
                    .isEqualTo(distinct.indexOf(values.get(i)));
            int record = chunk.recordOf(i);
            if (chunk.batchOf(record) < 0) {
                assertThat(chunk.result(i).status()).isEqualTo(RecordStatus.INVALID);
                assertThat(ENVELOPE.emptyBytes() + Envelope.recordBytes(0, encoded.get(i).length))
                        .isGreaterThan(maxPayloadBytes);
            }
        }
    }
}
