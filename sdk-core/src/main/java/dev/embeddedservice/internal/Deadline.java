package dev.embeddedservice.internal;

import java.time.Clock;
import java.time.Duration;

/** The instant by which a call must be done, on the client's clock. */
final class Deadline {

    private final Clock clock;
    private final long endMillis;

    private Deadline(Clock clock, long endMillis) {
        this.clock = clock;
        this.endMillis = endMillis;
    }

    /** A deadline {@code budget} from now. */
    public static Deadline after(Clock clock, Duration budget) {
        long now = clock.millis();
        long end = budget.toMillis() > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + budget.toMillis();
        return new Deadline(clock, end);
    }

    public long remainingMillis() {
        return endMillis - clock.millis();
    }

    public boolean passed() {
        return remainingMillis() <= 0;
    }
}
