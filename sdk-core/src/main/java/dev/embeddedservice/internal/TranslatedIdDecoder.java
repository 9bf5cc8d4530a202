package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads translate's result data, {@code {"translatedId":"..."}}, without building a tree. */
public final class TranslatedIdDecoder implements DataDecoder<String> {

    public static final TranslatedIdDecoder INSTANCE = new TranslatedIdDecoder();

    private TranslatedIdDecoder() {
    }

    @Override
    public String decode(JsonParser p) throws IOException, ProtocolViolation {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new ProtocolViolation("result data is not an object");
        }
        String translatedId = null;
        boolean wrongType = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("translatedId".equals(field) && value == JsonToken.VALUE_STRING) {
                translatedId = p.getText();
            } else {
                wrongType |= "translatedId".equals(field);
                p.skipChildren();
            }
        }
        if (wrongType) {
            throw new ProtocolViolation("result data.translatedId is not a string");
        }
        if (translatedId == null || translatedId.isEmpty()) {
            throw new ProtocolViolation("OK result without data.translatedId");
        }
        return translatedId;
    }
}
