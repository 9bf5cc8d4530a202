package dev.embeddedservice.internal;

import dev.embeddedservice.IdentifierType;

/**
 * An identifier in its wire form ({@code type}, {@code value}), or the reason it has none. The
 * value is personal or pseudonymous data: {@link #toString()} leaves it out.
 */
public record NormalizedIdentifier(IdentifierType type, String value, String invalidReason) {

    public static NormalizedIdentifier valid(IdentifierType type, String value) {
        return new NormalizedIdentifier(type, value, null);
    }

    public static NormalizedIdentifier invalid(IdentifierType type, String reason) {
        return new NormalizedIdentifier(type, null, reason);
    }

    public boolean isValid() {
        return invalidReason == null;
    }

    @Override
    public String toString() {
        return isValid() ? "NormalizedIdentifier[" + type + ", <redacted>]"
                : "NormalizedIdentifier[" + type + ", invalid: " + invalidReason + "]";
    }
}
