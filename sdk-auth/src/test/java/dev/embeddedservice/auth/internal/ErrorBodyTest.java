package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code error} and message of an error body, cleaned for an exception message. */
class ErrorBodyTest {

    private static String describe(String body, String... secrets) {
        return ErrorBody.parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8), "message", secrets)
                .describe();
    }

    @Test
    void codeAndMessage() {
        assertThat(describe("{\"error\":\"RATE_LIMITED\",\"message\":\"slow down\"}"))
                .isEqualTo(" (RATE_LIMITED: slow down)");
    }

    @Test
    void codeAlone() {
        assertThat(describe("{\"error\":\"RATE_LIMITED\"}")).isEqualTo(" (RATE_LIMITED)");
    }

    @Test
    void messageAlone() {
        assertThat(describe("{\"message\":\"slow down\"}")).isEqualTo(" (slow down)");
    }

    @Test
    void neitherOrNotAJsonObjectSaysNothing() {
        assertThat(describe("{}")).isEmpty();
        assertThat(describe("[\"RATE_LIMITED\"]")).isEmpty();
        assertThat(describe("<html>busy</html>")).isEmpty();
        assertThat(describe("")).isEmpty();
        assertThat(describe(null)).isEmpty();
        assertThat(describe("{\"error\":5,\"message\":{\"x\":1}}")).isEmpty();
        assertThat(describe("{\"error\":\"  \"}")).as("blank after cleaning").isEmpty();
    }

    @Test
    void theMessageIsReadFromTheFieldNamed() {
        byte[] body = "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\",\"message\":\"no\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ErrorBody.parse(body, "error_description").describe()).isEqualTo(" (invalid_client: bad secret)");
    }

    @Test
    void secretsAreRedactedAndControlCharactersBlanked() {
        assertThat(describe("{\"error\":\"E\",\"message\":\"key k-123\\r\\nX-Injected: 1\"}", "k-123", "", null))
                .isEqualTo(" (E: key <redacted>  X-Injected: 1)");
    }

    @Test
    void longTextIsCutAtItsLimit() {
        String message = "m".repeat(300);
        assertThat(describe("{\"message\":\"" + message + "\"}")).isEqualTo(" (" + message + ")");
        assertThat(describe("{\"message\":\"" + message + "x\"}")).isEqualTo(" (" + message + "...)");
        String code = "C".repeat(64);
        assertThat(describe("{\"error\":\"" + code + "\"}")).isEqualTo(" (" + code + ")");
        assertThat(describe("{\"error\":\"" + code + "D\"}")).isEqualTo(" (" + code + "...)");
    }
}
