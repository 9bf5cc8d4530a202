package dev.embeddedservice.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The emulator's {@code translate}, exactly as protocol §4 specifies, so any test can compute the expected answer:
 * {@code h = sha256_hex(ns + "|" + type + "|" + value)}; {@code NOT_FOUND} when {@code h} starts with {@code f},
 * else {@code OK} with {@code translatedId = "tk_" + h[0..32)}; {@code INVALID} for a value not valid for its type.
 * Thread-safe (one digest per thread).
 */
final class Translator {

    /** The operation's name in the batch envelope. */
    static final String OPERATION = "translate";

    /** {@code data} of an OK answer: {@code {"translatedId": "tk_..."}}. */
    record TranslatedId(String translatedId) implements RecordAnswer.Data {
        @Override
        public void writeFields(JsonGenerator g) throws IOException {
            g.writeStringField("translatedId", translatedId);
        }
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Translator() {
    }

    static RecordAnswer translate(String namespace, Batch.Item item) {
        if (item.problem() != null) {
            return RecordAnswer.invalid(item.id(), item.problem());
        }
        String problem = validate(item.type(), item.value());
        if (problem != null) {
            return RecordAnswer.invalid(item.id(), problem);
        }
        MessageDigest digest = SHA256.get();
        byte[] h = digest.digest((namespace + "|" + item.type() + "|" + item.value()).getBytes(StandardCharsets.UTF_8));
        if ((h[0] & 0xf0) == 0xf0) {
            return RecordAnswer.notFound(item.id());
        }
        return RecordAnswer.ok(item.id(), new TranslatedId("tk_" + HEX.formatHex(h, 0, 16)));
    }

    /** Why {@code value} is not valid for {@code type}, or null; never quotes the value. */
    static String validate(String type, String value) {
        switch (type) {
            case "EMAIL_SHA256", "PHONE_SHA256" -> {
                return isLowerHex(value, 64) ? null : type + " value must be 64 lowercase hex characters";
            }
            case "MAID" -> {
                return isCanonicalUuid(value) ? null : "MAID value must be a canonical lowercase UUID";
            }
            case "CUSTOM" -> {
                return value.isEmpty() ? "CUSTOM value must not be empty" : null;
            }
            default -> {
                return "unsupported identifier type";
            }
        }
    }

    private static boolean isLowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isLowerHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isLowerHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
