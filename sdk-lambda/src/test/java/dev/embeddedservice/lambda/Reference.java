package dev.embeddedservice.lambda;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Protocol §2 (normalization and hashing) and §4 (the emulator's {@code translate}) written out again
 * here, independently of the SDK, so that every answer the proxy gives is checked against the
 * specification rather than against the code that produced it.
 */
final class Reference {

    /** What the proxy must answer for one identifier: status, and the translated id when OK. */
    record Expected(String type, String status, String translatedId) {
    }

    private Reference() {
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The expected answer for {@code {"type": typeName, "value": value}} translated into {@code namespace}. */
    static Expected expected(String namespace, String typeName, String value) {
        String type = typeName.toLowerCase(Locale.ROOT);
        String wireType = switch (type) {
            case "email", "email_sha256" -> "EMAIL_SHA256";
            case "phone", "phone_sha256" -> "PHONE_SHA256";
            case "maid" -> "MAID";
            case "custom" -> "CUSTOM";
            default -> throw new IllegalArgumentException("type " + type);
        };
        String wire = switch (type) {
            case "email" -> emailWire(value);
            case "phone" -> phoneWire(value);
            case "maid" -> maidWire(value);
            case "email_sha256", "phone_sha256" -> value.trim().toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")
                    ? value.trim().toLowerCase(Locale.ROOT) : null;
            default -> value.isEmpty() ? null : value;
        };
        if (wire == null) {
            return new Expected(wireType, "INVALID", null);
        }
        String h = sha256(namespace + "|" + wireType + "|" + wire);
        return h.startsWith("f") ? new Expected(wireType, "NOT_FOUND", null)
                : new Expected(wireType, "OK", "tk_" + h.substring(0, 32));
    }

    private static String emailWire(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        return sha256(e);
    }

    private static String phoneWire(String raw) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(raw.trim(), "US");
            return util.isValidNumber(number) ? sha256(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String maidWire(String raw) {
        String m = raw.trim().toLowerCase(Locale.ROOT);
        return m.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                && !m.equals("00000000-0000-0000-0000-000000000000") ? m : null;
    }
}
