package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emulator's second operation, {@code fraudScore}: answers equal an independent computation of its definition
 * (plain {@link java.security.MessageDigest} and integer arithmetic, as the README states it), malformed
 * transactions are INVALID without quoting their values, entitlement comes from the token's {@code ops}.
 */
class FraudScoreTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    /** A transaction as the wire carries it. */
    record Transaction(String id, String accountIdHash, long amountCents, String currency, String country) {
    }

    /** The README's definition, computed here: k = floor(n * 10000 / 65536), n = first two bytes of the hash. */
    static String[] expected(Transaction t) {
        String h = TestRecords.sha256Hex(t.accountIdHash() + "|" + t.amountCents() + "|" + t.currency() + "|"
                + t.country());
        int n = Integer.parseInt(h.substring(0, 4), 16);
        int k = n * 10_000 / 65_536;
        String band = k < 6_000 ? "LOW" : k < 9_000 ? "MEDIUM" : "HIGH";
        return new String[] {String.format("0.%04d", k), band};
    }

    static List<Transaction> transactions(int n, long seed) {
        Random random = new Random(seed);
        String[] currencies = {"USD", "EUR", "GBP", "JPY"};
        String[] countries = {"US", "DE", "GB", "JP", "BR"};
        List<Transaction> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Transaction(Integer.toString(i), TestRecords.sha256Hex("account-" + random.nextInt(10_000)),
                    random.nextInt(5_000_000), currencies[random.nextInt(4)], countries[random.nextInt(5)]));
        }
        return list;
    }

    static String batch(List<ObjectNode> data) {
        ObjectNode root = RawHttp.MAPPER.createObjectNode();
        root.put("operation", "fraudScore");
        root.putObject("params");
        ArrayNode records = root.putArray("records");
        for (int i = 0; i < data.size(); i++) {
            ObjectNode record = records.addObject();
            record.put("id", "r" + i);
            if (data.get(i) != null) {
                record.set("data", data.get(i));
            }
        }
        return root.toString();
    }

    static ObjectNode data(Transaction t) {
        return RawHttp.MAPPER.createObjectNode().put("accountIdHash", t.accountIdHash()).put("amountCents", t.amountCents())
                .put("currency", t.currency()).put("country", t.country());
    }

    private static Map<String, JsonNode> resultsById(RawHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        response.json().get("results").forEach(r -> byId.put(r.get("id").asText(), r));
        return byId;
    }

    @Test
    void every_score_equals_the_independent_computation_of_its_definition() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        List<Transaction> transactions = transactions(500, 3);
        List<ObjectNode> data = new ArrayList<>();
        transactions.forEach(t -> data.add(data(t)));

        Map<String, JsonNode> byId = resultsById(http.invoke(http.token(), batch(data)));

        assertThat(byId).hasSize(500);
        Map<String, Integer> bands = new HashMap<>();
        for (int i = 0; i < transactions.size(); i++) {
            String[] expected = expected(transactions.get(i));
            JsonNode result = byId.get("r" + i);
            assertThat(result.get("status").asText()).isEqualTo("OK");
            assertThat(result.at("/data/score").decimalValue()).as("score of record %d", i)
                    .isEqualByComparingTo(new BigDecimal(expected[0]));
            assertThat(result.at("/data/band").asText()).isEqualTo(expected[1]);
            assertThat(result.has("message")).isFalse();
            bands.merge(expected[1], 1, Integer::sum);
        }
        assertThat(bands).as("60% LOW, 30% MEDIUM, 10% HIGH, roughly").containsOnlyKeys("LOW", "MEDIUM", "HIGH");
        assertThat(bands.get("HIGH")).isBetween(25, 80);
    }

    @Test
    void scores_have_four_decimals_on_the_wire_and_the_band_thresholds_hold() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        List<Transaction> transactions = transactions(200, 11);
        List<ObjectNode> data = new ArrayList<>();
        transactions.forEach(t -> data.add(data(t)));

        String body = http.invoke(http.token(), batch(data)).body();

        assertThat(body).containsPattern("\"score\":0\\.\\d{4},");
        resultsById(http.invoke(http.token(), batch(data))).values().forEach(r -> {
            double score = r.at("/data/score").asDouble();
            String band = r.at("/data/band").asText();
            assertThat(band).isEqualTo(score < 0.6 ? "LOW" : score < 0.9 ? "MEDIUM" : "HIGH");
            assertThat(score).isBetween(0.0, 0.9999);
        });
    }

    @Test
    void malformed_transactions_are_invalid_and_named_by_field_never_by_value() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        Transaction good = transactions(1, 5).get(0);
        List<ObjectNode> data = new ArrayList<>();
        data.add(data(good).put("accountIdHash", "ACCOUNT-123456"));           // r0: not a hash
        data.add(data(good).put("amountCents", -5));                             // r1: negative
        data.add(data(good).put("amountCents", 12.5));                           // r2: fractional
        data.add(data(good).put("amountCents", "1200"));                         // r3: a string
        data.add(data(good).put("amountCents", 9_007_199_254_740_992L));         // r4: beyond 2^53 - 1
        data.add(data(good).put("currency", "usd"));                             // r5: lowercase
        data.add(data(good).put("country", "USA"));                              // r6: alpha-3
        data.add((ObjectNode) data(good).without("country"));                   // r7: missing field
        data.add(null);                                                          // r8: no data
        data.add(data(good).put("amountCents", 9_007_199_254_740_991L).put("note", "extra fields are ignored")); // r9

        Map<String, JsonNode> byId = resultsById(http.invoke(http.token(), batch(data)));

        Map<String, String> field = Map.of("r0", "accountIdHash", "r1", "amountCents", "r2", "amountCents",
                "r3", "amountCents", "r4", "amountCents", "r5", "currency", "r6", "country", "r7", "country",
                "r8", "data");
        field.forEach((id, name) -> {
            JsonNode r = byId.get(id);
            assertThat(r.get("status").asText()).as(id).isEqualTo("INVALID");
            assertThat(r.get("message").asText()).as(id).contains(name)
                    .doesNotContain("ACCOUNT-123456").doesNotContain("usd").doesNotContain("USA");
            assertThat(r.has("data")).isFalse();
        });
        Transaction max = new Transaction("r9", good.accountIdHash(), 9_007_199_254_740_991L, good.currency(),
                good.country());
        assertThat(byId.get("r9").get("status").asText()).isEqualTo("OK");
        assertThat(byId.get("r9").at("/data/band").asText()).isEqualTo(expected(max)[1]);
        assertThat(emulator.journal().billedUnits()).as("invalid records are billed: the container did the work")
                .isEqualTo(10);
    }

    @Test
    void the_journal_names_the_operation_of_each_invocation() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();

        http.invoke(token, batch(List.of(data(transactions(1, 1).get(0)))));
        http.invoke(token, TestRecords.batch(TestRecords.valid(3, 1)));

        assertThat(emulator.journal().invocations()).extracting(InvocationRecord::operation)
                .containsExactly("fraudScore", "translate");
    }

    @Test
    void a_token_without_fraud_score_in_its_ops_is_not_entitled() throws Exception {
        try (EmbeddedServiceEmulator translateOnly = EmbeddedServiceEmulator.builder()
                .operations(List.of("translate")).start()) {
            RawHttp http = new RawHttp(translateOnly);

            RawHttp.Response response = http.invoke(http.token(), batch(List.of(data(transactions(1, 2).get(0)))));

            assertThat(response.status()).isEqualTo(424);
            assertThat(response.json().get("OriginalStatusCode").asInt()).isEqualTo(403);
            assertThat(response.original().get("error").asText()).isEqualTo("OPERATION_NOT_ENTITLED");
            assertThat(translateOnly.journal().billedUnits()).isZero();
        }
    }

    @Test
    void an_entitled_operation_the_container_does_not_implement_is_an_invalid_batch() throws Exception {
        try (EmbeddedServiceEmulator other = EmbeddedServiceEmulator.builder()
                .operations(List.of("translate", "brandSafety")).start()) {
            RawHttp http = new RawHttp(other);

            RawHttp.Response response = http.invoke(http.token(),
                    batch(List.of(data(transactions(1, 2).get(0)))).replace("fraudScore", "brandSafety"));

            assertThat(response.json().get("OriginalStatusCode").asInt()).isEqualTo(400);
            assertThat(response.original().get("error").asText()).isEqualTo("INVALID_BATCH");
            assertThat(response.original().get("message").asText()).contains("unsupported operation");
        }
    }

    @Test
    void faults_corrupt_fraud_score_answers_as_they_do_translate_answers() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        emulator.faults().script(1, Fault.RECORD_ERROR);
        List<ObjectNode> data = new ArrayList<>();
        transactions(20, 9).forEach(t -> data.add(data(t)));

        Map<String, JsonNode> byId = resultsById(http.invoke(http.token(), batch(data)));

        assertThat(byId.values()).filteredOn(r -> "ERROR".equals(r.get("status").asText())).hasSize(1);
        assertThat(byId.values()).filteredOn(r -> "OK".equals(r.get("status").asText())).hasSize(19);
        assertThat(emulator.journal().billedUnits()).isEqualTo(19);
    }
}
