package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Reads a generic operation's result data into its output type with Jackson data binding. The
 * value is read as a tree first, so a value that does not bind is still consumed whole.
 */
final class JacksonDataDecoder<O> implements DataDecoder<O> {

    private final ObjectReader reader;
    private final Class<O> type;

    public JacksonDataDecoder(ObjectReader reader, Class<O> type) {
        this.reader = reader;
        this.type = type;
    }

    @Override
    public O decode(JsonParser parser) throws IOException, ProtocolViolation {
        JsonNode tree = reader.readTree(parser);
        try {
            O value = reader.treeToValue(tree, type);
            if (value == null) {
                throw new ProtocolViolation("OK result with null data");
            }
            return value;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The message of a binding error may quote the offending value: keep only its kind.
            throw new ProtocolViolation("result data does not bind to " + type.getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
