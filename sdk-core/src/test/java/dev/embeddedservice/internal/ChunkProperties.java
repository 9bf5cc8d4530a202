package dev.embeddedservice.internal;

import dev.embeddedservice.NormalizedIdentifier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.RecordStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Identifiers on their way through normalization and a {@link Chunk}, as the client sends them:
 * whatever the inputs (any kind, duplicates, invalid ones, any characters) and limits, every
 * distinct record is sent once, in a batch body that is valid JSON of exactly its records, and each
 * input gets the answer to its own record, in input order.
 */
class ChunkProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DefaultIdentifierNormalizer normalizer = DefaultIdentifierNormalizer.create("US");
    private final TranslateCodec CODEC = new TranslateCodec(JSON, "ns", normalizer);

    @Property(tries = 300)
    @StatisticsReport(onFailureOnly = true)
    void eachInputGetsTheAnswerToItsOwnRecordInInputOrder(@ForAll("inputs") List<Identifier> ids,
                                                          @ForAll @IntRange(min = 1, max = 40) int maxRecords,
                                                          @ForAll @IntRange(min = 150, max = 5000) int maxPayloadBytes)
            throws Exception {
        // The cases that matter must really be generated: several batches, shared records, unsendable ones.
        Statistics.label("batches").coverage(c -> c.check("several").percentage(p -> p > 30));
        Statistics.label("shared records").coverage(c -> c.check("some").percentage(p -> p > 30));
        Statistics.label("too large").coverage(c -> c.check("some").percentage(p -> p > 5));
        Chunk<Object, TranslateResult> chunk = new Chunk<>(CODEC.envelope(), maxRecords, maxPayloadBytes, ids.size(),
                null);
        for (Identifier id : ids) {
            EncodedInputs<Object, TranslateResult> in = new EncodedInputs<>(1);
            CODEC.encode(id, in, 0);
            if (chunk.add(in, 0) == BatchPlanner.Offer.FULL) {
                chunk.cutBatch();
                assertThat(chunk.add(in, 0)).isNotEqualTo(BatchPlanner.Offer.FULL);
            }
        }
        chunk.cutBatch();

        // The endpoint's part: answer every record of every batch from what the batch body says.
        Map<String, Integer> timesSent = new HashMap<>();
        for (Batch<Object, TranslateResult> batch : chunk.batches()) {
            int[] all = new int[batch.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            byte[] body = CODEC.envelope().encode(batch.data(), all, 0, all.length);
            assertThat(body.length).isLessThanOrEqualTo(maxPayloadBytes);
            JsonNode records = JSON.readTree(body).get("records");
            assertThat(records).hasSize(batch.size());
            assertThat(batch.size()).isBetween(1, maxRecords);
            for (int p = 0; p < batch.size(); p++) {
                JsonNode record = records.get(p);
                assertThat(record.get("id").textValue()).isEqualTo(String.valueOf(p));
                JsonNode data = record.get("data");
                String key = data.get("type").textValue() + "|" + data.get("value").textValue();
                timesSent.merge(key, 1, Integer::sum);
                batch.setResult(p, batch.outcomes(p).ok("tk_" + key));
            }
        }

        assertThat(chunk.inputs()).isEqualTo(ids.size());
        List<String> expectedSent = new ArrayList<>();
        boolean tooLarge = false;
        for (int i = 0; i < ids.size(); i++) {
            NormalizedIdentifier n = normalizer.normalize(ids.get(i));
            TranslateResult r = chunk.result(i);
            assertThat(r.type()).as("input %d's type", i).isEqualTo(n.type());
            if (!n.isValid()) {
                assertThat(r).as("input %d", i).isEqualTo(TranslateResult.invalid(n.type(), n.invalidReason()));
                continue;
            }
            String key = n.type() + "|" + n.value();
            if (r.status() == RecordStatus.INVALID) {
                tooLarge = true;
                assertThat(r.reason().orElseThrow()).as("input %d, too large to send", i).contains("too large");
                assertThat(timesSent).doesNotContainKey(key);
                continue;
            }
            assertThat(r).as("input %d", i).isEqualTo(TranslateResult.ok(n.type(), "tk_" + key));
            if (!expectedSent.contains(key)) {
                expectedSent.add(key);
            }
        }
        assertThat(timesSent.keySet()).containsExactlyInAnyOrderElementsOf(expectedSent);
        Statistics.label("batches").collect(chunk.batches().size() > 1 ? "several" : "one or none");
        Statistics.label("shared records").collect(chunk.distinctRecords() < ids.size() ? "some" : "none");
        Statistics.label("too large").collect(tooLarge ? "some" : "none");
        assertThat(timesSent.values()).as("times each distinct record was sent").allMatch(times -> times == 1);
    }

    /** A mix with many repeats and near-repeats (case, spaces), invalid values and any characters. */
    @Provide
    Arbitrary<List<Identifier>> inputs() {
        Arbitrary<String> smallLocal = Arbitraries.of("a", "A", "b", " a ", "B\t");
        Arbitrary<Identifier> emails = smallLocal.map(l -> Identifier.email(l + "@Example.com"));
        Arbitrary<Identifier> phones = Arbitraries.of("(202) 555-0143", "202-555-0143", "+1 202 555 0143", "555",
                "+44 20 7946 0958", "").map(Identifier::phone);
        Arbitrary<Identifier> maids = Arbitraries.of("6d92078a-8246-4ba4-ae5b-76104861e7dc",
                "6D92078A-8246-4BA4-AE5B-76104861E7DC", "00000000-0000-0000-0000-000000000000", "6d92078a")
                .map(Identifier::maid);
        Arbitrary<Identifier> hashed = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64)
                .map(Identifier::emailSha256);
        Arbitrary<Identifier> custom = Arbitraries.strings().ofMaxLength(200).map(Identifier::custom);
        Arbitrary<Identifier> anyEmail = Arbitraries.strings().ofMaxLength(30)
                .map(s -> Identifier.email(s.toLowerCase(Locale.ROOT) + "@x"));
        return Arbitraries.oneOf(emails, phones, maids, hashed, custom, anyEmail).list().ofMaxSize(200);
    }
}
