package dev.embeddedservice.auth;

/**
 * Where the token a caching {@link TokenProvider} holds stands in its life, as google-auth's
 * {@code OAuth2Credentials} exposes it. The instants between the states are fixed when a token
 * arrives (see {@link ActivationTokenProvider}'s token lifecycle):
 *
 * <pre>
 *  token arrives        refresh point             block point       expiry
 *       |--- FRESH ----------|------- STALE ------------|--- EXPIRED ---|--- EXPIRED ...
 * </pre>
 *
 * <pre>{@code
 * if (tokens.state() == TokenState.EXPIRED) {
 *     log.info("the next call waits for a new token");
 * }
 * tokens.addListener(new TokenListener() {
 *     public void onNewToken(AuthToken token) {
 *     }
 *
 *     public void onStateChanged(TokenState from, TokenState to) {
 *         log.info("token {} -> {}", from, to);
 *     }
 * });
 * }</pre>
 */
public enum TokenState {

    /** The token is served as it is, with no lock and no refresh. */
    FRESH,

    /**
     * The refresh point has passed: the token is still served at once, while one refresh runs in
     * the background.
     */
    STALE,

    /**
     * Callers wait for a new token: the token is within its expiry margin or past its expiry, it
     * was {@linkplain TokenProvider#invalidate(AuthToken) invalidated}, there is no token yet, or
     * the provider is closed. (While refreshes back off after a failure, a token inside its expiry
     * margin but not yet really expired is still served.)
     */
    EXPIRED
}
