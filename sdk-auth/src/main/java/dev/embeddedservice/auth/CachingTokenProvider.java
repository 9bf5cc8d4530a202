package dev.embeddedservice.auth;

import dev.embeddedservice.auth.internal.HttpClientFactory;
import dev.embeddedservice.auth.internal.RefreshingTokenCache;
import dev.embeddedservice.exception.TokenUnavailableException;
import java.util.Objects;

/**
 * What {@link ActivationTokenProvider} and {@link OAuth2ClientCredentialsTokenProvider} share: a
 * {@link RefreshingTokenCache} over their token source, and the HTTP client that source calls
 * with. Each public method hands over to the cache; {@link #close()} closes the cache, then
 * releases the HTTP client if the provider created it (one given to the builder is borrowed and
 * left open).
 */
abstract class CachingTokenProvider implements TokenProvider {

    private final RefreshingTokenCache cache;
    private final HttpClientFactory.Lease http;

    CachingTokenProvider(RefreshingTokenCache cache, HttpClientFactory.Lease http) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * The current valid token: the cached one while it is fresh (no lock, no allocation), the
     * cached one while a background refresh runs, or a new one once it has expired.
     *
     * @throws TokenUnavailableException when there is no valid token and none could be obtained;
     *         the cause is the last failure
     */
    @Override
    public AuthToken token() {
        return cache.token();
    }

    @Override
    public void invalidate(AuthToken token) {
        cache.invalidate(token);
    }

    /**
     * Registers a listener for each new token: the first one, each refresh, each replacement after
     * {@link #invalidate(AuthToken)}, and a token adopted from the store; and for each change of
     * {@link #state()} ({@link TokenListener#onStateChanged}). Called on the thread that obtained
     * the token or observed the change; keep it short.
     */
    @Override
    public void addListener(TokenListener listener) {
        cache.addListener(listener);
    }

    /**
     * The state of the token now: {@link TokenState#FRESH} before its refresh point,
     * {@link TokenState#STALE} until its expiry margin, {@link TokenState#EXPIRED} from then on, and
     * also before the first token, after {@link #invalidate(AuthToken)} and after {@link #close()}.
     * Reads the clock only: it makes no request and starts no refresh.
     *
     * <pre>{@code
     * boolean nextCallWaits = tokens.state() == TokenState.EXPIRED;
     * }</pre>
     */
    public TokenState state() {
        return cache.state();
    }

    /**
     * Stops background refreshes, ends the provider's own refresh thread and releases the HTTP
     * client the provider created. An executor or {@code OkHttpClient} given to the builder is not
     * shut down. Idempotent.
     */
    @Override
    public void close() {
        try {
            cache.close();
        } finally {
            http.close();
        }
    }
}
