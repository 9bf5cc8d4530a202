package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.internal.DecodedBatch.WireStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ResponseDecoder decoder = new ResponseDecoder(mapper.getFactory());

    private DecodedBatch<Object> decode(String body, int expected) throws ProtocolViolation {
        return decoder.decode(body.getBytes(StandardCharsets.UTF_8), expected, TranslatedIdDecoder.INSTANCE);
    }

    private void assertViolation(String body, int expected, String message) {
        assertThatThrownBy(() -> decode(body, expected)).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining(message);
    }

    @Test
    void resultsInAnyOrderAreMatchedByRecordId() throws Exception {
        DecodedBatch<Object> batch = decode("""
                {"results":[{"id":"2","status":"INVALID","message":"bad value"},
                            {"id":"0","status":"OK","data":{"translatedId":"tk_0"}},
                            {"id":"1","status":"NOT_FOUND"}]}""", 3);
        assertThat(batch.status(0)).isEqualTo(WireStatus.OK);
        assertThat(TranslatedIdDecoder.text(batch.value(0))).isEqualTo("tk_0");
        assertThat(batch.status(1)).isEqualTo(WireStatus.NOT_FOUND);
        assertThat(batch.status(2)).isEqualTo(WireStatus.INVALID);
        assertThat(batch.message(2)).isEqualTo("bad value");
    }

    @Test
    void unknownFieldsAreIgnoredAndDataMayComeBeforeStatus() throws Exception {
        DecodedBatch<Object> batch = decode("""
                {"model":"v2","results":[{"data":{"translatedId":"tk_9","score":1},"extra":[1,{}],"id":"0","status":"OK"},
                 {"data":{},"id":"1","status":"NOT_FOUND"}]}""", 2);
        assertThat(TranslatedIdDecoder.text(batch.value(0))).isEqualTo("tk_9");
        assertThat(batch.status(1)).isEqualTo(WireStatus.NOT_FOUND);
    }

    @Test
    void errorStatusIsKeptForTheCallerToRetry() throws Exception {
        assertThat(decode("{\"results\":[{\"id\":\"0\",\"status\":\"ERROR\",\"message\":\"busy\"}]}", 1).status(0))
                .isEqualTo(WireStatus.ERROR);
    }

    @Test
    void aMissingIdIsAViolation() {
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\"}]}", 2, "missing 1 of 2");
    }

    @Test
    void aDuplicatedIdIsAViolation() {
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\"},{\"id\":\"0\",\"status\":\"NOT_FOUND\"}]}",
                2, "more than once");
    }

    @Test
    void anIdNeverSentIsAViolation() {
        assertViolation("{\"results\":[{\"id\":\"5\",\"status\":\"NOT_FOUND\"}]}", 1, "not sent");
        assertViolation("{\"results\":[{\"id\":\"00\",\"status\":\"NOT_FOUND\"}]}", 1, "not sent");
        assertViolation("{\"results\":[{\"id\":\"-1\",\"status\":\"NOT_FOUND\"}]}", 1, "not sent");
    }

    @Test
    void wrongJsonTypesAreViolations() {
        assertViolation("{\"results\":{}}", 1, "not an array");
        assertViolation("{\"results\":[{\"id\":0,\"status\":\"OK\"}]}", 1, "id is not a string");
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":1}]}", 1, "status is not a string");
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"OK\",\"data\":{\"translatedId\":7}}]}", 1,
                "translatedId is not a string");
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"OK\",\"data\":\"tk\"}]}", 1, "not an object");
        assertViolation("{\"results\":[\"0\"]}", 1, "not a JSON object");
        assertViolation("[]", 1, "not a JSON object");
    }

    @Test
    void anOkResultWithoutDataIsAViolation() {
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"OK\"}]}", 1, "no data");
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"OK\",\"data\":{}}]}", 1, "without data.translatedId");
    }

    @Test
    void anUnknownStatusIsAViolation() {
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"MAYBE\"}]}", 1, "unknown status");
    }

    @Test
    void bodiesThatAreNotJsonAreViolations() {
        assertViolation("<html>oops</html>", 1, "not valid JSON");
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"NOT_F", 1, "not valid JSON");
        assertViolation("", 1, "not a JSON object");
        assertViolation("{\"results\":[]} {}", 0, "after its JSON object");
        assertViolation("{}", 0, "no results");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutRecursingDeep() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertViolation("{\"results\":[{\"id\":\"0\",\"status\":\"NOT_FOUND\",\"x\":" + deep + "}]}", 1,
                "parser limits");
    }

    @Test
    void violationMessagesDoNotQuoteTheBody() {
        String secret = "a3f1c9e2b7d4a3f1c9e2b7d4a3f1c9e2b7d4a3f1c9e2b7d4a3f1c9e2b7d4aaaa";
        assertThatThrownBy(() -> decode("{\"results\":[{\"id\":\"" + secret + "\",\"status\":\"OK\"}]}", 1))
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> decode("{\"results\":[" + secret, 1)).hasMessageNotContaining(secret);
    }
}
