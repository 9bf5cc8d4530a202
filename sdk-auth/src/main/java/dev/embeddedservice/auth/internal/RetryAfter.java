package dev.embeddedservice.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date. */
final class RetryAfter {

    /** Larger values are taken as this: a retry is bounded by the deadline anyway. */
    private static final long MAX_SECONDS = 24 * 3600;

    private RetryAfter() {
    }

    /** The delay, or {@code null} when the header is absent or unreadable. */
    public static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (value.length() > 9) {
                return Duration.ofSeconds(MAX_SECONDS);
            }
            return Duration.ofSeconds(Math.min(Long.parseLong(value), MAX_SECONDS));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            if (d.isNegative()) {
                return Duration.ZERO;
            }
            return d.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
