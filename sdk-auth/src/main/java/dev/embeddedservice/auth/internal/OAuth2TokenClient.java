package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OAuth 2.0 client-credentials token request (RFC 6749 §4.4) with {@code client_secret_basic}
 * authentication (§2.3.1: client id and secret are form-urlencoded, then joined by a colon and
 * Base64-encoded). A 200 must carry {@code access_token} and {@code expires_in}; errors (§5.2)
 * become the same typed exceptions as activation errors. Retryable failures (429, 5xx, network)
 * are retried with backoff within a deadline; redirects are not followed.
 *
 * <p>Thread-safe. Never logs, and never puts into a message, the token or the client secret.
 */
public final class OAuth2TokenClient {

    private static final Logger log = LoggerFactory.getLogger(OAuth2TokenClient.class);
    private static final String ISSUER = "The OAuth 2.0 token endpoint";

    private final HttpUrl tokenUrl;
    private final String clientSecret;
    /** What an answer's request id must never contain: the secret, as given and as sent. */
    private final String[] secrets;
    private final String authorization;
    private final String scope;
    private final ServiceConfig serviceConfig;
    private final OkHttpClient http;
    private final Clock clock;
    private final Duration callTimeout;
    private final Duration deadline;
    private final DeadlineRetrier retrier;
    private final AtomicBoolean clampWarned = new AtomicBoolean();

    /**
     * @param scope  the {@code scope} parameter, or {@code null} to send none
     * @param http   an OkHttp client with redirects off and the timeouts, see {@link HttpClientFactory}
     * @param random the jitter of the retry backoff ({@link DeadlineRetrier#requestBackoff}): uniform in {@code [0, 1)}
     */
    public OAuth2TokenClient(String tokenUrl, String clientId, String clientSecret, String scope,
                             ServiceConfig serviceConfig, OkHttpClient http, Clock clock, Sleeper sleeper,
                             DoubleSupplier random, Duration callTimeout, Duration deadline) {
        this.tokenUrl = HttpUrl.get(tokenUrl);
        this.clientSecret = clientSecret;
        String credentials = formEncode(clientId) + ":" + formEncode(clientSecret);
        String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.authorization = "Basic " + encoded;
        this.secrets = new String[] {clientSecret, formEncode(clientSecret), encoded};
        this.scope = scope;
        this.serviceConfig = serviceConfig;
        this.http = http;
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.deadline = deadline;
        this.retrier = new DeadlineRetrier("OAuth 2.0 token request to " + this.tokenUrl.host(), clock, sleeper,
                DeadlineRetrier.requestBackoff(random));
    }

    /** RFC 6749 Appendix B: {@code application/x-www-form-urlencoded}, space as {@code +}. */
    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Requests a token, retrying retryable failures within the deadline.
     *
     * @throws EmbeddedServiceException the typed failure of the last attempt
     */
    public AuthToken fetch() {
        return retrier.call(deadline, this::attempt);
    }

    private AuthToken attempt(Duration remaining) {
        FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
        if (scope != null) {
            form.add("scope", scope);
        }
        Request request = new Request.Builder()
                .url(tokenUrl)
                .post(form.build())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", SdkVersion.USER_AGENT)
                .build();
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, Math.min(callTimeout.toMillis(), remaining.toMillis())), TimeUnit.MILLISECONDS);
        long sentAt = clock.millis();
        try (Response response = call.execute()) {
            return handle(response, sentAt);
        } catch (InterruptedIOException e) {
            throw new ActivationException("The OAuth 2.0 token request to " + tokenUrl.host() + " timed out or was "
                    + "interrupted (" + e.getClass().getSimpleName() + ")", true, null, null, e);
        } catch (IOException e) {
            throw new ActivationException("Could not reach the OAuth 2.0 token endpoint at " + tokenUrl.host() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    true, null, null, e);
        }
    }

    private AuthToken handle(Response response, long sentAt) throws IOException {
        int status = response.code();
        if (status == 200) {
            return parseSuccess(response, sentAt);
        }
        if (status >= 200 && status < 300) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint answered " + status
                    + " where RFC 6749 requires 200 with a token");
        }
        String requestId = RequestId.of(response, secrets);
        if (status >= 300 && status < 400) {
            throw new ActivationException("The OAuth 2.0 token endpoint answered " + status + " (a redirect). "
                    + "Redirects are not followed, so the client secret is never sent to another location: set "
                    + "tokenUrl to the endpoint's final URL", false, status, null, requestId, null);
        }
        ErrorBody error = ErrorBody.parse(BoundedBody.readPrefix(response.body(), 16 * 1024), "error_description",
                clientSecret);
        String code = error.error();
        String detail = status + error.describe();
        String lower = code == null ? "" : code.toLowerCase(Locale.ROOT);
        if (status == 429) {
            Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
            throw new ActivationRateLimitedException("The OAuth 2.0 token endpoint is rate limiting this client: "
                    + detail, code, retryAfter, requestId);
        }
        if (lower.equals("invalid_client") || (status == 401 && code == null)) {
            throw new InvalidCredentialsException("The OAuth 2.0 token endpoint refused the client credentials: "
                    + detail + ". Check the client id and secret", code, status, requestId);
        }
        if (status >= 500 || lower.equals("temporarily_unavailable") || lower.equals("server_error")) {
            throw new ActivationException("The OAuth 2.0 token endpoint failed: " + detail, true, status, code,
                    requestId, null);
        }
        // invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type, invalid_scope, ...
        throw new ActivationException("The OAuth 2.0 token endpoint refused the request: " + detail
                + "; not retried", false, status, code, requestId, null);
    }

    private AuthToken parseSuccess(Response response, long sentAt) throws IOException {
        byte[] bytes = BoundedBody.read(response.body(), BoundedBody.MAX_BYTES);
        if (bytes == null) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint sent a response body larger than "
                    + BoundedBody.MAX_BYTES + " bytes (1 MiB); it was not read");
        }
        JsonNode json;
        try {
            json = SdkJson.parse(bytes);
        } catch (SdkJson.NotJsonException e) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint answered 200 but " + e.getMessage());
        }
        if (!json.isObject()) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint answered 200 but the body is not a JSON object");
        }
        JsonNode token = json.get("access_token");
        if (token == null || token.isNull() || !token.isTextual()) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint answered 200 without a string 'access_token'");
        }
        JsonNode type = json.get("token_type");
        if (type != null && !type.isNull() && !(type.isTextual() && type.textValue().equalsIgnoreCase("Bearer"))) {
            throw new ProtocolViolationException("The OAuth 2.0 token endpoint issued a token whose token_type is not "
                    + "Bearer; only bearer tokens can be used");
        }
        TokenFormat.requireUsable(token.textValue(), ISSUER);
        LifetimeField.Result lifetime = LifetimeField.seconds(json.get("expires_in"), "expires_in", ISSUER, true);
        if (lifetime.clamped() && clampWarned.compareAndSet(false, true)) {
            log.warn("The OAuth 2.0 token endpoint {} issued a token said to live longer than {} h; its lifetime is "
                    + "clamped to that (warned once)", tokenUrl.host(), ActivationClient.MAX_LIFETIME.toHours());
        }
        return AuthToken.of(token.textValue(), Instant.ofEpochMilli(sentAt).plusSeconds(lifetime.seconds()), serviceConfig);
    }
}
