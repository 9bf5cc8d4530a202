package dev.embeddedservice.auth;

/**
 * Hears of every new token a {@link TokenProvider} obtains: at the first activation, at each
 * refresh and after each re-activation. The token's {@link AuthToken#config() config} may differ
 * from the previous one (a partner can lower its per-invocation limit, for example). It may also
 * hear of the changes of the provider's {@link TokenState}.
 *
 * <p>Called on the thread that completed the refresh; keep it short and do not throw.
 *
 * <pre>{@code
 * provider.addListener(token -> log.info("new token, expires {}", token.expiresAt()));
 * }</pre>
 */
@FunctionalInterface
public interface TokenListener {

    /** A new token is now current. */
    void onNewToken(AuthToken token);

    /**
     * The provider's {@link TokenState} went from {@code from} to {@code to}. Changes are reported
     * as the provider observes them: when a token is installed or invalidated, when the provider
     * closes (to {@link TokenState#EXPIRED}), and when a call to {@code token()} finds the token
     * stale or expired. A call that finds the token fresh takes the lock-free path and observes
     * nothing, so {@code FRESH → STALE} is reported at the first call after the refresh point, not
     * at the refresh point itself, and a state no call saw is skipped ({@code FRESH → EXPIRED}).
     * Each change is reported once, in order, each {@code from} being the previous {@code to}; the
     * first is {@code EXPIRED → FRESH}, when the first token arrives.
     *
     * <p>Does nothing by default.
     *
     * <pre>{@code
     * provider.addListener(new TokenListener() {
     *     public void onNewToken(AuthToken token) {
     *     }
     *
     *     public void onStateChanged(TokenState from, TokenState to) {
     *         metrics.gauge("token.state", to.ordinal());
     *     }
     * });
     * }</pre>
     */
    default void onStateChanged(TokenState from, TokenState to) {
    }
}
