package dev.embeddedservice.examples;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the examples find the embedded service: the real one when
 * {@code EMBEDDED_SERVICE_ACTIVATION_URL} is set (with {@code EMBEDDED_SERVICE_PRODUCT_CODE},
 * {@code EMBEDDED_SERVICE_LICENSE_KEY}, and AWS credentials and region from the usual AWS chains),
 * otherwise the testkit's emulator, started in process, so every example runs on a fresh machine.
 *
 * <p>The emulator it starts checks SigV4 signatures for real, against the test credentials
 * {@link #EMULATOR_CREDENTIALS} (and against credentials its STS issues), as SageMaker checks
 * yours.
 *
 * <pre>{@code
 * try (ExampleService service = ExampleService.fromEnvironmentOrEmulator();
 *      EmbeddedServiceClient client = service.clientBuilder().build()) {
 *     client.translate(List.of(Identifier.email("alice@example.com")));
 * }
 * }</pre>
 */
public final class ExampleService implements AutoCloseable {

    /** The test AWS credentials the examples sign with on the emulator. Not real credentials. */
    public static final AwsBasicCredentials EMULATOR_CREDENTIALS =
            AwsBasicCredentials.create("AKIDEXAMPLEEMULATOR0", "example-secret-key-for-the-emulator");

    private final EmbeddedServiceEmulator emulator;

    private ExampleService(EmbeddedServiceEmulator emulator) {
        this.emulator = emulator;
    }

    /** The real service if the environment names one, else a new emulator (see {@link #startEmulator()}). */
    public static ExampleService fromEnvironmentOrEmulator() {
        String url = System.getenv(ActivationConfig.ENV_ACTIVATION_URL);
        return new ExampleService(url == null || url.isBlank() ? startEmulator() : null);
    }

    /**
     * Starts an emulator that verifies SigV4 signatures against {@link #EMULATOR_CREDENTIALS} and
     * the credentials its STS issues; activation needs no identity proof. The caller closes it.
     */
    public static EmbeddedServiceEmulator startEmulator() {
        return EmbeddedServiceEmulator.builder()
                .awsCredentials(EMULATOR_CREDENTIALS)
                .requireIdentityProof(false)
                .start();
    }

    /** Runs on this emulator (the examples' tests use it). Closing the service closes the emulator. */
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
     * The AWS credentials the application itself has: on the emulator its test credentials, on
     * the real service the AWS SDK's default chain (environment, profile, container or instance
     * role, ...).
     */
    public AwsCredentialsProvider awsCredentials() {
        return emulator == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(EMULATOR_CREDENTIALS);
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
                .credentialsProvider(StaticCredentialsProvider.create(EMULATOR_CREDENTIALS));
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
