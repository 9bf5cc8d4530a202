package dev.embeddedservice;

import java.util.Objects;

/**
 * An identifier in its wire form (protocol §2), or the reason it has none: what
 * {@link IdentifierNormalizer#normalize(Identifier)} makes of an {@link Identifier}. The value is
 * personal or pseudonymous data: {@link #toString()} leaves it out.
 *
 * @param type          the wire type ({@link IdentifierType#isWireType()})
 * @param value         the wire value, or {@code null} when the identifier is invalid
 * @param invalidReason why the identifier cannot be sent, or {@code null} when it is valid
 */
public record NormalizedIdentifier(IdentifierType type, String value, String invalidReason) {

    public NormalizedIdentifier {
        Objects.requireNonNull(type, "type");
        if ((value == null) == (invalidReason == null)) {
            throw new IllegalArgumentException("exactly one of value and invalidReason is given");
        }
    }

    /** A valid identifier of wire type {@code type}. */
    public static NormalizedIdentifier valid(IdentifierType type, String value) {
        return new NormalizedIdentifier(type.wireType(), Objects.requireNonNull(value, "value"), null);
    }

    /** An identifier of {@code type} that cannot be sent, and why. */
    public static NormalizedIdentifier invalid(IdentifierType type, String reason) {
        return new NormalizedIdentifier(type.wireType(), null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isValid() {
        return invalidReason == null;
    }

    /**
     * The wire form as an identifier to translate: normalizing it again gives it back unchanged.
     *
     * @throws IllegalStateException when this identifier is invalid
     */
    public Identifier toIdentifier() {
        if (!isValid()) {
            throw new IllegalStateException("an invalid identifier has no wire form");
        }
        return Identifier.of(type, value);
    }

    @Override
    public String toString() {
        return isValid() ? "NormalizedIdentifier[" + type + ", <redacted>]"
                : "NormalizedIdentifier[" + type + ", invalid: " + invalidReason + "]";
    }
}
