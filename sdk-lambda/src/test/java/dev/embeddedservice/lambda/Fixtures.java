package dev.embeddedservice.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Handlers wired to a testkit emulator, and the event files. */
final class Fixtures {

    static final StaticCredentialsProvider FAKE_AWS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDLAMBDATEST000001", "lambda-test-secret-key-not-used-anywhere"));
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The environment a deployed proxy function would have, pointing at the emulator. */
    static Map<String, String> environment(EmbeddedServiceEmulatorExtension emulator) {
        Map<String, String> env = new HashMap<>();
        env.put(ActivationConfig.ENV_ACTIVATION_URL, emulator.activationUrl());
        env.put(ActivationConfig.ENV_PRODUCT_CODE, emulator.productCode());
        env.put(ActivationConfig.ENV_LICENSE_KEY, emulator.licenseKey());
        env.put("EMBEDDED_SERVICE_ENDPOINT_NAME", emulator.endpointName());
        env.put("EMBEDDED_SERVICE_ENDPOINT_URL", emulator.endpointUrl());
        env.put("AWS_REGION", emulator.region());
        return env;
    }

    static UnaryOperator<String> lookup(Map<String, String> env) {
        return env::get;
    }

    /** A client on the emulator with fast retries, as a test host would build it. */
    static EmbeddedServiceClient client(EmbeddedServiceEmulatorExtension emulator) {
        return EmbeddedServiceClient.builder()
                .activationConfig(ActivationConfig.builder()
                        .activationUrl(emulator.activationUrl())
                        .productCode(emulator.productCode())
                        .licenseKey(emulator.licenseKey())
                        .environment(name -> null)
                        .build())
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(emulator.region())
                .credentialsProvider(FAKE_AWS)
                .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()))
                .environment(name -> null)
                .build();
    }

    static APIGatewayProxyRequestEvent event(String name) {
        return EventLoader.loadApiGatewayRestEvent("events/" + name);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
