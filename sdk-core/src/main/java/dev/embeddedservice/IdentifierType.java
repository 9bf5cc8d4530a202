package dev.embeddedservice;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.util.Locale;

/**
 * The type of an identifier: how the application has it, and so how the client normalizes it
 * (protocol §2). Raw emails and phone numbers never leave the process: {@link #EMAIL} and
 * {@link #PHONE} are normalized and hashed locally and travel as their {@link #wireType()},
 * {@link #EMAIL_SHA256} and {@link #PHONE_SHA256}; the other four travel as themselves.
 *
 * <pre>{@code
 * IdentifierType type = IdentifierType.fromName("email");      // as esvc --type takes it
 * Identifier id = Identifier.of(type, "alice@example.com");
 * assert type.wireType() == IdentifierType.EMAIL_SHA256;
 * }</pre>
 */
public enum IdentifierType {
    /** A raw email: trimmed, lowercased and hashed with SHA-256; travels as {@link #EMAIL_SHA256}. */
    EMAIL,
    /** A raw phone number: parsed to E.164 and hashed with SHA-256; travels as {@link #PHONE_SHA256}. */
    PHONE,
    /** A mobile advertising id: a canonical lowercase UUID. */
    MAID,
    /** 64 lowercase hex characters: SHA-256 of the trimmed, lowercased email. */
    EMAIL_SHA256,
    /** 64 lowercase hex characters: SHA-256 of the E.164 phone number. */
    PHONE_SHA256,
    /** A partner-defined, non-empty string, sent as given. */
    CUSTOM;

    /** The type an identifier of this type travels as on the wire. */
    public IdentifierType wireType() {
        return switch (this) {
            case EMAIL, EMAIL_SHA256 -> EMAIL_SHA256;
            case PHONE, PHONE_SHA256 -> PHONE_SHA256;
            case MAID -> MAID;
            case CUSTOM -> CUSTOM;
        };
    }

    /** Whether this is a type of the wire (everything but {@link #EMAIL} and {@link #PHONE}). */
    public boolean isWireType() {
        return wireType() == this;
    }

    /**
     * The type named {@code name}, in any case: {@code email}, {@code phone}, {@code maid},
     * {@code email_sha256}, {@code phone_sha256} or {@code custom} (the names of
     * {@code esvc --type}).
     *
     * @throws InvalidConfigurationException when no type has that name
     */
    public static IdentifierType fromName(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (IdentifierType t : values()) {
                if (t.name().equals(n)) {
                    return t;
                }
            }
        }
        throw new InvalidConfigurationException("unknown identifier type '" + name + "': expected one of "
                + "email, phone, maid, email_sha256, phone_sha256, custom");
    }

    /** The lowercase name {@link #fromName} takes, such as {@code email_sha256}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
