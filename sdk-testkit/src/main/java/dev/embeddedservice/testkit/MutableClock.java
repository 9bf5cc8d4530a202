package dev.embeddedservice.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread-safe {@link Clock} that stands still until a test moves it, so token expiry and date checks can be
 * tested without waiting.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.now());
 * EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().clock(clock).start();
 * String token = emulator.issueToken();
 * clock.advance(Duration.ofHours(2));          // token is now expired for the container
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock in UTC showing {@code instant} until moved. */
    public static MutableClock startingAt(Instant instant) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** Moves the clock forward by {@code duration} (backward when negative). */
    public MutableClock advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
        return this;
    }

    /** Sets the clock to {@code instant}. */
    public MutableClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same moving instant in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
