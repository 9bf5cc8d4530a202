package dev.embeddedservice;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

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
            case CUSTOM -> id.value().isEmpty() || !wellFormed(id.value()) ? null : id.value();
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

    /** Protocol §2's trim set: White_Space code points, U+200B and U+FEFF, as a regex class body. */
    private static final String TRIM_SET =
            "\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\u200B\\uFEFF";
    private static final Pattern TRIM = Pattern.compile("^[" + TRIM_SET + "]+|[" + TRIM_SET + "]+$");
    private static final Pattern INNER_SPACE = Pattern.compile("[" + TRIM_SET + "\\s]");

    /** Protocol §2's trim, written as a regex over the listed code points. */
    public static String trim(String s) {
        return TRIM.matcher(s).replaceAll("");
    }

    /** Whether {@code s} is well-formed text: UTF-8 can encode it exactly when no surrogate is unpaired. */
    public static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    /** Trim, lowercase, then SHA-256; null when it is not one address without whitespace or control characters. */
    public static String emailWire(String raw) {
        if (!wellFormed(raw)) {
            return null;
        }
        String e = trim(raw).toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (at < 1 || at != e.lastIndexOf('@') || at == e.length() - 1 || INNER_SPACE.matcher(e).find()
                || e.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return sha256(e);
    }

    public static String phoneWire(String raw, String region) {
        if (!wellFormed(raw)) {
            return null;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(trim(raw), region);
            return util.isValidNumber(number) ? sha256(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    public static String maidWire(String raw) {
        if (!wellFormed(raw)) {
            return null;
        }
        String m = trim(raw).toLowerCase(Locale.ROOT);
        return m.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                && !m.equals("00000000-0000-0000-0000-000000000000") ? m : null;
    }

    public static String hashedWire(String raw) {
        if (!wellFormed(raw)) {
            return null;
        }
        String v = trim(raw).toLowerCase(Locale.ROOT);
        return v.matches("[0-9a-f]{64}") ? v : null;
    }
}
