package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.auth.Thrown;
import dev.embeddedservice.exception.ProtocolViolationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a token's lifetime field, as the activation client and the OAuth 2.0 client parse it:
 * whole positive seconds, clamped to 24 h (86 400 s). Values are parsed by the module's own JSON
 * mapper, so numbers arrive as the clients see them (a fraction or an exponent as a double).
 */
class LifetimeFieldTest {

    private static final String ISSUER = "The issuer";

    /** The {@code v} field of {@code {"v": json}}, or {@code null} for a missing field. */
    private static JsonNode field(String json) {
        String document = json == null ? "{}" : "{\"v\":" + json + "}";
        return SdkJson.parse(document.getBytes(StandardCharsets.UTF_8)).get("v");
    }

    private static LifetimeField.Result read(String json, boolean numericStrings) {
        return LifetimeField.seconds(field(json), "expiresIn", ISSUER, numericStrings);
    }

    private static ProtocolViolationException refused(String json, boolean numericStrings) {
        return Thrown.of(ProtocolViolationException.class, () -> read(json, numericStrings));
    }

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({
            "1,          1",
            "3600,       3600",
            "86399,      86399",
            "86400,      86400",
            "3600.0,     3600",
            "1e3,        1000",
            "86400.0,    86400",
            "3.6E3,      3600"})
    void aWholePositiveNumberUpTo24HoursIsTakenAsItIs(String json, long seconds) {
        LifetimeField.Result result = read(json, false);

        assertThat(result.seconds()).isEqualTo(seconds);
        assertThat(result.clamped()).isFalse();
    }

    @ParameterizedTest(name = "{0} is clamped")
    @ValueSource(strings = {"86401", "86401.0", "1e10", "99999999999999999999", "1e400"})
    void aLongerLifetimeIsClampedTo24Hours(String json) {
        LifetimeField.Result result = read(json, false);

        assertThat(result.seconds()).isEqualTo(86_400);
        assertThat(result.clamped()).isTrue();
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0", "0.0", "-0.0", "-1", "-86400", "1e-400"})
    void zeroOrANegativeNumberIsRefused(String json) {
        assertThat(refused(json, false).getMessage())
                .startsWith(ISSUER + " answered 200 with 'expiresIn' = ")
                .endsWith("; a token's lifetime must be a positive number of seconds");
    }

    @Test
    void aNegativeNumberBeyondADoublesRangeIsRefused() {
        assertThat(refused("-1e400", false)).hasMessageContaining("negative 'expiresIn'");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0.5", "1.5", "3600.25", "86400.5", "1e-3"})
    void aFractionIsRefusedEvenBeyondTheClamp(String json) {
        assertThat(refused(json, false)).hasMessage(ISSUER + " answered 200 with a 'expiresIn' that is not a whole "
                + "number of seconds");
    }

    @Test
    void aNullLifetimeIsMissing() {
        assertThat(refused("null", false)).hasMessage(ISSUER + " answered 200 without 'expiresIn'");
    }

    @Test
    void anAbsentLifetimeIsMissing() {
        assertThat(refused(null, false)).hasMessage(ISSUER + " answered 200 without 'expiresIn'");
    }

    @ParameterizedTest(name = "{0} is not a number")
    @ValueSource(strings = {"\"3600\"", "true", "{}", "[3600]"})
    void withoutNumericStringsOnlyANumberIsANumber(String json) {
        assertThat(refused(json, false)).hasMessage(ISSUER + " answered 200 with a 'expiresIn' that is not a number");
    }

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource(delimiter = '|', value = {
            "\"3600\"     | 3600",
            "\" 3600 \"   | 3600",
            "\"0086400\"  | 86400",
            "\"1\"        | 1"})
    void withNumericStringsAStringOfDigitsIsANumber(String json, long seconds) {
        LifetimeField.Result result = read(json, true);

        assertThat(result.seconds()).isEqualTo(seconds);
        assertThat(result.clamped()).isFalse();
    }

    @Test
    void aStringOfThirtyDigitsIsClampedAndOneOfThirtyOneIsNotANumber() {
        assertThat(read("\"" + "9".repeat(30) + "\"", true).clamped()).isTrue();
        assertThat(refused("\"" + "9".repeat(31) + "\"", true)).hasMessageContaining("is not a number");
    }

    @ParameterizedTest(name = "{0} is not a number")
    @ValueSource(strings = {"\"\"", "\" \"", "\"-5\"", "\"+5\"", "\"1.5\"", "\"36a\"", "\"1e3\"", "\"soon\""})
    void withNumericStringsAnythingButDigitsIsNotANumber(String json) {
        assertThat(refused(json, true)).hasMessageContaining("is not a number");
    }

    @Test
    void aStringOfZeroIsRefusedAsNotPositive() {
        assertThat(refused("\"0\"", true)).hasMessageContaining("'expiresIn' = 0;");
    }

    @Test
    void theMessageNamesTheFieldItWasGiven() {
        ProtocolViolationException e = Thrown.of(ProtocolViolationException.class,
                () -> LifetimeField.seconds(field("-1"), "expires_in", "The OAuth 2.0 token endpoint", true));

        assertThat(e).hasMessage("The OAuth 2.0 token endpoint answered 200 with 'expires_in' = -1; a token's "
                + "lifetime must be a positive number of seconds");
    }
}
