package dev.embeddedservice.auth;

/**
 * Supplies the current bearer token for the embedded service, refreshing it before it expires.
 * Implementations are thread-safe and meant to be shared by every caller of one client.
 *
 * <p>{@link #token()} never returns an expired token: it returns the cached one while it is
 * valid, and waits for (at most one) refresh once it has expired. {@link #invalidate(AuthToken)}
 * is the reactive path, for when the service says a token is no longer good before its expiry
 * (the container's 401).
 *
 * <pre>{@code
 * try (TokenProvider tokens = ActivationTokenProvider.create(activationConfig)) {
 *     AuthToken token = tokens.token();
 *     // ... the call is answered 401 TOKEN_INVALID:
 *     tokens.invalidate(token);
 *     AuthToken next = tokens.token();   // a fresh activation, shared by every caller
 * }
 * }</pre>
 */
public interface TokenProvider extends AutoCloseable {

    /**
     * The current valid token. The providers of this module make this lock-free and
     * allocation-free while the cached token is fresh, so it may be called for every request.
     *
     * @throws dev.embeddedservice.exception.EmbeddedServiceException when no valid token can be obtained
     *         (activation refused, or the token expired and its refresh failed). The providers of
     *         this module throw {@link dev.embeddedservice.exception.TokenUnavailableException}, whose cause
     *         is the typed failure (such as {@link dev.embeddedservice.exception.SubscriptionInactiveException})
     *         and whose {@code retryable()} is the cause's.
     */
    AuthToken token();

    /**
     * Tells the provider that {@code token} was refused by the service. If it is still the
     * current token, the next {@link #token()} obtains a new one; exactly one refresh happens
     * however many callers invalidate the same token. Invalidating a token that has already been
     * replaced does nothing.
     */
    void invalidate(AuthToken token);

    /** Registers a listener for new tokens. */
    default void addListener(TokenListener listener) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not publish new tokens");
    }

    /** Stops background work and releases resources. Idempotent. */
    @Override
    void close();
}
