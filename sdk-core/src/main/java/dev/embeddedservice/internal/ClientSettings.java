package dev.embeddedservice.internal;

import dev.embeddedservice.CircuitBreakerSettings;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.InvalidConfigurationException;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.TokenProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * A client's settings after precedence (explicit, then environment; the activation config and
 * defaults are applied later, when a token is at hand) and validation.
 */
public record ClientSettings(ActivationConfig activationConfig, TokenProvider tokenProvider, boolean ownsTokenProvider,
                             Region region, String endpointName, URI endpointOverride,
                             AwsCredentialsProvider credentialsProvider, SageMakerRuntimeClient sageMakerClient,
                             Integer maxConcurrency, Integer maxRecordsPerInvocation, Integer maxPayloadBytes,
                             RetrySettings retry, CircuitBreakerSettings circuitBreaker, Duration deadline,
                             Duration attemptTimeout, String targetNamespace, String defaultPhoneRegion,
                             EmbeddedServiceListener listener, Clock clock, long maxResponseBytes) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(70);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
    public static final String DEFAULT_TARGET_NAMESPACE = "default";
    public static final String DEFAULT_PHONE_REGION = "US";

    public static final String ENV_ENDPOINT_NAME = "EMBEDDED_SERVICE_ENDPOINT_NAME";
    public static final String ENV_ENDPOINT_URL = "EMBEDDED_SERVICE_ENDPOINT_URL";
    public static final String ENV_REGION = "AWS_REGION";
    public static final String ENV_MAX_CONCURRENCY = "EMBEDDED_SERVICE_MAX_CONCURRENCY";
    public static final String ENV_TARGET_NAMESPACE = "EMBEDDED_SERVICE_TARGET_NAMESPACE";
    public static final String ENV_PHONE_REGION = "EMBEDDED_SERVICE_PHONE_REGION";

    /** The builder's explicit settings, as given. */
    public record Explicit(ActivationConfig activationConfig, TokenProvider tokenProvider, Region region,
                           String endpointName, URI endpointOverride, AwsCredentialsProvider credentialsProvider,
                           SageMakerRuntimeClient sageMakerClient, Integer maxConcurrency,
                           Integer maxRecordsPerInvocation, Integer maxPayloadBytes, RetrySettings retry,
                           CircuitBreakerSettings circuitBreaker, Duration deadline, Duration attemptTimeout,
                           String targetNamespace, String defaultPhoneRegion, EmbeddedServiceListener listener,
                           Clock clock, long maxResponseBytes) {
    }

    /** Applies the environment under the explicit settings and validates the result. */
    public static ClientSettings resolve(Explicit e, UnaryOperator<String> env) {
        if (e.activationConfig() != null && e.tokenProvider() != null) {
            throw new InvalidConfigurationException("give either activationConfig or tokenProvider, not both");
        }
        ActivationConfig activation = e.activationConfig();
        if (activation == null && e.tokenProvider() == null) {
            if (blank(env.apply(ActivationConfig.ENV_ACTIVATION_URL))) {
                throw new InvalidConfigurationException("activationConfig or tokenProvider is required (or set "
                        + ActivationConfig.ENV_ACTIVATION_URL + " and " + ActivationConfig.ENV_PRODUCT_CODE + ")");
            }
            activation = ActivationConfig.builder().environment(env).build();
        }
        Region region = e.region() != null ? e.region() : blank(env.apply(ENV_REGION)) ? null
                : Region.of(env.apply(ENV_REGION).trim());
        String endpointName = firstNonBlank(e.endpointName(), env.apply(ENV_ENDPOINT_NAME));
        if (endpointName != null && !endpointName.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
            throw new InvalidConfigurationException("endpointName must be a SageMaker endpoint name "
                    + "(letters, digits and hyphens, at most 63 characters), was '" + endpointName + "'");
        }
        URI endpointOverride = e.endpointOverride() != null ? e.endpointOverride()
                : parseUri(ENV_ENDPOINT_URL, env.apply(ENV_ENDPOINT_URL));
        if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
            throw new InvalidConfigurationException("endpointOverride must be an absolute URL, was " + endpointOverride);
        }
        if (e.sageMakerClient() != null && (e.endpointOverride() != null || e.credentialsProvider() != null)) {
            throw new InvalidConfigurationException(
                    "endpointOverride and credentialsProvider configure the SageMaker client the SDK builds; "
                            + "they cannot be combined with sageMakerClient");
        }
        Integer maxConcurrency = e.maxConcurrency() != null ? e.maxConcurrency()
                : parseInt(ENV_MAX_CONCURRENCY, env.apply(ENV_MAX_CONCURRENCY));
        requireRange("maxConcurrency", maxConcurrency, 1, 256);
        requireRange("maxRecordsPerInvocation", e.maxRecordsPerInvocation(), 1, 1_000_000);
        requireRange("maxPayloadBytes", e.maxPayloadBytes(), 64, Integer.MAX_VALUE);
        if (e.retry() == null) {
            throw new InvalidConfigurationException("retry must not be null (use RetrySettings.none() to disable retries)");
        }
        if (e.circuitBreaker() == null) {
            throw new InvalidConfigurationException(
                    "circuitBreaker must not be null (use CircuitBreakerSettings.disabled() to turn it off)");
        }
        requirePositive("deadline", e.deadline());
        requirePositive("attemptTimeout", e.attemptTimeout());
        String namespace = firstNonBlank(e.targetNamespace(), env.apply(ENV_TARGET_NAMESPACE));
        namespace = namespace == null ? DEFAULT_TARGET_NAMESPACE : namespace;
        String phoneRegion = firstNonBlank(e.defaultPhoneRegion(), env.apply(ENV_PHONE_REGION));
        phoneRegion = phoneRegion == null ? DEFAULT_PHONE_REGION : phoneRegion.toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(phoneRegion)) {
            throw new InvalidConfigurationException(
                    "defaultPhoneRegion must be an ISO 3166 region code such as US or GB, was '" + phoneRegion + "'");
        }
        if (e.clock() == null) {
            throw new InvalidConfigurationException("clock must not be null");
        }
        if (e.maxResponseBytes() < 1024) {
            throw new InvalidConfigurationException("maxResponseBytes must be at least 1024, was " + e.maxResponseBytes());
        }
        EmbeddedServiceListener listener = e.listener() != null ? e.listener() : new EmbeddedServiceListener() { };
        return new ClientSettings(activation, e.tokenProvider(), e.tokenProvider() == null, region, endpointName,
                endpointOverride, e.credentialsProvider(), e.sageMakerClient(), maxConcurrency,
                e.maxRecordsPerInvocation(), e.maxPayloadBytes(), e.retry(), e.circuitBreaker(), e.deadline(),
                e.attemptTimeout(), namespace, phoneRegion, listener, e.clock(), e.maxResponseBytes());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String explicit, String fromEnv) {
        if (!blank(explicit)) {
            return explicit.trim();
        }
        return blank(fromEnv) ? null : fromEnv.trim();
    }

    private static URI parseUri(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return new URI(value.trim());
        } catch (URISyntaxException ex) {
            throw new InvalidConfigurationException(name + " is not a valid URL: " + ex.getReason());
        }
    }

    private static Integer parseInt(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidConfigurationException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static void requireRange(String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidConfigurationException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidConfigurationException(name + " must be a positive duration, was " + d);
        }
    }

    @Override
    public String toString() {
        return "ClientSettings[endpointName=" + endpointName + ", region=" + region + ", endpointOverride="
                + endpointOverride + ", maxConcurrency=" + maxConcurrency + ", targetNamespace=" + targetNamespace + "]";
    }
}
