package dev.embeddedservice.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierNormalizer;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.NormalizedIdentifier;
import java.util.Locale;
import java.util.Objects;
import dev.embeddedservice.exception.InvalidConfigurationException;

/**
 * Normalizes and hashes identifiers in process, as protocol §2 says, so that raw emails and
 * phone numbers never leave it. Thread-safe.
 *
 * <ul>
 *   <li>Email: trimmed and lowercased, then SHA-256 of its UTF-8 bytes. It must look like an
 *       address: one {@code @} with something on both sides and no whitespace.</li>
 *   <li>Phone: parsed with libphonenumber in the identifier's region or the default one, must be
 *       a valid number, then SHA-256 of its E.164 form.</li>
 *   <li>MAID: trimmed and lowercased, must be a canonical UUID; the all-zero UUID (ad tracking
 *       limited) is not an identifier.</li>
 *   <li>Hashed email or phone: trimmed and lowercased, must be 64 hex characters.</li>
 *   <li>Custom: sent as given; must not be empty.</li>
 * </ul>
 * Normalization is idempotent on the wire form: normalizing a normalized value gives it back.
 */
public final class DefaultIdentifierNormalizer implements IdentifierNormalizer {

    private static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    private final String defaultPhoneRegion;

    public DefaultIdentifierNormalizer(String defaultPhoneRegion) {
        this.defaultPhoneRegion = defaultPhoneRegion;
    }

    /** A normalizer for {@code defaultPhoneRegion}, validated. */
    public static DefaultIdentifierNormalizer create(String defaultPhoneRegion) {
        String region = defaultPhoneRegion == null ? "" : defaultPhoneRegion.trim().toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new InvalidConfigurationException(
                    "defaultPhoneRegion must be an ISO 3166 region code such as US or GB, was '" + defaultPhoneRegion + "'");
        }
        return new DefaultIdentifierNormalizer(region);
    }

    /** The region phone numbers in local format are parsed in. */
    public String defaultPhoneRegion() {
        return defaultPhoneRegion;
    }

    @Override
    public NormalizedIdentifier normalize(Identifier id) {
        Objects.requireNonNull(id, "identifier");
        String value = id.value();
        return switch (id.type()) {
            case EMAIL -> email(value);
            case PHONE -> phone(value, id.phoneRegion().orElse(defaultPhoneRegion));
            case MAID -> maid(value);
            case EMAIL_SHA256 -> sha256(IdentifierType.EMAIL_SHA256, value);
            case PHONE_SHA256 -> sha256(IdentifierType.PHONE_SHA256, value);
            case CUSTOM -> value.isEmpty()
                    ? NormalizedIdentifier.invalid(IdentifierType.CUSTOM, "custom identifier is empty")
                    : NormalizedIdentifier.valid(IdentifierType.CUSTOM, value);
        };
    }

    /**
     * The identifier's encoded record {@code data} (protocol §2), or why it has none: what
     * {@link #normalize} gives, encoded, without building the digest's hex string on the way.
     */
    public EncodedInput encode(Identifier id) {
        String value = id.value();
        switch (id.type()) {
            case EMAIL -> {
                String normalized = normalizeEmail(value);
                return normalized == null
                        ? EncodedInput.invalid(IdentifierType.EMAIL_SHA256, "not an email address")
                        : EncodedInput.of(IdentifierType.EMAIL_SHA256,
                                RecordData.hashed(IdentifierType.EMAIL_SHA256, Sha256Hex.digest(normalized)));
            }
            case PHONE -> {
                String region = id.phoneRegion().orElse(defaultPhoneRegion);
                String e164 = toE164(value, region);
                return e164 == null
                        ? EncodedInput.invalid(IdentifierType.PHONE_SHA256,
                                "not a valid phone number (default region " + region + ")")
                        : EncodedInput.of(IdentifierType.PHONE_SHA256,
                                RecordData.hashed(IdentifierType.PHONE_SHA256, Sha256Hex.digest(e164)));
            }
            default -> {
                NormalizedIdentifier n = normalize(id);
                return n.isValid() ? EncodedInput.of(n.type(), RecordData.translate(n.type(), n.value()))
                        : EncodedInput.invalid(n.type(), n.invalidReason());
            }
        }
    }

    /** The normalized form of an email before hashing, or {@code null} when it is not an address. */
    public static String normalizeEmail(String email) {
        String e = email.trim().toLowerCase(Locale.ROOT);
        int at = -1;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            } else if (c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return null;
            }
        }
        return at <= 0 || at == e.length() - 1 ? null : e;
    }

    private static NormalizedIdentifier email(String value) {
        String normalized = normalizeEmail(value);
        if (normalized == null) {
            return NormalizedIdentifier.invalid(IdentifierType.EMAIL_SHA256, "not an email address");
        }
        return NormalizedIdentifier.valid(IdentifierType.EMAIL_SHA256, Sha256Hex.of(normalized));
    }

    private NormalizedIdentifier phone(String value, String region) {
        String e164 = toE164(value, region);
        if (e164 == null) {
            return NormalizedIdentifier.invalid(IdentifierType.PHONE_SHA256,
                    "not a valid phone number (default region " + region + ")");
        }
        return NormalizedIdentifier.valid(IdentifierType.PHONE_SHA256, Sha256Hex.of(e164));
    }

    /** The E.164 form of a phone number, or {@code null} when it is not a valid number. */
    public String toE164(String value, String region) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 64) {
            return null;
        }
        try {
            PhoneNumber number = phoneNumbers.parse(v, region);
            if (!phoneNumbers.isValidNumber(number)) {
                return null;
            }
            return phoneNumbers.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static NormalizedIdentifier maid(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!isCanonicalUuid(v)) {
            return NormalizedIdentifier.invalid(IdentifierType.MAID, "not a UUID (8-4-4-4-12 hex digits)");
        }
        if (v.equals(ZERO_UUID)) {
            return NormalizedIdentifier.invalid(IdentifierType.MAID, "all-zero MAID: ad tracking is limited");
        }
        return NormalizedIdentifier.valid(IdentifierType.MAID, v);
    }

    private static NormalizedIdentifier sha256(IdentifierType type, String value) {
        String v = value.trim();
        if (!Sha256Hex.isHex64(v)) {
            return NormalizedIdentifier.invalid(type, "not a SHA-256 digest (64 hex characters)");
        }
        return NormalizedIdentifier.valid(type, v.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code s} is a lowercase 8-4-4-4-12 hex UUID. */
    static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
