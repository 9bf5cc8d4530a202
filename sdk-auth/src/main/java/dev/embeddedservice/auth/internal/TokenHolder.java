package dev.embeddedservice.auth.internal;

import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.TokenState;
import java.util.function.DoubleSupplier;

/**
 * What {@link RefreshingTokenCache#token()} needs of the current token, precomputed once when it
 * arrives: its refresh point, the instant callers start to wait, and its expiry, as epoch
 * milliseconds. Immutable, replaced whole.
 */
final class TokenHolder {

    final AuthToken token;
    final long refreshAt;
    final long blockAt;
    final long expiresAt;
    final boolean invalidated;

    private TokenHolder(AuthToken token, long refreshAt, long blockAt, long expiresAt, boolean invalidated) {
        this.token = token;
        this.refreshAt = refreshAt;
        this.blockAt = blockAt;
        this.expiresAt = expiresAt;
        this.invalidated = invalidated;
    }

    /**
     * A token with {@code lifetimeMillis} of life when it was obtained: fresh until
     * {@code refreshAt} = expiry − min(prefetchMargin, lifetime / 2), moved earlier by a random part
     * (up to {@code prefetchJitter}) of that margin; callers wait from {@code blockAt} = expiry −
     * min(expiryMargin, lifetime / 10).
     */
    static TokenHolder of(AuthToken token, long lifetimeMillis, RefreshSettings settings, DoubleSupplier random) {
        long expiresAt = token.expiresAt().toEpochMilli();
        long lifetime = Math.max(0, lifetimeMillis);
        long margin = Math.min(settings.prefetchMargin().toMillis(), lifetime / 2);
        long jitter = (long) (margin * settings.prefetchJitter() * random.getAsDouble());
        long blockAt = expiresAt - Math.min(settings.expiryMargin().toMillis(), lifetime / 10);
        long refreshAt = Math.min(expiresAt - margin - jitter, blockAt);
        return new TokenHolder(token, refreshAt, blockAt, expiresAt, false);
    }

    /** The same token, no longer to be served: every caller takes the slow path and waits. */
    TokenHolder invalidated() {
        return new TokenHolder(token, Long.MIN_VALUE, Long.MIN_VALUE, expiresAt, true);
    }

    boolean validAt(long now) {
        return !invalidated && now < expiresAt;
    }

    /**
     * The state of {@code h} at {@code now}: {@link TokenState#EXPIRED} too when there is no token
     * ({@code h} null) and once it was invalidated (its instants are then {@code Long.MIN_VALUE}).
     */
    static TokenState stateOf(TokenHolder h, long now) {
        if (h == null || now >= h.blockAt) {
            return TokenState.EXPIRED;
        }
        return now < h.refreshAt ? TokenState.FRESH : TokenState.STALE;
    }
}
