package dev.embeddedservice.auth;

/**
 * Hears of every new token a {@link TokenProvider} obtains: at the first activation, at each
 * refresh and after each re-activation. The token's {@link AuthToken#config() config} may differ
 * from the previous one (a partner can lower its per-invocation limit, for example).
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
}
