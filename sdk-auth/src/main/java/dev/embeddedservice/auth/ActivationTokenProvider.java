package dev.embeddedservice.auth;

import dev.embeddedservice.InvalidConfigurationException;
import dev.embeddedservice.TokenUnavailableException;
import dev.embeddedservice.auth.internal.ActivationClient;
import dev.embeddedservice.auth.internal.HttpClientFactory;
import dev.embeddedservice.auth.internal.RefreshSettings;
import dev.embeddedservice.auth.internal.RefreshingTokenCache;
import dev.embeddedservice.auth.internal.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;

/**
 * The standard {@link TokenProvider}: activates against the partner's activation service
 * (protocol §1) and keeps the token fresh, as the AWS SDK's credential providers keep
 * credentials.
 *
 * <h2>Token lifecycle</h2>
 * <ul>
 *   <li>The first {@link #token()} activates (or takes a valid token from the
 *       {@linkplain Builder#tokenStore(TokenStore) token store}); callers arriving meanwhile wait
 *       for that one activation.</li>
 *   <li><b>Fresh</b>: the cached token is returned with no lock and no allocation.</li>
 *   <li><b>Stale</b>, from the prefetch point (by default when less than
 *       {@code min(5 min, lifetime / 2)} remains, moved earlier at random by up to a quarter of
 *       that): callers still get the current token at once while one refresh runs in the
 *       background.</li>
 *   <li><b>Expired</b>, in the last {@code min(10 s, lifetime / 10)} and after: callers wait for
 *       the one refresh in flight.</li>
 *   <li>A failed refresh is retried no sooner than {@link Builder#minRefreshInterval(Duration)}
 *       later (5 s by default, doubling per failure up to 5 min). Meanwhile the token keeps being
 *       served until it really expires; after that {@link #token()} throws
 *       {@link TokenUnavailableException} whose cause is the last failure, retryable when that
 *       failure is.</li>
 *   <li>{@link #invalidate(AuthToken)} (the service answered 401) makes the next call wait for a
 *       new activation; many callers invalidating the same token cause one activation, and a token
 *       already replaced is ignored.</li>
 * </ul>
 * Each activation itself retries 429 (honouring {@code Retry-After}), 5xx and network failures
 * with exponential backoff and jitter within {@link ActivationConfig#activationDeadline()}.
 *
 * <h2>Errors</h2>
 * {@link #token()} throws only {@link TokenUnavailableException}. Its
 * {@linkplain Throwable#getCause() cause} is the typed activation failure:
 * {@link dev.embeddedservice.InvalidCredentialsException},
 * {@link dev.embeddedservice.SubscriptionInactiveException},
 * {@link dev.embeddedservice.ActivationRateLimitedException},
 * {@link dev.embeddedservice.ProtocolViolationException} or
 * {@link dev.embeddedservice.ActivationException}; {@code retryable()} is the cause's.
 *
 * <h2>Lifecycle and threads</h2>
 * Thread-safe; share one per application. Background refreshes run on the
 * {@linkplain Builder#executor(Executor) executor} given, or else on one daemon thread of the
 * provider's own, started on demand. {@link #close()} stops that thread (waiting for it to end)
 * and releases the HTTP client the provider created; it does not shut down an executor or close
 * an {@link OkHttpClient} it was given.
 *
 * <pre>{@code
 * ActivationConfig config = ActivationConfig.builder()
 *         .activationUrl("https://activation.partner.example")
 *         .productCode("prod-4x2kq7")
 *         .licenseKey(System.getenv("PARTNER_LICENSE_KEY"))
 *         .identityProof(StsIdentityProofProvider.create())
 *         .build();
 * try (ActivationTokenProvider tokens = ActivationTokenProvider.create(config)) {
 *     tokens.addListener(token -> log.info("new token, config {}", token.config()));
 *     AuthToken token = tokens.token();
 * }
 * }</pre>
 */
public final class ActivationTokenProvider implements TokenProvider {

    private final ActivationConfig config;
    private final RefreshingTokenCache cache;
    private final OkHttpClient http;
    private final String name;

    private ActivationTokenProvider(Builder b, RefreshSettings settings) {
        this.config = b.activationConfig;
        this.name = "ActivationTokenProvider[" + config.productCode() + "]";
        this.http = HttpClientFactory.create(b.httpClient, config.connectTimeout(), config.callTimeout());
        ActivationClient client = new ActivationClient(config, http, b.clock, b.sleeper);
        this.cache = new RefreshingTokenCache(name, client::activate, b.clock, b.executor,
                b.tokenStore == null ? TokenStore.inMemory() : b.tokenStore, storeKey(config), settings, b.listeners);
    }

