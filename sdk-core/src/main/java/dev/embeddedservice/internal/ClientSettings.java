package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.OverrideConfiguration;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.auth.internal.EndpointUrl;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * A client's settings after precedence (explicit, then environment; the activation config and
 * defaults are applied later, when a token is at hand, by {@link Limits} and {@link Runtime})
 * and validation. Settings left to the activation config are {@code null} here.
 */
record ClientSettings(ActivationConfig activationConfig, TokenProvider tokenProvider, boolean ownsTokenProvider,
                      Region region, String endpointName, URI endpointOverride,
                      AwsCredentialsProvider credentialsProvider, SageMakerRuntimeClient sageMakerClient,
                      Integer maxConcurrency, Integer maxRecordsPerInvocation, Integer maxPayloadBytes,
                      String targetNamespace, String defaultPhoneRegion, EmbeddedServiceListener listener,
                      Clock clock, OverrideConfiguration overrides) {

    static final String ENV_ENDPOINT_NAME = "EMBEDDED_SERVICE_ENDPOINT_NAME";
    static final String ENV_ENDPOINT_URL = "EMBEDDED_SERVICE_ENDPOINT_URL";
    static final String ENV_REGION = "AWS_REGION";
    static final String ENV_MAX_CONCURRENCY = "EMBEDDED_SERVICE_MAX_CONCURRENCY";
    static final String ENV_TARGET_NAMESPACE = "EMBEDDED_SERVICE_TARGET_NAMESPACE";
    static final String ENV_PHONE_REGION = "EMBEDDED_SERVICE_PHONE_REGION";

    private static final EmbeddedServiceListener NO_LISTENER = new EmbeddedServiceListener() { };

    /** Applies the environment under the builder's explicit settings and validates the result. */
    static ClientSettings resolve(DefaultClientBuilder b) {
        UnaryOperator<String> env = b.environment;
        if (b.activationConfig != null && b.tokenProvider != null) {
            throw new InvalidConfigurationException("give either activationConfig or tokenProvider, not both");
        }
        ActivationConfig activation = b.activationConfig;
        if (activation == null && b.tokenProvider == null) {
            if (blank(env.apply(ActivationConfig.ENV_ACTIVATION_URL))) {
                throw new InvalidConfigurationException("activationConfig or tokenProvider is required (or set "
                        + ActivationConfig.ENV_ACTIVATION_URL + " and " + ActivationConfig.ENV_PRODUCT_CODE + ")");
            }
            activation = ActivationConfig.builder().environment(env).build();
        }
        Region region = b.region != null ? b.region : blank(env.apply(ENV_REGION)) ? null
                : Region.of(env.apply(ENV_REGION).trim());
        String endpointName = firstNonBlank(b.endpointName, env.apply(ENV_ENDPOINT_NAME));
        if (endpointName != null && !endpointName.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
            throw new InvalidConfigurationException("endpointName must be a SageMaker endpoint name "
                    + "(letters, digits and hyphens, at most 63 characters), was '" + endpointName + "'");
        }
        // The token travels in a header of every invocation: the same rule as the activation URL.
        URI endpointOverride = b.endpointOverride != null
                ? EndpointUrl.parse("endpointOverride", b.endpointOverride.toString())
                : blank(env.apply(ENV_ENDPOINT_URL)) ? null : EndpointUrl.parse(ENV_ENDPOINT_URL, env.apply(ENV_ENDPOINT_URL));
        if (b.sageMakerClient != null && (b.endpointOverride != null || b.credentialsProvider != null)) {
            throw new InvalidConfigurationException(
                    "endpointOverride and credentialsProvider configure the SageMaker client the SDK builds; "
                            + "they cannot be combined with sageMakerClient");
        }
        Integer maxConcurrency = b.maxConcurrency != null ? b.maxConcurrency
                : parseInt(ENV_MAX_CONCURRENCY, env.apply(ENV_MAX_CONCURRENCY));
        requireRange("maxConcurrency", maxConcurrency, 1, 256);
        requireRange("maxRecordsPerInvocation", b.maxRecordsPerInvocation, 1, 1_000_000);
        requireRange("maxPayloadBytes", b.maxPayloadBytes, 64, Integer.MAX_VALUE);
        if (b.targetNamespace != null && b.targetNamespace.isBlank()) {
            throw new InvalidConfigurationException("targetNamespace must not be blank");
        }
        String namespace = firstNonBlank(b.targetNamespace, env.apply(ENV_TARGET_NAMESPACE));
        String phoneRegion = firstNonBlank(b.defaultPhoneRegion, env.apply(ENV_PHONE_REGION));
        // Validates the region (and names the setting when it is unknown).
        phoneRegion = DefaultIdentifierNormalizer.create(
                phoneRegion == null ? EmbeddedServiceClient.DEFAULT_PHONE_REGION : phoneRegion).defaultPhoneRegion();
        if (b.clock == null) {
            throw new InvalidConfigurationException("clock must not be null");
        }
        if (b.overrides == null) {
            throw new InvalidConfigurationException(
                    "overrideConfiguration must not be null (use OverrideConfiguration.defaults())");
        }
        return new ClientSettings(activation, b.tokenProvider, b.tokenProvider == null, region, endpointName,
                endpointOverride, b.credentialsProvider, b.sageMakerClient, maxConcurrency,
                b.maxRecordsPerInvocation, b.maxPayloadBytes,
                namespace == null ? EmbeddedServiceClient.DEFAULT_TARGET_NAMESPACE : namespace, phoneRegion,
                b.listener != null ? new GuardedListener(b.listener) : NO_LISTENER, b.clock, b.overrides.build());
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

    @Override
    public String toString() {
        return "ClientSettings[endpointName=" + endpointName + ", region=" + region + ", endpointOverride="
                + endpointOverride + ", maxConcurrency=" + maxConcurrency + ", targetNamespace=" + targetNamespace + "]";
    }
}
