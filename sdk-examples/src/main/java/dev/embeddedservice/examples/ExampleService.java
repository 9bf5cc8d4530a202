package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the examples find the embedded service: the real one when
 * {@code EMBEDDED_SERVICE_ACTIVATION_URL} is set (with {@code EMBEDDED_SERVICE_PRODUCT_CODE},
 * {@code EMBEDDED_SERVICE_LICENSE_KEY}, and AWS credentials and region from the usual AWS chains),
 * otherwise the testkit's emulator, started in process, so every example runs on a fresh machine.
 */
public final class ExampleService implements AutoCloseable {

    private final EmbeddedServiceEmulator emulator;

    private ExampleService(EmbeddedServiceEmulator emulator) {
        this.emulator = emulator;
    }

    /** The real service if the environment names one, else a new emulator. */
    public static ExampleService fromEnvironmentOrEmulator() {
        String url = System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
        return new ExampleService(url == null || url.isBlank() ? EmbeddedServiceEmulator.start() : null);
    }

    /** Runs on this emulator (the examples' tests use it). */
    public static ExampleService on(EmbeddedServiceEmulator emulator) {
        return new ExampleService(emulator);
    }

    /** The emulator in use, or null when the real service is. */
    public EmbeddedServiceEmulator emulator() {
        return emulator;
    }

    /** Activation settings: the emulator's, or the environment's. */
    public ActivationConfig activationConfig() {
        if (emulator == null) {
            return ActivationConfig.builder().build();
        }
        return ActivationConfig.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .licenseKey(emulator.licenseKey())
                .build();
    }

    /**
     * A client builder with the activation settings and, on the emulator, its SageMaker endpoint and
     * test credentials. On the real service the builder's defaults apply: the AWS SDK's credential and
     * region chains, and the endpoint name from the activation config.
     */
    public EmbeddedServiceClient.Builder clientBuilder() {
        EmbeddedServiceClient.Builder builder = EmbeddedServiceClient.builder().activationConfig(activationConfig());
        if (emulator != null) {
            pointAtEmulator(builder);
        }
        return builder;
    }

    /** Points a builder's SageMaker calls at the emulator (endpoint, region, test credentials). */
    public EmbeddedServiceClient.Builder pointAtEmulator(EmbeddedServiceClient.Builder builder) {
        return builder.endpointOverride(URI.create(emulator.endpointUrl()))
                .region(emulator.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLEEMULATOR0", "example-secret-key-for-the-emulator")));
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
