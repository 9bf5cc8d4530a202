package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.RecordResult;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Envelope ENVELOPE = Envelope.of(new ObjectMapper(), "translate",
            Map.of("targetNamespace", "ns"));

    @Property(tries = 300)
    void everyRecordIsInExactlyOneBatchAndNoBatchExceedsALimit(
            @ForAll @Size(max = 300) List<@StringLength(max = 120) String> values,
            @ForAll @IntRange(min = 1, max = 50) int maxRecords,
            @ForAll @IntRange(min = 60, max = 3000) int maxPayloadBytes) throws Exception {
        List<Batch<String, RecordResult<String>>> handedOn = new ArrayList<>();
        Chunk<String, RecordResult<String>> chunk = new Chunk<>(ENVELOPE, maxRecords, maxPayloadBytes, 0,
                handedOn::add);
        List<byte[]> encoded = new ArrayList<>();
        for (String v : values) {
            byte[] d = RecordData.translate(IdentifierType.CUSTOM, "v" + v);
            encoded.add(d);
            if (chunk.add(RecordOutcomes.record(d), 0) == BatchPlanner.Offer.FULL) {
                chunk.cutBatch();
                assertThat(chunk.add(RecordOutcomes.record(d), 0)).isNotEqualTo(BatchPlanner.Offer.FULL);
            }
        }
        chunk.cutBatch();

        assertThat(handedOn).as("every batch is handed on as it is cut").isEqualTo(chunk.batches());
        // The endpoint's part: each record is answered with its own value, read from the body sent.
        List<String> sentInOrder = new ArrayList<>();
        for (Batch<String, RecordResult<String>> batch : chunk.batches()) {
            int[] all = new int[batch.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            assertThat(batch.size()).isBetween(1, maxRecords);
            byte[] body = ENVELOPE.encode(batch.data(), all, 0, all.length);
            assertThat(body.length).isLessThanOrEqualTo(maxPayloadBytes);
            JsonNode records = JSON.readTree(body).get("records");
            for (int p = 0; p < batch.size(); p++) {
                String value = records.get(p).get("data").get("value").textValue();
                sentInOrder.add(value.substring(1));
                batch.setResult(p, RecordResult.ok(value.substring(1)));
            }
        }
        assertThat(chunk.inputs()).isEqualTo(values.size());
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        assertThat(chunk.distinctRecords()).isEqualTo(distinct.size());
        List<String> fitting = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            boolean fits = ENVELOPE.emptyBytes() + Envelope.recordBytes(0, encoded.get(i).length) <= maxPayloadBytes;
            RecordResult<String> r = chunk.result(i);
            if (fits) {
                assertThat(r).as("input %d gets its own record's answer", i).isEqualTo(RecordResult.ok(values.get(i)));
                if (!fitting.contains(values.get(i))) {
                    fitting.add(values.get(i));
                }
            } else {
                assertThat(r.status()).as("input %d cannot fit alone", i).isEqualTo(RecordStatus.INVALID);
                assertThat(r.reason().orElseThrow()).contains("too large");
            }
        }
        assertThat(sentInOrder).as("every distinct record that fits is sent once, in input order (one pass)")
                .isEqualTo(fitting);
    }
}
