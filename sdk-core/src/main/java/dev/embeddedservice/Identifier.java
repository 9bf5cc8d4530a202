package dev.embeddedservice;

import java.util.Objects;
import java.util.Optional;

/**
 * One identifier to translate, as the application has it: a raw email or phone number, a MAID,
 * an already hashed email or phone, or a partner-defined value. The client normalizes and hashes
 * it locally (protocol §2) before anything is sent; an identifier that cannot be normalized
 * becomes an {@link RecordStatus#INVALID} result without being sent or billed.
 *
 * <p>Immutable. The value is personal data: {@link #toString()} prints only the type.
 *
 * <pre>{@code
 * List<Identifier> ids = List.of(
 *         Identifier.email(" Alice@Example.com "),
 *         Identifier.phone("(202) 555-0143"),          // parsed with the client's default region
 *         Identifier.phone("020 7946 0958", "GB"),      // or with an explicit one
 *         Identifier.maid("6D92078A-8246-4BA4-AE5B-76104861E7DC"));
 * }</pre>
 */
public final class Identifier {

    private final IdentifierType type;
    private final String value;
    private final String phoneRegion;

    private Identifier(IdentifierType type, String value, String phoneRegion) {
        this.type = type;
        this.value = Objects.requireNonNull(value, "identifier value");
        this.phoneRegion = phoneRegion;
    }

    /**
     * An identifier of {@code type} (phone numbers in the client's default region), for input
     * whose type is data, such as a CSV column or {@code esvc --type}.
     */
    public static Identifier of(IdentifierType type, String value) {
        return new Identifier(Objects.requireNonNull(type, "type"), value, null);
    }

    /** A raw email address. */
    public static Identifier email(String email) {
        return new Identifier(IdentifierType.EMAIL, email, null);
    }

    /** A raw phone number, in E.164 or in the local format of the client's default phone region. */
    public static Identifier phone(String phone) {
        return new Identifier(IdentifierType.PHONE, phone, null);
    }

    /** A raw phone number in the local format of {@code region} (an ISO 3166 code such as {@code GB}). */
    public static Identifier phone(String phone, String region) {
        return new Identifier(IdentifierType.PHONE, phone, Objects.requireNonNull(region, "region"));
    }

    /** A mobile advertising id (IDFA, AAID): a UUID in any case. */
    public static Identifier maid(String maid) {
        return new Identifier(IdentifierType.MAID, maid, null);
    }

    /** An email the application has already normalized and hashed: 64 hex characters. */
    public static Identifier emailSha256(String sha256Hex) {
        return new Identifier(IdentifierType.EMAIL_SHA256, sha256Hex, null);
    }

    /** A phone number the application has already normalized and hashed: 64 hex characters. */
    public static Identifier phoneSha256(String sha256Hex) {
        return new Identifier(IdentifierType.PHONE_SHA256, sha256Hex, null);
    }

    /** A partner-defined identifier, sent as is; must not be empty. */
    public static Identifier custom(String value) {
        return new Identifier(IdentifierType.CUSTOM, value, null);
    }

    /** The identifier's type as given ({@link IdentifierType#EMAIL} for a raw email). */
    public IdentifierType type() {
        return type;
    }

    /** The value as given. Personal data: never log it. */
    public String value() {
        return value;
    }

    /** The phone region given with {@link #phone(String, String)}; empty means the client's default. */
    public Optional<String> phoneRegion() {
        return Optional.ofNullable(phoneRegion);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identifier other && type == other.type && value.equals(other.value)
                && Objects.equals(phoneRegion, other.phoneRegion);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + value.hashCode()) * 31 + Objects.hashCode(phoneRegion);
    }

    @Override
    public String toString() {
        return "Identifier[" + type + ", <redacted>]";
    }
}
