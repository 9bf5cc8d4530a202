package dev.embeddedservice;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Protocol §2 (normalization) and §4 (the emulator's translate), written out in the test,
 * independently of the SDK's code, so results can be checked against it.
 */
final class Reference {

    /** What a correct client must answer for one input. */
    record Expected(IdentifierType type, RecordStatus status, String translatedId) {
    }

    private Reference() {
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The wire value of a raw email, or null when it is not an address. */
    static String emailWire(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (!e.matches("[^@\\s]+@[^@\\s]+")) {
            return null;
        }
        return sha256(e);
    }

    /** The wire value of a raw phone, or null when it is not a valid number. */
    static String phoneWire(String raw, String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            var number = util.parse(raw.trim(), region);
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

    /** §4: the emulator's answer for a valid wire record. */
    static Expected translate(String namespace, IdentifierType type, String wireValue) {
        if (wireValue == null) {
            return new Expected(type, RecordStatus.INVALID, null);
        }
        String h = sha256(namespace + "|" + type.name() + "|" + wireValue);
        return h.startsWith("f") ? new Expected(type, RecordStatus.NOT_FOUND, null)
                : new Expected(type, RecordStatus.OK, "tk_" + h.substring(0, 32));
    }

    static Expected expected(String namespace, Identifier id, String defaultPhoneRegion) {
        return switch (id.kind()) {
            case EMAIL -> translate(namespace, IdentifierType.EMAIL_SHA256, emailWire(id.value()));
            case PHONE -> translate(namespace, IdentifierType.PHONE_SHA256,
                    phoneWire(id.value(), id.phoneRegion().orElse(defaultPhoneRegion)));
            case MAID -> translate(namespace, IdentifierType.MAID, maidWire(id.value()));
            case EMAIL_SHA256, PHONE_SHA256 -> {
                String v = id.value().trim().toLowerCase(Locale.ROOT);
                yield translate(namespace, id.type(), v.matches("[0-9a-f]{64}") ? v : null);
            }
            case CUSTOM -> translate(namespace, IdentifierType.CUSTOM, id.value().isEmpty() ? null : id.value());
        };
    }

    static boolean matches(Expected e, TranslateResult r) {
        return e.type() == r.type() && e.status() == r.status()
                && java.util.Objects.equals(e.translatedId(), r.translatedId().orElse(null));
    }
}