    /** A provider for {@code config} with every other setting at its default. */
    public static ActivationTokenProvider create(ActivationConfig config) {
        return builder().activationConfig(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The current valid token: the cached one while it is fresh (no lock, no allocation), the
     * cached one while a background refresh runs, or a new one once it has expired.
     *
     * @throws TokenUnavailableException when there is no valid token and none could be obtained;
     *         the cause is the last activation failure
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
     * Registers a listener for each new token: the first activation, each refresh, each
     * re-activation after {@link #invalidate(AuthToken)}, and a token adopted from the store.
     * Called on the thread that obtained the token; keep it short.
     */
    @Override
    public void addListener(TokenListener listener) {
        cache.addListener(listener);
    }

    /** The configuration this provider activates with. */
    public ActivationConfig activationConfig() {
        return config;
    }

    /** Stops background refreshes and ends the provider's own thread. Idempotent. */
    @Override
    public void close() {
        cache.close();
        HttpClientFactory.release(http);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The key tokens are stored under: the activation URL and the product code, so that a stored
     * token is only ever served for the product and service that issued it.
     */
    static String storeKey(ActivationConfig config) {
        String url = config.activationUrl().toString().replaceAll("/+$", "");
        return "activation " + url + " " + config.productCode();
    }

    /** Builder for {@link ActivationTokenProvider}; only {@link #activationConfig} is required. */
    public static final class Builder {
        private ActivationConfig activationConfig;
        private Clock clock = Clock.systemUTC();
        private TokenStore tokenStore;
        private Executor executor;
        private OkHttpClient httpClient;
        private Duration prefetchMargin = RefreshSettings.DEFAULT_PREFETCH_MARGIN;
        private double prefetchJitter = RefreshSettings.DEFAULT_PREFETCH_JITTER;
        private Duration expiryMargin = RefreshSettings.DEFAULT_EXPIRY_MARGIN;
        private Duration minRefreshInterval = RefreshSettings.DEFAULT_MIN_REFRESH_INTERVAL;
        private Duration maxRefreshInterval = RefreshSettings.DEFAULT_MAX_REFRESH_INTERVAL;
        private final List<TokenListener> listeners = new ArrayList<>();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** Where and how to activate. Required. */
        public Builder activationConfig(ActivationConfig activationConfig) {
            this.activationConfig = activationConfig;
            return this;
        }

        /**
         * The clock token lifetimes, refresh points and the activation deadline are measured on;
         * {@link Clock#systemUTC()} by default. Tests pass their own.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where tokens are kept across providers and processes; {@link TokenStore#inMemory()} by
         * default. A stored token for the same activation URL and product code with more than
         * {@link #prefetchMargin(Duration)} of its lifetime left is used instead of activating.
         */
        public Builder tokenStore(TokenStore tokenStore) {
            this.tokenStore = tokenStore;
            return this;
        }

        /**
         * Runs background refreshes; by default one daemon thread of the provider's own, ended by
         * {@link ActivationTokenProvider#close()}. An executor given here is not shut down by the
         * provider. Refreshes of expired tokens run on the calling thread regardless.
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * An OkHttp client to share connection pool and dispatcher with; by default the provider
         * creates its own. The provider derives its own client from it with the
         * {@link ActivationConfig} timeouts and redirects off, and does not close it.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * The most time before expiry at which a refresh starts; default 5 min. The real margin is {@code min(prefetchMargin, lifetime / 2)}.
         * Zero refreshes only once the token has expired.
         */
        public Builder prefetchMargin(Duration prefetchMargin) {
            this.prefetchMargin = prefetchMargin;
            return this;
        }

        /**
         * How far, as a fraction of the prefetch margin, the refresh point is moved earlier at
         * random for each token, so that many clients do not refresh in step; 0 to 1, default 0.25.
         */
        public Builder prefetchJitter(double prefetchJitter) {
            this.prefetchJitter = prefetchJitter;
            return this;
        }

        /**
         * How long before its real expiry a token counts as expired: callers then wait for the
         * refresh rather than take a token that may lapse in transit. The real margin is
         * {@code min(expiryMargin, lifetime / 10)}; default 10 s. If the refresh fails, the token
         * is still served until its real expiry.
         */
        public Builder expiryMargin(Duration expiryMargin) {
            this.expiryMargin = expiryMargin;
            return this;
        }

        /**
         * The least time between a failed refresh and the next attempt; it doubles with each
         * consecutive failure (plus up to 20% jitter) up to {@link #maxRefreshInterval}. Default 5 s.
         */
        public Builder minRefreshInterval(Duration minRefreshInterval) {
            this.minRefreshInterval = minRefreshInterval;
            return this;
        }

        /** The largest gap between failed refresh attempts; default 5 min. */
        public Builder maxRefreshInterval(Duration maxRefreshInterval) {
            this.maxRefreshInterval = maxRefreshInterval;
            return this;
        }

        /** Adds a listener for each new token; see {@link ActivationTokenProvider#addListener}. */
        public Builder addListener(TokenListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** How the activation's retry backoff waits; tests advance a simulated clock instead. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Validates the settings and builds the provider. Makes no request: the first
         * {@link ActivationTokenProvider#token()} activates.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or invalid
         */
        public ActivationTokenProvider build() {
            if (activationConfig == null) {
                throw new InvalidConfigurationException("activationConfig is required");
            }
            RefreshSettings settings = new RefreshSettings(prefetchMargin, prefetchJitter, expiryMargin,
                    minRefreshInterval, maxRefreshInterval);
            return new ActivationTokenProvider(this, settings);
        }
    }
}
