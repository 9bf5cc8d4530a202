package dev.embeddedservice.auth.internal;

import java.time.Duration;

/**
 * Waits between retry attempts. Production code really sleeps; tests pass one that advances
 * their simulated clock instead, so backoff is exercised without waiting.
 */
@FunctionalInterface
public interface Sleeper {

    /** The sleeper that really sleeps the current thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
