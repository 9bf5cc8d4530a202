package dev.embeddedservice;

import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.InvalidCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

class ClientBuilderTest {

    private static EmbeddedServiceEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static void assertInvalid(EmbeddedServiceClient.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((EmbeddedServiceException) e).retryable()).isFalse());
    }

    @Test
    void settingsAreValidatedAtBuildWithMessagesThatNameTheSetting() {
        assertInvalid(EmbeddedServiceClient.builder().environment(n -> null), "activationConfig or tokenProvider");
        assertInvalid(EmulatorFixture.client(emulator).maxConcurrency(0), "maxConcurrency");
        assertInvalid(EmulatorFixture.client(emulator).maxRecordsPerInvocation(0), "maxRecordsPerInvocation");
        assertInvalid(EmulatorFixture.client(emulator).maxPayloadBytes(10), "maxPayloadBytes");
        assertInvalid(EmulatorFixture.client(emulator).overrideConfiguration(o -> o.deadline(Duration.ZERO)), "deadline");
        assertInvalid(EmulatorFixture.client(emulator).overrideConfiguration(o -> o.attemptTimeout(Duration.ofSeconds(-1))), "attemptTimeout");
        assertInvalid(EmulatorFixture.client(emulator).endpointName("bad name!"), "endpointName");
        assertInvalid(EmulatorFixture.client(emulator).defaultPhoneRegion("XX"), "defaultPhoneRegion");
        assertInvalid(EmulatorFixture.client(emulator).overrideConfiguration(o -> o.retry(null)), "retry");
        assertInvalid(EmulatorFixture.client(emulator).sageMakerClient(SageMakerRuntimeClient.builder()
                .region(Region.US_EAST_1).credentialsProvider(EmulatorFixture.FAKE_AWS).build()), "sageMakerClient");
        assertInvalid(EmulatorFixture.client(emulator).environment(Map.of("EMBEDDED_SERVICE_MAX_CONCURRENCY", "many")::get),
                "EMBEDDED_SERVICE_MAX_CONCURRENCY");
        assertThatThrownBy(() -> RetrySettings.builder().maxAttempts(0).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retry.maxAttempts");
        assertThatThrownBy(() -> CircuitBreakerSettings.builder().failureRateThreshold(0).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("circuitBreaker.failureRateThreshold");
    }

    @Test
    void theTokenIsNeverSentInClearTextToAnotherHost() {
        assertInvalid(EmulatorFixture.client(emulator).endpointOverride(URI.create("http://10.0.0.5:8080")),
                "endpointOverride must use https");
        assertInvalid(EmulatorFixture.client(emulator).endpointOverride(URI.create("http://sagemaker.internal.example")),
                "endpointOverride must use https");
        assertInvalid(EmbeddedServiceClient.builder().activationConfig(EmulatorFixture.activation(emulator))
                .environment(Map.of("EMBEDDED_SERVICE_ENDPOINT_URL", "http://192.168.1.20/")::get),
                "EMBEDDED_SERVICE_ENDPOINT_URL must use https");
        assertInvalid(EmulatorFixture.client(emulator).endpointOverride(URI.create("ftp://example.com")),
                "endpointOverride must be an absolute https URL");
        for (String fine : List.of("https://runtime.sagemaker.us-east-1.amazonaws.com", "http://127.0.0.1:8080",
                "http://localhost:9000", "http://[::1]:9000")) {
            EmulatorFixture.client(emulator).endpointOverride(URI.create(fine)).build().close();
        }
    }

    @Test
    void activationSettingsComeFromTheEnvironmentWhenNotGiven() {
        Map<String, String> env = Map.of(
                "EMBEDDED_SERVICE_ACTIVATION_URL", emulator.activationUrl(),
                "EMBEDDED_SERVICE_PRODUCT_CODE", emulator.productCode(),
                "EMBEDDED_SERVICE_LICENSE_KEY", emulator.licenseKey(),
                "EMBEDDED_SERVICE_ENDPOINT_URL", emulator.endpointUrl(),
                "AWS_REGION", emulator.region(),
                "EMBEDDED_SERVICE_TARGET_NAMESPACE", "from-env");
        try (EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                .credentialsProvider(EmulatorFixture.FAKE_AWS)
                .environment(env::get)
                .build()) {
            Identifier id = Identifier.email("env@example.com");
            TranslateResult r = client.translate(List.of(id)).results().get(0);
            assertThat(Reference.matches(Reference.expected("from-env", id, "US"), r)).isTrue();
        }
    }

    @Test
    void explicitSettingsWinOverTheEnvironmentWhichWinsOverTheActivationConfig() {
        Map<String, String> env = Map.of("EMBEDDED_SERVICE_ENDPOINT_NAME", "no-such-endpoint");
        Identifier id = Identifier.email("precedence@example.com");
        try (EmbeddedServiceClient fromEnv = EmulatorFixture.client(emulator).environment(env::get).build();
             EmbeddedServiceClient explicit = EmulatorFixture.client(emulator).environment(env::get)
                     .endpointName(emulator.endpointName()).build();
             EmbeddedServiceClient fromConfig = EmulatorFixture.client(emulator).build()) {
            TranslateResult viaEnv = fromEnv.translate(List.of(id)).results().get(0);
            assertThat(viaEnv.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(viaEnv.reason().orElseThrow()).contains("ValidationError");
            assertThat(explicit.translate(List.of(id)).results().get(0).status()).isNotEqualTo(RecordStatus.FAILED);
            assertThat(fromConfig.translate(List.of(id)).results().get(0).status()).isNotEqualTo(RecordStatus.FAILED);
        }
    }

    @Test
    void aRefusedActivationStopsTheCallWithATypedException() {
        emulator.activationFailure(ActivationFailure.INVALID_CREDENTIALS);
        try (EmbeddedServiceClient client = EmulatorFixture.client(emulator).build()) {
            assertThatThrownBy(() -> client.translate(EmulatorFixture.distinctEmails(3, "refused")))
                    .isInstanceOf(InvalidCredentialsException.class)
                    .satisfies(e -> assertThat(((EmbeddedServiceException) e).retryable()).isFalse());
            assertThat(client.translateAsync(TranslateRequest.of(EmulatorFixture.distinctEmails(3, "refused"))))
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(InvalidCredentialsException.class);
        } finally {
            emulator.clearActivationFailure();
        }
    }

    @Test
    void aBorrowedSageMakerClientAndTokenProviderAreNotClosed() {
        SageMakerRuntimeClient sageMaker = SageMakerRuntimeClient.builder()
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(EmulatorFixture.FAKE_AWS)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        TokenProvider tokens = ActivationTokenProvider.create(EmulatorFixture.activation(emulator));
        try (sageMaker; tokens) {
            EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                    .tokenProvider(tokens)
                    .sageMakerClient(sageMaker)
                    .endpointName(emulator.endpointName())
                    .environment(n -> null)
                    .build();
            assertThat(client.translate(EmulatorFixture.distinctEmails(5, "borrowed")).summary().failed()).isZero();
            client.close();

            var response = sageMaker.invokeEndpoint(b -> b.endpointName(emulator.endpointName())
                    .contentType("application/json").customAttributes("token=" + tokens.token().value())
                    .body(SdkBytes.fromUtf8String("{\"operation\":\"translate\",\"params\":{\"targetNamespace\":\"x\"},"
                            + "\"records\":[{\"id\":\"0\",\"data\":{\"type\":\"CUSTOM\",\"value\":\"v\"}}]}")));
            assertThat(response.body().asUtf8String()).contains("\"id\":\"0\"");
        }
    }

    @Test
    void closeStopsTheClientsThreadsAndLaterCallsFail() {
        EmbeddedServiceClient client = EmulatorFixture.client(emulator).maxConcurrency(4).build();
        client.translate(EmulatorFixture.distinctEmails(2_500, "threads"));
        assertThat(esvcThreads()).isPositive();

        client.close();
        client.close();

        assertThat(esvcThreads()).isZero();
        assertThatThrownBy(() -> client.translate(EmulatorFixture.distinctEmails(1, "late")))
                .isInstanceOf(EmbeddedServiceException.class).hasMessageContaining("closed");
    }

    private static long esvcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("esvc-")).count();
    }

    @Test
    void toStringShowsNoSecret() {
        try (EmbeddedServiceClient client = EmulatorFixture.client(emulator).build()) {
            assertThat(client.toString()).doesNotContain(emulator.licenseKey());
        }
    }
}
