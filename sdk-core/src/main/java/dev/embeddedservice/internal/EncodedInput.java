package dev.embeddedservice.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input encoded as a record's {@code data}, or the reason it cannot be one, with a tag that
 * travels with its result (a translate identifier's wire type; nothing for generic operations).
 * The data may hold a (hashed) identifier: {@link #toString()} leaves it out.
 */
public record EncodedInput(Object tag, byte[] data, String invalidReason) {

    static EncodedInput of(Object tag, byte[] data) {
        return new EncodedInput(tag, data, null);
    }

    static EncodedInput invalid(Object tag, String reason) {
        return new EncodedInput(tag, null, reason);
    }

    public boolean isValid() {
        return data != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedInput e && Objects.equals(tag, e.tag) && Arrays.equals(data, e.data)
                && Objects.equals(invalidReason, e.invalidReason);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(tag) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return isValid() ? "EncodedInput[" + tag + ", <redacted>]"
                : "EncodedInput[" + tag + ", invalid: " + invalidReason + "]";
    }
}
