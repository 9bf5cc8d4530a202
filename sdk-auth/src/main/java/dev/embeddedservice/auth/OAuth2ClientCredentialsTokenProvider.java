package dev.embeddedservice.auth;

import dev.embeddedservice.auth.internal.EndpointUrl;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.auth.internal.HttpClientFactory;
import dev.embeddedservice.auth.internal.OAuth2TokenClient;
import dev.embeddedservice.auth.internal.RefreshSettings;
import dev.embeddedservice.auth.internal.RefreshingTokenCache;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link TokenProvider} for partners that issue tokens from a standard OAuth 2.0 token endpoint
 * (such as Amazon Cognito): the client-credentials grant of RFC 6749 §4.4, authenticated with
 * {@code client_secret_basic}, with an optional {@code scope}.
 *
 * <p>Such endpoints issue no service configuration, so the {@link ServiceConfig} attached to each
 * token is the one given to the builder (empty by default: the client's own settings apply).
 *
 * <p>Caching and refresh are exactly those of {@link ActivationTokenProvider}, with the same
 * settings and defaults: fresh, stale (one background refresh) and expired (callers wait for the
 * one refresh), as {@link #state()} tells; backoff after a failed refresh;
 * {@link #invalidate(AuthToken)}; listeners of new tokens and of state changes; a
 * {@link TokenStore}. The token request retries 429 and 5xx answers and network failures within
 * {@link Builder#requestDeadline(Duration)}. {@link #token()} throws
 * {@link TokenUnavailableException} whose cause is the typed failure: {@code invalid_client}
 * becomes {@link dev.embeddedservice.exception.InvalidCredentialsException}, other refusals a non-retryable
 * {@link dev.embeddedservice.exception.ActivationException} carrying the {@code error} code.
 *
 * <p>A 200 answer must carry {@code access_token} and {@code expires_in} (a number, or a string
 * of digits as some servers send); {@code token_type}, when present, must be {@code Bearer}. An
 * answer without {@code expires_in} is refused rather than given a guessed lifetime.
 *
 * <p>The client secret is never logged and never appears in {@link #toString()} or a message.
 *
 * <pre>{@code
 * TokenProvider tokens = OAuth2ClientCredentialsTokenProvider.builder()
 *         .tokenUrl("https://partner.auth.us-east-1.amazoncognito.com/oauth2/token")
 *         .clientId("5k2ad3kq0mgh1b1e2o9tv1r8ru")
 *         .clientSecret(System.getenv("PARTNER_CLIENT_SECRET"))
 *         .scope("embedded-service/invoke")
 *         .serviceConfig(ServiceConfig.builder().endpointName("esvc-identity-prod").region("us-east-1").build())
 *         .build();
 * }</pre>
 */
public final class OAuth2ClientCredentialsTokenProvider extends CachingTokenProvider {

    /** Default TCP connect timeout for the token endpoint. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = ActivationConfig.DEFAULT_CONNECT_TIMEOUT;
    /** Default timeout for one token request, connect to last byte. */
    public static final Duration DEFAULT_CALL_TIMEOUT = ActivationConfig.DEFAULT_CALL_TIMEOUT;
    /** Default time budget for one token request, retries included. */
    public static final Duration DEFAULT_REQUEST_DEADLINE = ActivationConfig.DEFAULT_ACTIVATION_DEADLINE;

    private final URI tokenUrl;
    private final String clientId;
    private final String scope;

    private OAuth2ClientCredentialsTokenProvider(URI tokenUrl, String clientId, String scope, RefreshingTokenCache cache,
                                                 HttpClientFactory.Lease http) {
        super(cache, http);
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.scope = scope;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The token endpoint. */
    public URI tokenUrl() {
        return tokenUrl;
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentialsTokenProvider[tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=<redacted>, scope=" + scope + "]";
    }

    /** Builder for {@link OAuth2ClientCredentialsTokenProvider}. */
    public static final class Builder extends RefreshingProviderBuilder<Builder> {
        private String tokenUrl;
        private String clientId;
        private String clientSecret;
        private String scope;
        private ServiceConfig serviceConfig = ServiceConfig.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration requestDeadline = DEFAULT_REQUEST_DEADLINE;

        private Builder() {
        }

        /**
         * The token endpoint. Required; {@code https}, or plain {@code http} on loopback hosts only
         * (the rule of {@link ActivationConfig}).
         */
        public Builder tokenUrl(String tokenUrl) {
            this.tokenUrl = tokenUrl;
            return this;
        }

        public Builder tokenUrl(URI tokenUrl) {
            this.tokenUrl = tokenUrl == null ? null : tokenUrl.toString();
            return this;
        }

        /** The client id. Required. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The client secret. Required. Secret: never logged, never in {@code toString()}. */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** The {@code scope} to request (space-separated scope tokens); none by default. */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /**
         * The service configuration attached to every token, since token endpoints issue none;
         * {@link ServiceConfig#empty()} by default.
         */
        public Builder serviceConfig(ServiceConfig serviceConfig) {
            this.serviceConfig = Objects.requireNonNull(serviceConfig, "serviceConfig");
            return this;
        }

        /** TCP connect timeout; default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Timeout of one token request, connect to last byte; default 15 s. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** Time budget of one token fetch, retries and backoff included; default 60 s. */
        public Builder requestDeadline(Duration requestDeadline) {
            this.requestDeadline = requestDeadline;
            return this;
        }

        /**
         * Validates the settings and builds the provider. Makes no request.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or invalid
         */
        public OAuth2ClientCredentialsTokenProvider build() {
            if (tokenUrl == null || tokenUrl.isBlank()) {
                throw new InvalidConfigurationException("tokenUrl is required");
            }
            URI url = EndpointUrl.parse("tokenUrl", tokenUrl);
            if (clientId == null || clientId.isEmpty()) {
                throw new InvalidConfigurationException("clientId is required");
            }
            if (clientSecret == null || clientSecret.isEmpty()) {
                throw new InvalidConfigurationException("clientSecret is required");
            }
            if (scope != null && (scope.isBlank() || !scope.chars().allMatch(c -> c == ' ' || (c >= 0x21 && c <= 0x7e
                    && c != '"' && c != '\\')))) {
                throw new InvalidConfigurationException("scope must be space-separated scope tokens of visible ASCII "
                        + "other than '\"' and '\\' (RFC 6749 §3.3)");
            }
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("callTimeout", callTimeout);
            requirePositive("requestDeadline", requestDeadline);
            RefreshSettings settings = refreshSettings();
            String name = "OAuth2ClientCredentialsTokenProvider[" + url.getHost() + "]";
            HttpClientFactory.Lease http = HttpClientFactory.lease(httpClient, connectTimeout, callTimeout);
            OAuth2TokenClient client = new OAuth2TokenClient(url.toString(), clientId, clientSecret, scope, serviceConfig,
                    http.client(), clock, sleeper, random, callTimeout, requestDeadline);
            String storeKey = "oauth2 " + url + " " + clientId + " " + (scope == null ? "" : scope);
            RefreshingTokenCache cache = cache(name, client::fetch, storeKey, settings);
            return new OAuth2ClientCredentialsTokenProvider(url, clientId, scope, cache, http);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidConfigurationException(name + " must be a positive duration, was " + d);
            }
        }
    }
}
