package dev.embeddedservice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchParserTest {

    private static Batch parse(String json) {
        return BatchParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_well_formed_batch_is_parsed_in_order() {
        Batch batch = parse("{\"operation\":\"translate\",\"params\":{\"targetNamespace\":\"ns\"},\"records\":["
                + "{\"id\":\"1\",\"data\":{\"type\":\"MAID\",\"value\":\"v1\"}},{\"id\":\"0\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"v0\"}}]}");

        assertThat(batch.error()).isNull();
        assertThat(batch.operation()).isEqualTo("translate");
        assertThat(batch.namespace()).isEqualTo("ns");
        assertThat(batch.recordCount()).isEqualTo(2);
        assertThat(batch.records()).extracting(Batch.Item::id, Batch.Item::type, Batch.Item::value, Batch.Item::problem)
                .containsExactly(tuple("1", "MAID", "v1", null), tuple("0", "CUSTOM", "v0", null));
    }

    @Test
    void each_record_knows_where_its_data_object_is_in_the_body() {
        String json = "{\"operation\":\"fraudScore\",\"records\":[{\"id\":\"0\",\"data\": {\"amountCents\":12,"
                + "\"nested\":{\"a\":[1,{}]},\"currency\":\"EUR\u00e9\"} },{\"id\":\"1\",\"data\":\"x\"},{\"id\":\"2\"}]}";
        Batch batch = parse(json);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);

        Batch.Item first = batch.records().get(0);
        assertThat(new String(body, first.dataStart(), first.dataEnd() - first.dataStart(), StandardCharsets.UTF_8))
                .isEqualTo("{\"amountCents\":12,\"nested\":{\"a\":[1,{}]},\"currency\":\"EUR\u00e9\"}");
        assertThat(batch.records().get(1).hasDataObject()).isFalse();
        assertThat(batch.records().get(1).problem()).isEqualTo("record data is not an object");
        assertThat(batch.records().get(2).hasDataObject()).isFalse();
        assertThat(batch.records().get(2).problem()).isEqualTo("record has no data");
    }

    @Test
    void a_body_that_is_not_json_has_no_record_count() {
        assertThat(parse("{\"operation\":").recordCount()).isEqualTo(-1);
        assertThat(parse("").recordCount()).isEqualTo(-1);
    }

    @Test
    void deep_nesting_is_refused_rather_than_followed() {
        String deep = "{\"operation\":\"translate\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"records\":[]}";

        assertThat(parse(deep).error()).isNotNull();
    }

    @Test
    void structural_errors_keep_the_record_count() {
        Batch batch = parse("{\"operation\":\"translate\",\"records\":[{\"id\":1},{\"id\":\"b\"}]}");

        assertThat(batch.error()).isEqualTo("record ids must be strings");
        assertThat(batch.recordCount()).isEqualTo(2);
    }

    @Test
    void custom_attributes_yield_the_token_among_other_pairs() {
        assertThat(CustomAttributes.token("token=abc")).isEqualTo("abc");
        assertThat(CustomAttributes.token("trace=1, token=abc;x=y")).isEqualTo("abc");
        assertThat(CustomAttributes.token("trace=1")).isNull();
        assertThat(CustomAttributes.token(null)).isNull();
    }
}
