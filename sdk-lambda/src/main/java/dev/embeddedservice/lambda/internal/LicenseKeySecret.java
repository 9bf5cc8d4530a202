package dev.embeddedservice.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.exception.InvalidConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads the license key from AWS Secrets Manager ({@code GetSecretValue}), once per execution
 * environment: the caller keeps what it returns for the environment's life. The secret holds the
 * key as plain text, or a JSON object with a {@code licenseKey} field (what the console's
 * "key/value" secrets make).
 *
 * <p>Messages name the secret's ARN and the AWS error code, never the secret's value.
 */
public final class LicenseKeySecret {

    /** The JSON field read when the secret is a JSON object. */
    public static final String JSON_FIELD = "licenseKey";
    /** The AWS SDK's own variable for a Secrets Manager endpoint (a test server); none in production. */
    public static final String ENV_ENDPOINT_URL = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LicenseKeySecret() {
    }

    /**
     * The license key held by secret {@code secretArn}.
     *
     * @throws InvalidConfigurationException when the secret cannot be read or holds no usable key
     */
    public static String read(String secretArn, UnaryOperator<String> environment, AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(5)));
        String region = environment.apply("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region.trim()));
        }
        String endpoint = environment.apply(ENV_ENDPOINT_URL);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
        }
        String secret;
        try (SecretsManagerClient client = builder.build()) {
            secret = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        } catch (AwsServiceException e) {
            throw new InvalidConfigurationException("the license key secret " + secretArn + " could not be read: "
                    + e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            throw new InvalidConfigurationException("the license key secret " + secretArn
                    + " could not be read: Secrets Manager is unreachable (" + e.getClass().getSimpleName() + ")");
        }
        return licenseKeyIn(secret, secretArn);
    }

    /** The key in a secret's text: the text itself, or the {@value #JSON_FIELD} field of a JSON object. */
    static String licenseKeyIn(String secret, String secretArn) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidConfigurationException("the license key secret " + secretArn + " has no SecretString");
        }
        String text = secret.trim();
        if (!text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode key = JSON.readTree(text).get(JSON_FIELD);
            if (key != null && key.isTextual() && !key.asText().isBlank()) {
                return key.asText().trim();
            }
        } catch (IOException e) {
            // fall through: the message must not quote the secret's text, which Jackson's would
        }
        throw new InvalidConfigurationException("the license key secret " + secretArn
                + " is a JSON object without a non-empty \"" + JSON_FIELD + "\" field");
    }
}
