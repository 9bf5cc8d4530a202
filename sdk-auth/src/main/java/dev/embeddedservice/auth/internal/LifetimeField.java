package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.exception.ProtocolViolationException;
import java.math.BigDecimal;

/**
 * Reads a token lifetime in seconds ({@code expiresIn} of protocol §1, {@code expires_in} of
 * RFC 6749): a positive whole number. A number with a zero fraction ({@code 3600.0}) is accepted;
 * a fraction, zero, a negative number or a non-number is a protocol error. A lifetime above
 * {@link ActivationClient#MAX_LIFETIME} is clamped to it, also one too large for a double
 * ({@code 1e400}), which Jackson reads as infinity.
 */
final class LifetimeField {

    /** The lifetime and whether it was clamped. */
    public record Result(long seconds, boolean clamped) {
    }

    private LifetimeField() {
    }

    /**
     * @param numericStrings whether a string of digits is accepted too (some OAuth 2.0 servers send one)
     */
    public static Result seconds(JsonNode node, String field, String issuer, boolean numericStrings) {
        String prefix = issuer + " answered 200 ";
        if (node == null || node.isNull()) {
            throw new ProtocolViolationException(prefix + "without '" + field + "'");
        }
        long max = ActivationClient.MAX_LIFETIME.toSeconds();
        BigDecimal value;
        if (node.isNumber() && node.isFloatingPointNumber() && Double.isInfinite(node.doubleValue())) {
            // Beyond a double's range (1e400, say): no decimal value to compare, but the sign tells.
            if (node.doubleValue() < 0) {
                throw new ProtocolViolationException(prefix + "with a negative '" + field
                        + "'; a token's lifetime must be a positive number of seconds");
            }
            return new Result(max, true);
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else if (numericStrings && node.isTextual() && node.textValue().trim().matches("[0-9]{1,30}")) {
            value = new BigDecimal(node.textValue().trim());
        } else {
            throw new ProtocolViolationException(prefix + "with a '" + field + "' that is not a number");
        }
        if (value.signum() <= 0) {
            throw new ProtocolViolationException(prefix + "with '" + field + "' = " + value.toPlainString()
                    + "; a token's lifetime must be a positive number of seconds");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new ProtocolViolationException(prefix + "with a '" + field + "' that is not a whole number of seconds");
        }
        if (value.compareTo(BigDecimal.valueOf(max)) > 0) {
            return new Result(max, true);
        }
        return new Result(value.longValueExact(), false);
    }
}
