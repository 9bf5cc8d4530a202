package dev.embeddedservice.auth.internal;

import dev.embeddedservice.auth.AuthToken;

/**
 * Where a {@link RefreshingTokenCache} gets a new token: an activation, or an OAuth 2.0 token
 * request. Called by at most one thread at a time per cache.
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * A new token.
     *
     * @throws dev.embeddedservice.exception.EmbeddedServiceException typed, with {@code retryable()} set
     */
    AuthToken fetch();
}
