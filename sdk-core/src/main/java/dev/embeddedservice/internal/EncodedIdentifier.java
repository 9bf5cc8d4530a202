package dev.embeddedservice.internal;

import dev.embeddedservice.IdentifierType;

/**
 * An identifier as a translate record's encoded {@code data}, or the reason it cannot be one.
 * The data holds a (hashed) identifier: {@link #toString()} leaves it out.
 */
public record EncodedIdentifier(IdentifierType type, byte[] data, String invalidReason) {

    static EncodedIdentifier of(IdentifierType type, byte[] data) {
        return new EncodedIdentifier(type, data, null);
    }

    static EncodedIdentifier invalid(IdentifierType type, String reason) {
        return new EncodedIdentifier(type, null, reason);
    }

    public boolean isValid() {
        return data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedIdentifier e && type == e.type && java.util.Arrays.equals(data, e.data)
                && java.util.Objects.equals(invalidReason, e.invalidReason);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return isValid() ? "EncodedIdentifier[" + type + ", <redacted>]"
                : "EncodedIdentifier[" + type + ", invalid: " + invalidReason + "]";
    }
}
