package dev.embeddedservice.auth;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.auth.internal.ActivationClient;
import dev.embeddedservice.auth.internal.HttpClientFactory;
import dev.embeddedservice.auth.internal.RefreshSettings;
import dev.embeddedservice.auth.internal.RefreshingTokenCache;
import java.time.Duration;
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
 *   <li><b>Fresh</b> ({@link TokenState#FRESH}): the cached token is returned with no lock and no
 *       allocation.</li>
 *   <li><b>Stale</b> ({@link TokenState#STALE}), from the prefetch point (by default when less than
 *       {@code min(5 min, lifetime / 2)} remains, moved earlier at random by up to a quarter of
 *       that): callers still get the current token at once while one refresh runs in the
 *       background.</li>
 *   <li><b>Expired</b> ({@link TokenState#EXPIRED}), in the last {@code min(10 s, lifetime / 10)}
 *       and after, and also before the first token, after {@link #invalidate(AuthToken)} and after
 *       {@link #close()}: callers wait for the one refresh in flight.</li>
 *   <li>A failed refresh is retried after a gap: {@link Builder#minRefreshInterval(Duration)}
 *       (5 s by default), doubling per consecutive failure up to
 *       {@link Builder#maxRefreshInterval(Duration)} (5 min), and shortened by up to 20 % at random,
 *       so the gap after {@code n} failures lies between 80 % and 100 % of
 *       {@code min(5 min, 5 s × 2^(n-1))}. Meanwhile the token keeps being
 *       served until it really expires; after that {@link #token()} throws
 *       {@link TokenUnavailableException} whose cause is the last failure, retryable when that
 *       failure is.</li>
 *   <li>{@link #invalidate(AuthToken)} (the service answered 401) makes the next call wait for a
 *       new activation; many callers invalidating the same token cause one activation, and a token
 *       already replaced is ignored.</li>
 * </ul>
 * {@link #state()} tells which of these the token is in, and each
 * {@linkplain TokenListener#onStateChanged listener} hears of every change the provider observes.
 * Each activation itself retries 429 (honouring {@code Retry-After}), 5xx and network failures
 * within {@link ActivationConfig#activationDeadline()}, waiting 250 ms, doubling up to 10 s, each
 * wait shortened by up to half at random.
 *
 * <h2>Errors</h2>
 * {@link #token()} throws only {@link TokenUnavailableException}. Its
 * {@linkplain Throwable#getCause() cause} is the typed activation failure:
 * {@link dev.embeddedservice.exception.InvalidCredentialsException},
 * {@link dev.embeddedservice.exception.SubscriptionInactiveException},
 * {@link dev.embeddedservice.exception.ActivationRateLimitedException},
 * {@link dev.embeddedservice.exception.ProtocolViolationException} or
 * {@link dev.embeddedservice.exception.ActivationException}; {@code retryable()} is the cause's.
 *
 * <h2>Lifecycle and threads</h2>
 * Thread-safe; share one per application. Background refreshes run on the
 * {@linkplain Builder#executor(Executor) executor} given, or else on one daemon thread of the
 * provider's own, started on demand. {@link #close()} stops that thread (waiting for it to end)
 * and releases the HTTP client the provider created. What the caller gives is borrowed: an
 * executor is not shut down, and an {@link OkHttpClient} keeps its dispatcher and connection pool.
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
public final class ActivationTokenProvider extends CachingTokenProvider {

    private final ActivationConfig config;
    private final String name;

    private ActivationTokenProvider(ActivationConfig config, String name, RefreshingTokenCache cache,
                                    HttpClientFactory.Lease http) {
        super(cache, http);
        this.config = config;
        this.name = name;
    }

    /** A provider for {@code config} with every other setting at its default. */
    public static ActivationTokenProvider create(ActivationConfig config) {
        return builder().activationConfig(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration this provider activates with. */
    public ActivationConfig activationConfig() {
        return config;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The key tokens are stored under: the activation URL and the product code, so that a stored
     * token is only ever served for the product and service that issued it.
     */
    private static String storeKey(ActivationConfig config) {
        String url = config.activationUrl().toString().replaceAll("/+$", "");
        return "activation " + url + " " + config.productCode();
    }

    /** Builder for {@link ActivationTokenProvider}; only {@link #activationConfig} is required. */
    public static final class Builder extends RefreshingProviderBuilder<Builder> {
        private ActivationConfig activationConfig;

        private Builder() {
        }

        /** Where and how to activate. Required. */
        public Builder activationConfig(ActivationConfig activationConfig) {
            this.activationConfig = activationConfig;
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
            RefreshSettings settings = refreshSettings();
            String name = "ActivationTokenProvider[" + activationConfig.productCode() + "]";
            HttpClientFactory.Lease http = HttpClientFactory.lease(httpClient, activationConfig.connectTimeout(),
                    activationConfig.callTimeout());
            ActivationClient client = new ActivationClient(activationConfig, http.client(), clock, sleeper, random);
            RefreshingTokenCache cache = cache(name, client::activate, storeKey(activationConfig), settings);
            return new ActivationTokenProvider(activationConfig, name, cache, http);
        }
    }
}
