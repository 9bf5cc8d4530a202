package dev.embeddedservice.internal;

import java.util.Objects;

/**
 * One input on its way to a record: its encoded {@code data} (a JSON value, protocol §2), or the
 * reason it cannot be sent; with the {@link Outcomes} its result will be built by. The data may
 * hold a (hashed) identifier: {@link #toString()} leaves it out.
 */
public record EncodedInput<V, R>(byte[] data, Outcomes<V, R> outcomes, String invalidReason) {

    public EncodedInput {
        Objects.requireNonNull(outcomes, "outcomes");
        if ((data == null) == (invalidReason == null)) {
            throw new IllegalArgumentException("exactly one of data and invalidReason");
        }
    }

    static <V, R> EncodedInput<V, R> of(byte[] data, Outcomes<V, R> outcomes) {
        return new EncodedInput<>(data, outcomes, null);
    }

    static <V, R> EncodedInput<V, R> invalid(String reason, Outcomes<V, R> outcomes) {
        return new EncodedInput<>(null, outcomes, reason);
    }

    public boolean isValid() {
        return data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return isValid() ? "EncodedInput[<redacted>]" : "EncodedInput[invalid: " + invalidReason + "]";
    }
}
