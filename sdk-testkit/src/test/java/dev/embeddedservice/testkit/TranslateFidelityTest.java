package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol §4: translate answers, compared with an independent computation of the spec. */
class TranslateFidelityTest {

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    @Test
    void every_answer_equals_the_independent_computation_of_protocol_section_4() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        List<TestRecords.Item> items = new ArrayList<>(TestRecords.valid(996, 7));
        items.add(new TestRecords.Item("bad-email", "EMAIL_SHA256", "ABCDEF" + "0".repeat(58)));
        items.add(new TestRecords.Item("bad-maid", "MAID", "6D92078A-8246-4BA4-AE5B-76104861E7DC"));
        items.add(new TestRecords.Item("empty-custom", "CUSTOM", ""));
        items.add(new TestRecords.Item("unknown-type", "IPV4", "10.0.0.1"));

        RawHttp.Response response = http.invoke(http.token(), TestRecords.batch("acme-media", items));

        assertThat(response.status()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        response.json().get("results").forEach(r -> byId.put(r.get("id").asText(), r));
        assertThat(byId).hasSize(items.size());
        for (TestRecords.Item item : items) {
            TestRecords.Expected expected = TestRecords.expected("acme-media", item.type(), item.value());
            JsonNode result = byId.get(item.id());
            assertThat(result.get("status").asText()).as("status of record %s", item.id()).isEqualTo(expected.status());
            if (expected.translatedId() != null) {
                assertThat(result.at("/data/translatedId").asText()).isEqualTo(expected.translatedId());
            } else {
                assertThat(result.has("data")).isFalse();
            }
            if ("INVALID".equals(expected.status())) {
                assertThat(result.get("message").asText()).isNotBlank().doesNotContain(item.value().isEmpty() ? "\u0000" : item.value());
            }
        }
        long notFound = byId.values().stream().filter(r -> "NOT_FOUND".equals(r.get("status").asText())).count();
        assertThat(notFound).as("about 1 in 16 is NOT_FOUND").isBetween(30L, 100L);
    }

    @Test
    void the_namespace_is_part_of_the_hash() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String token = http.token();
        List<TestRecords.Item> one = List.of(new TestRecords.Item("0", "CUSTOM", "customer-42"));

        JsonNode a = http.invoke(token, TestRecords.batch("ns-a", one)).json().get("results").get(0);
        JsonNode b = http.invoke(token, TestRecords.batch("ns-b", one)).json().get("results").get(0);

        assertThat(a.get("status").asText()).isEqualTo(TestRecords.expected("ns-a", "CUSTOM", "customer-42").status());
        assertThat(b.get("status").asText()).isEqualTo(TestRecords.expected("ns-b", "CUSTOM", "customer-42").status());
        assertThat(a.toString()).isNotEqualTo(b.toString());
    }

    @Test
    void results_come_in_a_shuffled_order_that_the_seed_determines() throws Exception {
        List<TestRecords.Item> items = TestRecords.valid(200, 3);
        String batch = TestRecords.batch(items);
        List<String> first;
        List<String> second;
        try (EmbeddedServiceEmulator a = EmbeddedServiceEmulator.builder().seed(99).start();
             EmbeddedServiceEmulator b = EmbeddedServiceEmulator.builder().seed(99).start()) {
            first = TestRecords.resultIds(new RawHttp(a).invoke(new RawHttp(a).token(), batch).json());
            second = TestRecords.resultIds(new RawHttp(b).invoke(new RawHttp(b).token(), batch).json());
        }
        List<String> inputOrder = items.stream().map(TestRecords.Item::id).toList();
        assertThat(first).containsExactlyInAnyOrderElementsOf(inputOrder).isNotEqualTo(inputOrder);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void a_missing_namespace_means_default() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String batch = "{\"operation\":\"translate\",\"records\":[{\"id\":\"a\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"v1\"}}]}";

        JsonNode result = http.invoke(http.token(), batch).json().get("results").get(0);

        TestRecords.Expected expected = TestRecords.expected("default", "CUSTOM", "v1");
        assertThat(result.get("status").asText()).isEqualTo(expected.status());
        if (expected.translatedId() != null) {
            assertThat(result.at("/data/translatedId").asText()).isEqualTo(expected.translatedId());
        }
    }

    @Test
    void unknown_fields_anywhere_are_ignored() throws Exception {
        RawHttp http = new RawHttp(emulator.emulator());
        String batch = "{\"v\":2,\"operation\":\"translate\",\"params\":{\"targetNamespace\":\"acme\",\"x\":[1,{\"y\":2}]},"
                + "\"records\":[{\"id\":\"a\",\"meta\":{\"k\":1},\"data\":{\"type\":\"CUSTOM\",\"value\":\"v1\",\"extra\":true}}]}";

        RawHttp.Response response = http.invoke(http.token(), batch);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("results").get(0).get("status").asText())
                .isEqualTo(TestRecords.expected("acme", "CUSTOM", "v1").status());
    }
}
