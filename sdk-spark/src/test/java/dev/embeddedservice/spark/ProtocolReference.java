package dev.embeddedservice.spark;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Protocol §2 (normalization and hashing) and §4 (the emulator's {@code translate}) written out
 * here, independently of the SDK, so every row the Spark transformation answers can be checked.
 */
final class ProtocolReference {

    /** What a correct run answers for one row; {@code wire} is "TYPE|value" of what is sent, null when nothing is. */
    record Expected(String status, String translatedId, String wire) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    });

    private ProtocolReference() {
    }

    static String sha256(String s) {
        return HexFormat.of().formatHex(SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The answer for a value of the type named {@code typeName} (as in a type column). */
    static Expected expected(String namespace, String typeName, String value) {
        if (typeName == null || value == null) {
            return new Expected("INVALID", null, null);
        }
        String wireType;
        String wire;
        switch (typeName.toLowerCase(Locale.ROOT)) {
            case "email" -> {
                wireType = "EMAIL_SHA256";
                wire = emailWire(value);
            }
            case "phone" -> {
                wireType = "PHONE_SHA256";
                wire = phoneWire(value);
            }
            case "maid" -> {
                wireType = "MAID";
                wire = maidWire(value);
            }
            default -> {
                return new Expected("INVALID", null, null);
            }
        }
        if (wire == null) {
            return new Expected("INVALID", null, null);
        }
        String h = sha256(namespace + "|" + wireType + "|" + wire);
        return h.charAt(0) == 'f' ? new Expected("NOT_FOUND", null, wireType + "|" + wire)
                : new Expected("OK", "tk_" + h.substring(0, 32), wireType + "|" + wire);
    }

    static String emailWire(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        return sha256(e);
    }

    static String phoneWire(String raw) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(raw.trim(), "US");
            return util.isValidNumber(number) ? sha256(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    static String maidWire(String raw) {
        String m = raw.trim().toLowerCase(Locale.ROOT);
        return m.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                && !m.equals("00000000-0000-0000-0000-000000000000") ? m : null;
    }
}
