package dev.embeddedservice.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, held to a day. */
class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAreReadAsGiven() {
        assertThat(RetryAfter.parse("0", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("9", CLOCK)).isEqualTo(Duration.ofSeconds(9));
        assertThat(RetryAfter.parse(" 120 ", CLOCK)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void secondsAreHeldToADay() {
        assertThat(RetryAfter.parse("86400", CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86401", CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("999999999", CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("1000000000", CLOCK)).as("ten digits").isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("99999999999999999999999", CLOCK)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Mon, 2 Mar 2026 09:00:30 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 2 Mar 2026 09:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateInThePastIsNoWait() {
        assertThat(RetryAfter.parse("Mon, 2 Mar 2026 08:59:59 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateIsHeldToADay() {
        assertThat(RetryAfter.parse("Tue, 3 Mar 2026 09:00:00 GMT", CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Tue, 3 Mar 2026 09:00:01 GMT", CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Tue, 3 Mar 2026 08:59:59 GMT", CLOCK))
                .isEqualTo(Duration.ofDays(1).minusSeconds(1));
    }

    @Test
    void anythingElseIsNoAdvice() {
        assertThat(RetryAfter.parse(null, CLOCK)).isNull();
        assertThat(RetryAfter.parse("", CLOCK)).isNull();
        assertThat(RetryAfter.parse("   ", CLOCK)).isNull();
        assertThat(RetryAfter.parse("-5", CLOCK)).isNull();
        assertThat(RetryAfter.parse("1.5", CLOCK)).isNull();
        assertThat(RetryAfter.parse("soon", CLOCK)).isNull();
        assertThat(RetryAfter.parse("/9", CLOCK)).as("a character just below '0'").isNull();
        assertThat(RetryAfter.parse(":9", CLOCK)).as("a character just above '9'").isNull();
    }
}
