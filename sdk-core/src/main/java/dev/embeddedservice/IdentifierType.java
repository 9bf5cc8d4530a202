package dev.embeddedservice;

/**
 * The identifier types on the wire (protocol §2). Raw emails and phone numbers never leave the
 * process: {@link Identifier#email(String)} and {@link Identifier#phone(String)} are normalized
 * and hashed locally and travel as {@link #EMAIL_SHA256} and {@link #PHONE_SHA256}.
 */
public enum IdentifierType {
    /** 64 lowercase hex characters: SHA-256 of the trimmed, lowercased email. */
    EMAIL_SHA256,
    /** 64 lowercase hex characters: SHA-256 of the E.164 phone number. */
    PHONE_SHA256,
    /** A mobile advertising id: a canonical lowercase UUID. */
    MAID,
    /** A partner-defined, non-empty string. */
    CUSTOM
}
