package dev.embeddedservice.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierNormalizer;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.NormalizedIdentifier;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalizes and hashes identifiers in process, as protocol §2 says, so that raw emails and
 * phone numbers never leave it. Thread-safe.
 *
 * <ul>
 *   <li>Every type: a value that is not well-formed text (an unpaired surrogate) is invalid, never
 *       repaired: two different inputs would otherwise share one answer.</li>
 *   <li>Email: trimmed ({@link ProtocolText}) and lowercased, then SHA-256 of its UTF-8 bytes. It must look
 *       like an address: one {@code @} with something on both sides, and no whitespace or control
 *       character left inside.</li>
 *   <li>Phone: trimmed, parsed with libphonenumber in the identifier's region or the default one,
 *       must be a valid number, then SHA-256 of its E.164 form.</li>
 *   <li>MAID: trimmed and lowercased, must be a canonical UUID; the all-zero UUID (ad tracking
 *       limited) is not an identifier.</li>
 *   <li>Hashed email or phone: trimmed and lowercased, must be 64 hex characters.</li>
 *   <li>Custom: sent as given; must not be empty.</li>
 * </ul>
 * Normalization is idempotent on the wire form: normalizing a normalized value gives it back.
 * Nothing a library throws escapes: a value it cannot handle is invalid.
 */
public final class DefaultIdentifierNormalizer implements IdentifierNormalizer {

    private static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
    private static final int MAX_PHONE_LENGTH = 64;
    static final String ILL_FORMED = "not well-formed text (it holds an unpaired surrogate)";

    private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
    private final String defaultPhoneRegion;

    DefaultIdentifierNormalizer(String defaultPhoneRegion) {
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
    String defaultPhoneRegion() {
        return defaultPhoneRegion;
    }

    @Override
    public NormalizedIdentifier normalize(Identifier id) {
        Objects.requireNonNull(id, "identifier");
        IdentifierType type = id.type();
        String value = id.value();
        if (!ProtocolText.isWellFormed(value)) {
            return NormalizedIdentifier.invalid(type, ILL_FORMED);
        }
        switch (type) {
            case EMAIL -> {
                String email = normalizeEmail(value);
                return email == null ? NormalizedIdentifier.invalid(type, "not an email address")
                        : NormalizedIdentifier.valid(type, Sha256Hex.of(email));
            }
            case PHONE -> {
                String e164 = toE164(value, region(id));
                return e164 == null ? NormalizedIdentifier.invalid(type, phoneProblem(id))
                        : NormalizedIdentifier.valid(type, Sha256Hex.of(e164));
            }
            default -> {
                String wire = plainWire(type, value);
                String problem = plainProblem(type, wire);
                return problem == null ? NormalizedIdentifier.valid(type, wire)
                        : NormalizedIdentifier.invalid(type, problem);
            }
        }
    }

    /**
     * The identifier's record {@code data} (protocol §2), or {@code null} when it is invalid
     * ({@link #normalize} then says why): what {@link #normalize} gives, encoded, without building
     * the digest's hex string on the way.
     */
    public byte[] recordData(Identifier id) {
        IdentifierType type = id.type();
        String value = id.value();
        if (type == IdentifierType.EMAIL) {
            return emailRecord(value); // checks well-formedness on its way, where it must
        }
        if (!ProtocolText.isWellFormed(value)) {
            return null;
        }
        switch (type) {
            case PHONE -> {
                String e164 = toE164(value, region(id));
                return e164 == null ? null : RecordData.hashed(IdentifierType.PHONE_SHA256, Sha256Hex.digest(e164));
            }
            default -> {
                String wire = plainWire(type, value);
                if (plainProblem(type, wire) != null) {
                    return null;
                }
                // A digest given as hex is the same record as the one the client computes: the compact form.
                return type == IdentifierType.EMAIL_SHA256 || type == IdentifierType.PHONE_SHA256
                        ? RecordData.hashed(type, HexFormat.of().parseHex(wire)) : RecordData.translate(type, wire);
            }
        }
    }

    /**
     * The record of an email, or {@code null} when it is not an address: {@link #normalizeEmail}
     * and SHA-256 in one pass over an ASCII address, lowercased into a buffer of this thread's; any
     * other address takes the general path (Unicode lowercasing, well-formedness).
     */
    private static byte[] emailRecord(String email) {
        int start = 0;
        int end = email.length();
        while (start < end && ProtocolText.isTrimmed(email.charAt(start))) {
            start++;
        }
        while (end > start && ProtocolText.isTrimmed(email.charAt(end - 1))) {
            end--;
        }
        int length = end - start;
        Sha256Hex.Scratch scratch = Sha256Hex.scratch();
        byte[] lower = scratch.input(length);
        int at = -1;
        for (int i = 0; i < length; i++) {
            char c = email.charAt(start + i);
            if (c >= 0x80) {
                String normalized = ProtocolText.isWellFormed(email) ? normalizeEmail(email) : null;
                return normalized == null ? null
                        : RecordData.hashed(IdentifierType.EMAIL_SHA256, Sha256Hex.digest(normalized));
            }
            if (c == '@') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            } else if (c <= ' ' || c == 0x7f) {
                // Whitespace or a control character inside (the ASCII ones of normalizeEmail's rule).
                return null;
            }
            lower[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        if (at <= 0 || at == length - 1) {
            return null;
        }
        return RecordData.hashed(IdentifierType.EMAIL_SHA256, scratch.digestInput(length));
    }

    /** The normalized form of an email before hashing, or {@code null} when it is not an address. */
    static String normalizeEmail(String email) {
        String e = ProtocolText.trim(email).toLowerCase(Locale.ROOT);
        int at = -1;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            } else if (ProtocolText.isTrimmed(c) || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return null;
            }
        }
        return at <= 0 || at == e.length() - 1 ? null : e;
    }

    /** The E.164 form of a phone number, or {@code null} when it is not a valid number. */
    String toE164(String value, String region) {
        String v = ProtocolText.trim(value);
        if (v.isEmpty() || v.length() > MAX_PHONE_LENGTH) {
            return null;
        }
        try {
            PhoneNumber number = phoneNumbers.parse(v, region);
            return phoneNumbers.isValidNumber(number)
                    ? phoneNumbers.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException | RuntimeException e) {
            // A value libphonenumber cannot handle is not a phone number; nothing it throws escapes.
            return null;
        }
    }

    private String region(Identifier id) {
        return id.phoneRegion().orElse(defaultPhoneRegion);
    }

    private String phoneProblem(Identifier id) {
        return "not a valid phone number (default region " + region(id) + ")";
    }

    /** The wire value of a MAID, hashed or custom identifier, before it is checked. */
    private static String plainWire(IdentifierType type, String value) {
        return type == IdentifierType.CUSTOM ? value : ProtocolText.trim(value).toLowerCase(Locale.ROOT);
    }

    /** Why {@code wire} is not a valid wire value of {@code type}, or {@code null} when it is. */
    private static String plainProblem(IdentifierType type, String wire) {
        return switch (type) {
            case MAID -> !isCanonicalUuid(wire) ? "not a UUID (8-4-4-4-12 hex digits)"
                    : wire.equals(ZERO_UUID) ? "all-zero MAID: ad tracking is limited" : null;
            case EMAIL_SHA256, PHONE_SHA256 -> Sha256Hex.isLowerHex64(wire) ? null
                    : "not a SHA-256 digest (64 hex characters)";
            case CUSTOM -> wire.isEmpty() ? "custom identifier is empty" : null;
            case EMAIL, PHONE -> throw new IllegalArgumentException("not a plain type: " + type);
        };
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
