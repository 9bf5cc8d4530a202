package dev.embeddedservice.auth;

import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.auth.internal.RefreshSettings;
import dev.embeddedservice.auth.internal.RefreshingTokenCache;
import dev.embeddedservice.auth.internal.Sleeper;
import dev.embeddedservice.auth.internal.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;

/**
 * The settings every caching token provider shares: clock, token store, refresh executor, HTTP
 * client, the refresh schedule and listeners. {@link ActivationTokenProvider.Builder} and
 * {@link OAuth2ClientCredentialsTokenProvider.Builder} extend it.
 *
 * <pre>{@code
 * ActivationTokenProvider tokens = ActivationTokenProvider.builder()
 *         .activationConfig(config)
 *         .tokenStore(FileTokenStore.create(Path.of("/var/cache/myapp/tokens.json")))
 *         .prefetchMargin(Duration.ofMinutes(2))
 *         .addListener(token -> log.info("new token until {}", token.expiresAt()))
 *         .build();
 * }</pre>
 *
 * @param <B> the concrete builder
 */
public abstract class RefreshingProviderBuilder<B extends RefreshingProviderBuilder<B>> {

    Clock clock = Clock.systemUTC();
    TokenStore tokenStore;
    Executor executor;
    OkHttpClient httpClient;
    Duration prefetchMargin = RefreshSettings.DEFAULT_PREFETCH_MARGIN;
    double prefetchJitter = RefreshSettings.DEFAULT_PREFETCH_JITTER;
    Duration expiryMargin = RefreshSettings.DEFAULT_EXPIRY_MARGIN;
    Duration minRefreshInterval = RefreshSettings.DEFAULT_MIN_REFRESH_INTERVAL;
    Duration maxRefreshInterval = RefreshSettings.DEFAULT_MAX_REFRESH_INTERVAL;
    final List<TokenListener> listeners = new ArrayList<>();
    Sleeper sleeper = Sleeper.SYSTEM;
    DoubleSupplier random = Backoff.THREAD_LOCAL_RANDOM;

    RefreshingProviderBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The clock token lifetimes, refresh points and request deadlines are measured on;
     * {@link Clock#systemUTC()} by default. Tests pass their own.
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Where tokens are kept across providers and processes; {@link TokenStore#inMemory()} by
     * default. A stored token for the same service with more than {@link #prefetchMargin(Duration)}
     * of its lifetime left is used instead of fetching a new one.
     */
    public B tokenStore(TokenStore tokenStore) {
        this.tokenStore = tokenStore;
        return self();
    }

    /**
     * Runs background refreshes; by default one daemon thread of the provider's own, ended by the
     * provider's {@code close()}. An executor given here is not shut down by the provider.
     * Refreshes of expired tokens run on the calling thread regardless.
     */
    public B executor(Executor executor) {
        this.executor = executor;
        return self();
    }

    /**
     * An OkHttp client to share connection pool and dispatcher with; by default the provider
     * creates its own, which its {@code close()} releases. The provider derives a client from the
     * one given here with its own timeouts and redirects off; the given client is borrowed: the
     * provider's {@code close()} neither shuts down its dispatcher nor evicts its connections.
     */
    public B httpClient(OkHttpClient httpClient) {
        this.httpClient = httpClient;
        return self();
    }

    /**
     * The most time before expiry at which a refresh starts; default 5 min. The real margin is
     * {@code min(prefetchMargin, lifetime / 2)}. Zero refreshes only once the token has expired.
     */
    public B prefetchMargin(Duration prefetchMargin) {
        this.prefetchMargin = prefetchMargin;
        return self();
    }

    /**
     * How far, as a fraction of the prefetch margin, the refresh point is moved earlier at
     * random for each token, so that many clients do not refresh in step; 0 to 1, default 0.25.
     */
    public B prefetchJitter(double prefetchJitter) {
        this.prefetchJitter = prefetchJitter;
        return self();
    }

    /**
     * How long before its real expiry a token counts as expired: callers then wait for the
     * refresh rather than take a token that may lapse in transit. The real margin is
     * {@code min(expiryMargin, lifetime / 10)}; default 10 s. If the refresh fails, the token
     * is still served until its real expiry.
     */
    public B expiryMargin(Duration expiryMargin) {
        this.expiryMargin = expiryMargin;
        return self();
    }

    /**
     * The gap between the first failed refresh and the next attempt; it doubles with each further
     * consecutive failure up to {@link #maxRefreshInterval}, and each gap is shortened by up to 20 %
     * at random: after {@code n} failures it lies between 80 % and 100 % of
     * {@code min(maxRefreshInterval, minRefreshInterval × 2^(n-1))}. Default 5 s.
     */
    public B minRefreshInterval(Duration minRefreshInterval) {
        this.minRefreshInterval = minRefreshInterval;
        return self();
    }

    /** The ceiling of the gap between failed refresh attempts (before its jitter); default 5 min. */
    public B maxRefreshInterval(Duration maxRefreshInterval) {
        this.maxRefreshInterval = maxRefreshInterval;
        return self();
    }

    /**
     * Adds a listener for each new token: the first one, each refresh, each replacement after
     * {@code invalidate}, and a token adopted from the store.
     */
    public B addListener(TokenListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /** How a request's retry backoff waits; tests advance a simulated clock instead. */
    B sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return self();
    }

    /**
     * Where the jitter comes from: of each token's refresh point, of the gap after a failed refresh
     * and of a request's retry backoff. Uniform values in {@code [0, 1)}; tests pin them.
     */
    B random(DoubleSupplier random) {
        this.random = Objects.requireNonNull(random, "random");
        return self();
    }

    /** The refresh schedule, validated. */
    RefreshSettings refreshSettings() {
        return new RefreshSettings(prefetchMargin, prefetchJitter, expiryMargin, minRefreshInterval,
                maxRefreshInterval);
    }

    /** The store to use: the one given, or a new in-memory one. */
    TokenStore tokenStoreOrDefault() {
        return tokenStore == null ? TokenStore.inMemory() : tokenStore;
    }

    /** The token cache over {@code source} with this builder's settings. */
    RefreshingTokenCache cache(String name, TokenSource source, String storeKey, RefreshSettings settings) {
        return new RefreshingTokenCache(name, source, clock, executor, tokenStoreOrDefault(), storeKey, settings,
                listeners, random);
    }
}
