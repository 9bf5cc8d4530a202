package dev.embeddedservice.auth.internal;

import dev.embeddedservice.exception.InvalidConfigurationException;
import java.time.Duration;

/**
 * When a {@link RefreshingTokenCache} refreshes, and how it backs off after a failed refresh.
 * Immutable and validated; the public builders hold one of these and document the defaults.
 *
 * @param prefetchMargin     refresh starts when less than {@code min(prefetchMargin, lifetime / 2)} remains
 * @param prefetchJitter     the refresh point is moved earlier by up to this fraction of that margin, at random
 * @param expiryMargin       in the last {@code min(expiryMargin, lifetime / 10)} callers wait for the refresh
 * @param minRefreshInterval the gap after the first failed refresh; it doubles with each further failure
 *                           (each gap shortened by up to 20 % at random)
 * @param maxRefreshInterval the largest gap between failed refreshes
 */
public record RefreshSettings(Duration prefetchMargin, double prefetchJitter, Duration expiryMargin,
                              Duration minRefreshInterval, Duration maxRefreshInterval) {

    public static final Duration DEFAULT_PREFETCH_MARGIN = Duration.ofMinutes(5);
    public static final double DEFAULT_PREFETCH_JITTER = 0.25;
    public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_REFRESH_INTERVAL = Duration.ofMinutes(5);

    /** The defaults above. */
    public static RefreshSettings defaults() {
        return new RefreshSettings(DEFAULT_PREFETCH_MARGIN, DEFAULT_PREFETCH_JITTER, DEFAULT_EXPIRY_MARGIN,
                DEFAULT_MIN_REFRESH_INTERVAL, DEFAULT_MAX_REFRESH_INTERVAL);
    }

    /** @throws InvalidConfigurationException naming the setting that is invalid */
    public RefreshSettings {
        requireNonNegative("prefetchMargin", prefetchMargin);
        requireNonNegative("expiryMargin", expiryMargin);
        requirePositive("minRefreshInterval", minRefreshInterval);
        requirePositive("maxRefreshInterval", maxRefreshInterval);
        if (!(prefetchJitter >= 0 && prefetchJitter <= 1)) {
            throw new InvalidConfigurationException("prefetchJitter must be between 0 and 1, was " + prefetchJitter);
        }
        if (maxRefreshInterval.compareTo(minRefreshInterval) < 0) {
            throw new InvalidConfigurationException("maxRefreshInterval (" + maxRefreshInterval
                    + ") must not be shorter than minRefreshInterval (" + minRefreshInterval + ")");
        }
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new InvalidConfigurationException(name + " must be zero or positive, was " + d);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidConfigurationException(name + " must be a positive duration, was " + d);
        }
    }
}
