package dev.embeddedservice;

import java.util.Objects;
import java.util.Optional;

/**
 * One identifier to translate, as the application has it: a raw email or phone number, a MAID,
 * an already hashed email or phone, or a partner-defined value. The client normalizes and hashes
 * it locally (protocol §2) before anything is sent; an identifier that cannot be normalized
 * becomes an {@link RecordStatus#INVALID} result without being sent or billed.
 *
 * <p>Immutable. The value is personal data: {@link #toString()} prints only the kind.
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

    /** What the application handed in; decides how the value is normalized. */
    public enum Kind {
        /** A raw email: trimmed, lowercased and hashed with SHA-256. */
        EMAIL,
        /** A raw phone number: parsed to E.164 and hashed with SHA-256. */
        PHONE,
        /** A mobile advertising id (UUID); sent lowercase. */
        MAID,
        /** An email already hashed by the application: 64 hex characters. */
        EMAIL_SHA256,
        /** A phone number already hashed by the application: 64 hex characters. */
        PHONE_SHA256,
        /** A partner-defined value, sent as is. */
        CUSTOM;

        /** The wire type an identifier of this kind travels as. */
        public IdentifierType wireType() {
            return switch (this) {
                case EMAIL, EMAIL_SHA256 -> IdentifierType.EMAIL_SHA256;
                case PHONE, PHONE_SHA256 -> IdentifierType.PHONE_SHA256;
                case MAID -> IdentifierType.MAID;
                case CUSTOM -> IdentifierType.CUSTOM;
            };
        }
    }

    private final Kind kind;
    private final String value;
    private final String phoneRegion;

    private Identifier(Kind kind, String value, String phoneRegion) {
        this.kind = kind;
        this.value = Objects.requireNonNull(value, "identifier value");
        this.phoneRegion = phoneRegion;
    }

    /** A raw email address. */
    public static Identifier email(String email) {
        return new Identifier(Kind.EMAIL, email, null);
    }

    /** A raw phone number, in E.164 or in the local format of the client's default phone region. */
    public static Identifier phone(String phone) {
        return new Identifier(Kind.PHONE, phone, null);
    }

    /** A raw phone number in the local format of {@code region} (an ISO 3166 code such as {@code GB}). */
    public static Identifier phone(String phone, String region) {
        return new Identifier(Kind.PHONE, phone, Objects.requireNonNull(region, "region"));
    }

    /** A mobile advertising id (IDFA, AAID): a UUID in any case. */
    public static Identifier maid(String maid) {
        return new Identifier(Kind.MAID, maid, null);
    }

    /** An email the application has already normalized and hashed: 64 hex characters. */
    public static Identifier emailSha256(String sha256Hex) {
        return new Identifier(Kind.EMAIL_SHA256, sha256Hex, null);
    }

    /** A phone number the application has already normalized and hashed: 64 hex characters. */
    public static Identifier phoneSha256(String sha256Hex) {
        return new Identifier(Kind.PHONE_SHA256, sha256Hex, null);
    }

    /** A partner-defined identifier, sent as is; must not be empty. */
    public static Identifier custom(String value) {
        return new Identifier(Kind.CUSTOM, value, null);
    }

    /** What kind of identifier this is. */
    public Kind kind() {
        return kind;
    }

    /** The wire type it travels as. */
    public IdentifierType type() {
        return kind.wireType();
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
        return o instanceof Identifier other && kind == other.kind && value.equals(other.value)
                && Objects.equals(phoneRegion, other.phoneRegion);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + value.hashCode()) * 31 + Objects.hashCode(phoneRegion);
    }

    @Override
    public String toString() {
        return "Identifier[" + kind + ", <redacted>]";
    }
}
