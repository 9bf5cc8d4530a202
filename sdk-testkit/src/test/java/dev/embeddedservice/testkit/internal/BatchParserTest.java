package dev.embeddedservice.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(batch.records()).containsExactly(new Batch.Item("1", "MAID", "v1", null),
                new Batch.Item("0", "CUSTOM", "v0", null));
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
