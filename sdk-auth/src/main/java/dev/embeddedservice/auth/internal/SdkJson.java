package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one Jackson mapper of this module: unknown fields ignored (protocol §1), trailing garbage
 * after the JSON value refused, and parser messages that never quote the input (it may hold a
 * token).
 */
public final class SdkJson {

    /** Thread-safe once configured, as Jackson documents. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SdkJson() {
    }

    /**
     * Parses {@code bytes} as one JSON value.
     *
     * @throws NotJsonException when it is not JSON; its message gives a position, never content
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new NotJsonException("the body is not valid JSON" + where);
        } catch (IOException e) {
            throw new NotJsonException("the body could not be read as JSON");
        }
    }

    /** The body was not one JSON value. Carries no cause: Jackson's message may quote the input. */
    public static final class NotJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotJsonException(String message) {
            super(message, null, false, false);
        }
    }
}
