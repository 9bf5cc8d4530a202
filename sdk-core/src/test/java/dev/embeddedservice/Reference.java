package dev.embeddedservice;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Protocol §2 (normalization and hashing) and §4 (the emulator's {@code translate}) written out
 * here, independently of the SDK's code, so that every answer the SDK gives can be checked
 * against it. Thread-safe; cheap enough to check a million results.
 */
public final class Reference {

    /** What a correct client answers for one input; {@code wire} is the value sent, null when none is. */
    public record Expected(IdentifierType type, String wire, RecordStatus status, String translatedId) {

        /** Whether {@code r} is this answer. */
        public boolean matches(TranslateResult r) {
            return type == r.type() && status == r.status()
                    && Objects.equals(translatedId, r.translatedId().orElse(null));
        }

        /** One key per distinct record a call sends (equal inputs share one record). */
        public String recordKey() {
            return type + "|" + wire;
        }
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    });

    private Reference() {
    }

    public static String sha256(String s) {
        return HEX.formatHex(SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    public static Expected expected(String namespace, Identifier id, String defaultPhoneRegion) {
        IdentifierType type = id.type().wireType();
        String wire = switch (id.type()) {
            case EMAIL -> emailWire(id.value());
            case PHONE -> phoneWire(id.value(), id.phoneRegion().orElse(defaultPhoneRegion));
            case MAID -> maidWire(id.value());
            case EMAIL_SHA256, PHONE_SHA256 -> hashedWire(id.value());
            case CUSTOM -> id.value().isEmpty() ? null : id.value();
        };
        return translate(namespace, type, wire);
    }

    /** §4: the emulator's answer for a record, given its wire value (null: it was not valid). */
    public static Expected translate(String namespace, IdentifierType type, String wire) {
        if (wire == null) {
            return new Expected(type, null, RecordStatus.INVALID, null);
        }
        String h = sha256(namespace + "|" + type.name() + "|" + wire);
        return h.charAt(0) == 'f' ? new Expected(type, wire, RecordStatus.NOT_FOUND, null)
                : new Expected(type, wire, RecordStatus.OK, "tk_" + h.substring(0, 32));
    }

    public static boolean matches(Expected expected, TranslateResult actual) {
        return expected.matches(actual);
    }

    /** Trim, lowercase, then SHA-256; null when it is not one address without whitespace. */
    public static String emailWire(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        return sha256(e);
    }

    public static String phoneWire(String raw, String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(raw.trim(), region);
            return util.isValidNumber(number) ? sha256(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    public static String maidWire(String raw) {
        String m = raw.trim().toLowerCase(Locale.ROOT);
        return m.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                && !m.equals("00000000-0000-0000-0000-000000000000") ? m : null;
    }

    public static String hashedWire(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        return v.matches("[0-9a-f]{64}") ? v : null;
    }
}
