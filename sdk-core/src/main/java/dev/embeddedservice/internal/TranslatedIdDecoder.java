package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads translate's result data, {@code {"translatedId":"..."}}, without building a tree: an id of
 * ISO-8859-1 characters (all the usual ones) comes out as its bytes, read from the parser's buffer,
 * anything else as a string.
 */
public final class TranslatedIdDecoder implements DataDecoder<Object> {

    public static final TranslatedIdDecoder INSTANCE = new TranslatedIdDecoder();

    private TranslatedIdDecoder() {
    }

    @Override
    public Object decode(JsonParser p) throws IOException, ProtocolViolation {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new ProtocolViolation("result data is not an object");
        }
        Object translatedId = null;
        boolean wrongType = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("translatedId".equals(field) && value == JsonToken.VALUE_STRING) {
                translatedId = latin1OrString(p);
            } else {
                wrongType |= "translatedId".equals(field);
                p.skipChildren();
            }
        }
        if (wrongType) {
            throw new ProtocolViolation("result data.translatedId is not a string");
        }
        if (translatedId == null || translatedId instanceof byte[] b && b.length == 0) {
            throw new ProtocolViolation("OK result without data.translatedId");
        }
        return translatedId;
    }

    /** A decoded translated id as text: its ISO-8859-1 bytes decoded, or the string itself; null stays null. */
    static String text(Object decoded) {
        return decoded instanceof byte[] latin1 ? new String(latin1, java.nio.charset.StandardCharsets.ISO_8859_1)
                : (String) decoded;
    }

    private static Object latin1OrString(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        byte[] latin1 = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text[offset + i];
            if (c > 0xFF) {
                return p.getText();
            }
            latin1[i] = (byte) c;
        }
        return latin1;
    }
}
