package dev.embeddedservice.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.SubscriptionInactiveException;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.IdentityProof;
import dev.embeddedservice.auth.IdentityProofProvider;
import dev.embeddedservice.auth.ServiceConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of protocol §1: {@code POST {activationUrl}/v1/activate}, one {@link AuthToken} per
 * successful call. Retryable failures (429, 5xx, network errors, timeouts) are retried with
 * backoff inside {@link ActivationConfig#activationDeadline()}; every other answer becomes one
 * typed exception.
 *
 * <p>Thread-safe. Never logs, and never puts into a message, the token, the license key or the
 * identity proof.
 */
public final class ActivationClient {

    /** A token's lifetime is clamped to this, however long the service says it lasts. */
    static final Duration MAX_LIFETIME = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(ActivationClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String ISSUER = "The activation service";

    private final ActivationConfig config;
    private final OkHttpClient http;
    private final Clock clock;
    private final DeadlineRetrier retrier;
    private final HttpUrl activateUrl;
    private final AtomicBoolean clampWarned = new AtomicBoolean();

    /**
     * @param http   an OkHttp client with redirects off and the config's timeouts, see {@link HttpClientFactory}
     * @param random the jitter of the retry backoff ({@link DeadlineRetrier#requestBackoff}): uniform in {@code [0, 1)}
     */
    public ActivationClient(ActivationConfig config, OkHttpClient http, Clock clock, Sleeper sleeper,
                            DoubleSupplier random) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.retrier = new DeadlineRetrier("activation of product " + config.productCode(), clock, sleeper,
                DeadlineRetrier.requestBackoff(random));
        HttpUrl base = HttpUrl.get(config.activationUrl().toString());
        this.activateUrl = base.newBuilder()
                .encodedPath(base.encodedPath().replaceAll("/+$", "") + "/v1/activate")
                .build();
    }

    /**
     * Activates, retrying retryable failures within the activation deadline.
     *
     * @throws EmbeddedServiceException the typed failure of the last attempt
     */
    public AuthToken activate() {
        return retrier.call(config.activationDeadline(), this::attempt);
    }

    private AuthToken attempt(Duration remaining) {
        IdentityProof proof = config.identityProofProvider().map(this::identityProof).orElse(null);
        byte[] body = requestBody(proof);
        Request.Builder request = new Request.Builder()
                .url(activateUrl)
                .post(RequestBody.create(body, JSON))
                .header("Accept", "application/json")
                .header("User-Agent", SdkVersion.USER_AGENT);
        config.licenseKey().ifPresent(key -> request.header("X-Api-Key", key));
        Call call = http.newCall(request.build());
        long timeout = Math.min(config.callTimeout().toMillis(), remaining.toMillis());
        call.timeout().timeout(Math.max(1, timeout), TimeUnit.MILLISECONDS);
        // protocol §1: expiresIn is measured from the moment the request was sent.
        long sentAt = clock.millis();
        try (Response response = call.execute()) {
            return handle(response, sentAt, secretsSent(proof));
        } catch (InterruptedIOException e) {
            throw new ActivationException("The activation request to " + activateUrl.host() + " timed out or was "
                    + "interrupted (" + e.getClass().getSimpleName() + ")", true, null, null, e);
        } catch (IOException e) {
            throw new ActivationException("Could not reach the activation service at " + activateUrl.host() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    true, null, null, e);
        }
    }

    private byte[] requestBody(IdentityProof proof) {
        ObjectNode json = SdkJson.MAPPER.createObjectNode();
        json.put("productCode", config.productCode());
        config.clientId().ifPresent(id -> json.put("clientId", id));
        json.put("sdkVersion", SdkVersion.VERSION);
        if (proof != null) {
            ObjectNode node = json.putObject("identityProof");
            node.put("method", proof.method());
            node.put("url", proof.url());
            ObjectNode headers = node.putObject("headers");
            proof.headers().forEach(headers::put);
            node.put("body", proof.body());
        }
        try {
            return SdkJson.MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the activation request", e);
        }
    }

    private IdentityProof identityProof(IdentityProofProvider provider) {
        try {
            return provider.identityProof(config.productCode());
        } catch (EmbeddedServiceException e) {
            throw e;
        } catch (RuntimeException e) {
            // Such as the AWS SDK's SdkClientException "Unable to load credentials": a setting to fix.
            throw new ActivationException("Could not build the AWS identity proof for the activation: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    false, null, null, e);
        }
    }

    /**
     * What this request sent that a server echoing it must not get into a message: the license key,
     * and the identity proof's signature and session token.
     */
    private String[] secretsSent(IdentityProof proof) {
        List<String> secrets = new ArrayList<>();
        config.licenseKey().ifPresent(secrets::add);
        if (proof != null) {
            proof.headers().forEach((name, value) -> {
                if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("X-Amz-Security-Token")) {
                    secrets.add(value);
                }
            });
        }
        return secrets.toArray(String[]::new);
    }

    private AuthToken handle(Response response, long sentAt, String[] secrets) throws IOException {
        int status = response.code();
        if (status == 200) {
            return parseSuccess(response, sentAt);
        }
        if (status >= 200 && status < 300) {
            throw new ProtocolViolationException("The activation service answered " + status
                    + " where protocol §1 requires 200 with a token");
        }
        String requestId = RequestId.of(response, secrets);
        if (status >= 300 && status < 400) {
            throw new ActivationException("The activation service answered " + status + " (a redirect). Redirects "
                    + "are not followed, so the license key is never sent to another location: set activationUrl "
                    + "to the service's final URL", false, status, null, requestId, null);
        }
        ErrorBody error = ErrorBody.parse(BoundedBody.readPrefix(response.body(), 16 * 1024), "message", secrets);
        String code = error.error();
        String detail = status + error.describe();
        switch (status) {
            case 400:
                throw new ActivationException("The activation service refused the request as invalid: " + detail
                        + ". This is a bug or a bad setting; it is not retried", false, status, code, requestId, null);
            case 401:
                throw new InvalidCredentialsException("The activation service refused the credentials: " + detail
                        + ". Check the license key and the AWS credentials of the identity proof", code, status,
                        requestId);
            case 403:
                throw new SubscriptionInactiveException("The AWS Marketplace subscription for product "
                        + config.productCode() + " is not active: " + detail, code, requestId);
            case 429:
                Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
                throw new ActivationRateLimitedException("The activation service is rate limiting this client: "
                        + detail + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"),
                        code, retryAfter, requestId);
            case 404:
                throw new ActivationException("The activation service has no " + activateUrl.encodedPath()
                        + ": " + detail + ". Check activationUrl", false, status, code, requestId, null);
            case 408:
                throw new ActivationException("The activation service timed out reading the request: " + detail,
                        true, status, code, requestId, null);
            default:
                boolean serverError = status >= 500;
                throw new ActivationException("The activation service failed: " + detail
                        + (serverError ? "" : "; not retried"), serverError, status, code, requestId, null);
        }
    }

    private AuthToken parseSuccess(Response response, long sentAt) throws IOException {
        byte[] bytes = BoundedBody.read(response.body(), BoundedBody.MAX_BYTES);
        if (bytes == null) {
            throw new ProtocolViolationException("The activation service sent a response body larger than "
                    + BoundedBody.MAX_BYTES + " bytes (1 MiB); it was not read");
        }
        JsonNode json;
        try {
            json = SdkJson.parse(bytes);
        } catch (SdkJson.NotJsonException e) {
            throw new ProtocolViolationException("The activation service answered 200 but " + e.getMessage());
        }
        if (!json.isObject()) {
            throw new ProtocolViolationException("The activation service answered 200 but the body is not a JSON object");
        }
        JsonNode token = json.get("token");
        if (token == null || token.isNull()) {
            throw new ProtocolViolationException("The activation service answered 200 without a 'token'");
        }
        if (!token.isTextual()) {
            throw new ProtocolViolationException("The activation service answered 200 with a 'token' that is not a string");
        }
        TokenFormat.requireUsable(token.textValue(), ISSUER);
        long lifetimeSeconds = expiresInSeconds(json.get("expiresIn"));
        ServiceConfig serviceConfig;
        try {
            serviceConfig = ServiceConfigJson.read(json.get("config"));
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolationException("The activation service answered 200 but " + e.getMessage());
        }
        Instant expiresAt = Instant.ofEpochMilli(sentAt).plusSeconds(lifetimeSeconds);
        log.debug("Activated product {}: token valid for {} s", config.productCode(), lifetimeSeconds);
        return AuthToken.of(token.textValue(), expiresAt, serviceConfig);
    }

    private long expiresInSeconds(JsonNode node) {
        LifetimeField.Result result = LifetimeField.seconds(node, "expiresIn", ISSUER, false);
        if (result.clamped() && clampWarned.compareAndSet(false, true)) {
            log.warn("The activation service for product {} issued a token said to live longer than {} h; "
                    + "its lifetime is clamped to {} h (warned once)", config.productCode(),
                    MAX_LIFETIME.toHours(), MAX_LIFETIME.toHours());
        }
        return result.seconds();
    }
}
