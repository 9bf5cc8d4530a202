package dev.embeddedservice.lambda.internal;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.StsIdentityProofProvider;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The environment variables both functions read, and the activation settings made from them. The
 * SDK client reads its own ({@code EMBEDDED_SERVICE_ENDPOINT_NAME}, {@code _ENDPOINT_URL},
 * {@code AWS_REGION}, {@code _TARGET_NAMESPACE}, ...) from the same environment.
 */
public final class LambdaSettings {

    /** The Secrets Manager secret (ARN) holding the license key; read instead of {@code EMBEDDED_SERVICE_LICENSE_KEY}. */
    public static final String ENV_LICENSE_KEY_SECRET_ARN = "EMBEDDED_SERVICE_LICENSE_KEY_SECRET_ARN";
    /** Comma-separated VPC endpoint ids ({@code vpce-...}) the authorizer lets through. */
    public static final String ENV_ALLOWED_VPCE_IDS = "EMBEDDED_SERVICE_ALLOWED_VPCE_IDS";
    /** Comma-separated IAM principal ARNs (roles or users) the authorizer lets through. */
    public static final String ENV_ALLOWED_PRINCIPAL_ARNS = "EMBEDDED_SERVICE_ALLOWED_PRINCIPAL_ARNS";
    /** API Gateway's authorizer cache TTL in seconds (the template's {@code ReauthorizeEvery}); 300 by default. */
    public static final String ENV_AUTHORIZER_TTL_SECONDS = "EMBEDDED_SERVICE_AUTHORIZER_TTL_SECONDS";
    /** Where the authorizer sends callers' identity proofs (an STS VPC endpoint); the proof's own URL by default. */
    public static final String ENV_STS_ENDPOINT_URL = "EMBEDDED_SERVICE_STS_ENDPOINT_URL";

    /**
     * {@code true} to send an AWS identity proof (a signed, unsent STS GetCallerIdentity) with each
     * activation, proving the customer's account to the partner with the function's role; off by default.
     */
    public static final String ENV_IDENTITY_PROOF = "EMBEDDED_SERVICE_IDENTITY_PROOF";

    /**
     * Seconds one activation may take, retries included; 10 by default: ample for a healthy partner,
     * and well inside API Gateway's 29 s integration timeout (the SDK's own default, 60 s, is not).
     */
    public static final String ENV_ACTIVATION_DEADLINE_SECONDS = "EMBEDDED_SERVICE_ACTIVATION_DEADLINE_SECONDS";
    /** The activation deadline when the environment names none. */
    public static final int DEFAULT_ACTIVATION_DEADLINE_SECONDS = 10;

    /** The authorizer cache TTL when the environment names none (API Gateway's own default). */
    public static final int DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

    private LambdaSettings() {
    }

    /**
     * Activation settings from the environment. The license key comes from
     * {@code EMBEDDED_SERVICE_LICENSE_KEY}, or else is read from the secret named by
     * {@value #ENV_LICENSE_KEY_SECRET_ARN} (one {@code GetSecretValue} call: the caller keeps the
     * result for the execution environment's life).
     */
    public static ActivationConfig activationConfig(UnaryOperator<String> environment,
                                                    AwsCredentialsProvider credentials) {
        ActivationConfig.Builder builder = ActivationConfig.builder().environment(environment)
                .activationDeadline(Duration.ofSeconds(seconds(environment, ENV_ACTIVATION_DEADLINE_SECONDS,
                        DEFAULT_ACTIVATION_DEADLINE_SECONDS)));
        String direct = environment.apply(ActivationConfig.ENV_LICENSE_KEY);
        String secretArn = environment.apply(ENV_LICENSE_KEY_SECRET_ARN);
        if ((direct == null || direct.isBlank()) && secretArn != null && !secretArn.isBlank()) {
            builder.licenseKey(LicenseKeySecret.read(secretArn.trim(), environment, credentials));
        }
        if ("true".equalsIgnoreCase(String.valueOf(environment.apply(ENV_IDENTITY_PROOF)).trim())) {
            StsIdentityProofProvider.Builder proof = StsIdentityProofProvider.builder().credentialsProvider(credentials);
            String region = environment.apply("AWS_REGION");
            if (region != null && !region.isBlank()) {
                proof.region(Region.of(region.trim()));
            }
            builder.identityProof(proof.build());
        }
        return builder.build();
    }

    /** A comma-separated list, trimmed, without empty entries. */
    public static Set<String> list(UnaryOperator<String> environment, String name) {
        String value = environment.apply(name);
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A positive whole number of seconds, or {@code defaultValue} when the variable is not set. */
    public static int seconds(UnaryOperator<String> environment, String name, int defaultValue) {
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(name + " must be a positive number of seconds, was '" + value + "'");
    }
}
