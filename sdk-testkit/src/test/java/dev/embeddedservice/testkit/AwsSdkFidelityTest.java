package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalDependencyException;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The real AWS SDK for Java v2 {@link SageMakerRuntimeClient}, pointed at the emulator with fake static credentials,
 * gets the modelled answers and exceptions (protocol §2–§3).
 */
class AwsSdkFidelityTest {

    static final AwsBasicCredentials FAKE = AwsBasicCredentials.create("AKIDFAKE000000000001", "fake-secret-for-tests");

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    private SageMakerRuntimeClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    static SageMakerRuntimeClient client(EmbeddedServiceEmulator emulator, AwsBasicCredentials credentials, boolean retries) {
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials));
        if (!retries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        return builder.build();
    }

    static InvokeEndpointResponse invoke(SageMakerRuntimeClient client, EmbeddedServiceEmulator emulator, String token,
                                         byte[] body) {
        return client.invokeEndpoint(request(emulator, token, body));
    }

    static Consumer<InvokeEndpointRequest.Builder> request(EmbeddedServiceEmulator emulator, String token, byte[] body) {
        return r -> r.endpointName(emulator.endpointName())
                .contentType("application/json")
                .accept("application/json")
                .customAttributes("token=" + token)
                .inferenceId(UUID.randomUUID().toString())
                .body(SdkBytes.fromByteArray(body));
    }

    private static byte[] batch(int n) {
        return TestRecords.batch(TestRecords.valid(n, n)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_valid_call_returns_every_result_and_no_metering_header() throws Exception {
        client = client(emulator.emulator(), FAKE, false);

        InvokeEndpointResponse response = invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(100));

        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
        JsonNode body = RawHttp.MAPPER.readTree(response.body().asByteArray());
        assertThat(body.get("results")).hasSize(100);
        assertThat(response.sdkHttpResponse().headers().keySet())
                .noneMatch(h -> h.equalsIgnoreCase("X-Amzn-Inference-Metering"));
        InvocationRecord record = emulator.journal().invocations().get(0);
        assertThat(record.records()).isEqualTo(100);
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.inferenceId()).isNotBlank();
        assertThat(emulator.journal().lastInvocationHeaders().get("authorization").get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + FAKE.accessKeyId() + "/");
    }

    @Test
    void a_bad_token_gives_model_error_exception_with_original_status_code_401() {
        client = client(emulator.emulator(), FAKE, true);

        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> invoke(client, emulator.emulator(), "bad-token", batch(1)));

        assertThat(e.originalStatusCode()).isEqualTo(401);
        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ModelError");
        assertThat(e.originalMessage()).contains("TOKEN_INVALID");
        assertThat(e.logStreamArn()).isEqualTo("arn:aws:logs:us-east-1:" + emulator.emulator().accountId()
                + ":log-group:/aws/sagemaker/Endpoints/" + emulator.endpointName());
        assertThat(e.getMessage()).contains("Received client error (401)");
        assertThat(e.retryable()).isFalse();
        assertThat(emulator.journal().invocationCount()).as("a ModelError is not retried by the SDK").isEqualTo(1);
    }

    @Test
    void a_batch_over_the_container_limit_gives_model_error_413_with_the_limit() throws Exception {
        client = client(emulator.emulator(), FAKE, true);
        emulator.emulator().containerMaxRecords(50);

        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(51)));

        assertThat(e.originalStatusCode()).isEqualTo(413);
        JsonNode original = RawHttp.MAPPER.readTree(e.originalMessage());
        assertThat(original.get("error").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(original.get("maxRecordsPerInvocation").asInt()).isEqualTo(50);
    }

    @Test
    void an_oversized_payload_gives_validation_error_exception() {
        client = client(emulator.emulator(), FAKE, true);
        byte[] body = new byte[6_291_457];
        Arrays.fill(body, (byte) ' ');

        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> invoke(client, emulator.emulator(), emulator.emulator().issueToken(), body));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(emulator.journal().invocations().get(0).errorType()).isEqualTo("ValidationError");
    }

    @Test
    void a_payload_of_exactly_the_limit_passes_validation() {
        try (EmbeddedServiceEmulator small = EmbeddedServiceEmulator.builder().maxPayloadBytes(2_000).start()) {
            client = client(small, FAKE, false);
            String batch = TestRecords.batch(TestRecords.valid(5, 1));
            byte[] exact = (batch + " ".repeat(2_000 - batch.length())).getBytes(StandardCharsets.US_ASCII);
            byte[] over = (batch + " ".repeat(2_001 - batch.length())).getBytes(StandardCharsets.US_ASCII);
            String token = small.issueToken();

            assertThat(invoke(client, small, token, exact).body().asUtf8String()).contains("results");
            assertThat(catchThrowableOfType(ValidationErrorException.class, () -> invoke(client, small, token, over)))
                    .isNotNull();
        }
    }

    @Test
    void custom_attributes_over_1024_characters_give_validation_error_exception() {
        client = client(emulator.emulator(), FAKE, true);

        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> invoke(client, emulator.emulator(), "x".repeat(1019), batch(1)));

        assertThat(e.getMessage()).contains("customAttributes");
    }

    @Test
    void custom_attributes_of_exactly_1024_characters_reach_the_container() {
        client = client(emulator.emulator(), FAKE, true);

        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> invoke(client, emulator.emulator(), "x".repeat(1018), batch(1)));

        assertThat(e.originalStatusCode()).isEqualTo(401);
        assertThat(emulator.journal().invocations().get(0).customAttributesLength()).isEqualTo(1024);
    }

    @Test
    void an_unknown_endpoint_gives_validation_error_exception() {
        client = client(emulator.emulator(), FAKE, true);

        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> client.invokeEndpoint(request(emulator.emulator(), "t", batch(1)).andThen(r -> r.endpointName("nope"))));

        assertThat(e.getMessage()).contains("Endpoint nope of account");
    }

    @Test
    void throttling_is_classified_as_throttling_by_the_sdk() {
        client = client(emulator.emulator(), FAKE, false);
        emulator.faults().script(1, Fault.THROTTLING);

        AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                () -> invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(1)));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.isThrottlingException()).isTrue();
        assertThat(RetryUtils.isThrottlingException(e)).isTrue();
    }

    @Test
    void the_sdk_retries_a_throttled_call_by_itself_and_succeeds() {
        client = client(emulator.emulator(), FAKE, true);
        emulator.faults().script(1, Fault.THROTTLING);

        InvokeEndpointResponse response = invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(3));

        assertThat(response.body().asUtf8String()).contains("results");
        List<InvocationRecord> calls = emulator.journal().invocations();
        assertThat(calls).extracting(InvocationRecord::fault).containsExactly(Fault.THROTTLING, null);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"MODEL_NOT_READY", "SERVICE_UNAVAILABLE", "INTERNAL_FAILURE",
            "INTERNAL_DEPENDENCY", "CONTAINER_500"})
    void each_sagemaker_error_maps_to_its_modelled_sdk_exception(Fault fault) {
        client = client(emulator.emulator(), FAKE, false);
        emulator.faults().script(1, fault);

        SdkException e = catchThrowableOfType(SdkException.class,
                () -> invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(1)));

        Class<?> expected = switch (fault) {
            case MODEL_NOT_READY -> ModelNotReadyException.class;
            case SERVICE_UNAVAILABLE -> ServiceUnavailableException.class;
            case INTERNAL_FAILURE -> InternalFailureException.class;
            case INTERNAL_DEPENDENCY -> InternalDependencyException.class;
            default -> ModelErrorException.class;
        };
        int status = switch (fault) {
            case MODEL_NOT_READY -> 429;
            case SERVICE_UNAVAILABLE -> 503;
            case INTERNAL_FAILURE -> 500;
            case INTERNAL_DEPENDENCY -> 530;
            default -> 424;
        };
        assertThat(e).isInstanceOf(expected);
        assertThat(((AwsServiceException) e).statusCode()).isEqualTo(status);
        if (fault == Fault.CONTAINER_500) {
            assertThat(((ModelErrorException) e).originalStatusCode()).isEqualTo(500);
        }
    }

    @Test
    void a_connection_reset_is_an_sdk_client_exception_caused_by_an_io_exception() {
        client = client(emulator.emulator(), FAKE, false);
        emulator.faults().script(1, Fault.CONNECTION_RESET);

        SdkClientException e = catchThrowableOfType(SdkClientException.class,
                () -> invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(1)));

        assertThat(e).hasRootCauseInstanceOf(IOException.class);
        assertThat(emulator.journal().invocations().get(0).httpStatus()).isZero();
        assertThat(emulator.journal().invocations().get(0).fault()).isEqualTo(Fault.CONNECTION_RESET);
    }

    @Test
    void the_sdk_retries_a_reset_connection_by_itself_and_succeeds() {
        client = client(emulator.emulator(), FAKE, true);
        emulator.faults().script(1, Fault.CONNECTION_RESET);

        InvokeEndpointResponse response = invoke(client, emulator.emulator(), emulator.emulator().issueToken(), batch(2));

        assertThat(response.body().asUtf8String()).contains("results");
        assertThat(emulator.journal().invocations()).extracting(InvocationRecord::fault)
                .containsExactly(Fault.CONNECTION_RESET, null);
    }

    @Test
    void with_test_credentials_the_sdk_signature_is_verified_and_accepted() {
        try (EmbeddedServiceEmulator verifying = EmbeddedServiceEmulator.builder().awsCredentials(FAKE).start()) {
            client = client(verifying, FAKE, false);

            InvokeEndpointResponse response = invoke(client, verifying, verifying.issueToken(), batch(10));

            assertThat(response.body().asUtf8String()).contains("results");
        }
    }

    @Test
    void with_test_credentials_a_signature_by_another_secret_is_rejected() {
        try (EmbeddedServiceEmulator verifying = EmbeddedServiceEmulator.builder().awsCredentials(FAKE).start()) {
            client = client(verifying, AwsBasicCredentials.create(FAKE.accessKeyId(), "wrong-secret"), false);

            AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                    () -> invoke(client, verifying, verifying.issueToken(), batch(1)));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(verifying.journal().billedUnits()).isZero();
        }
    }

    @Test
    void with_test_credentials_an_unknown_access_key_is_rejected() {
        try (EmbeddedServiceEmulator verifying = EmbeddedServiceEmulator.builder().awsCredentials(FAKE).start()) {
            client = client(verifying, AwsBasicCredentials.create("AKIDUNKNOWN000000000", FAKE.secretAccessKey()), false);

            AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                    () -> invoke(client, verifying, verifying.issueToken(), batch(1)));

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        }
    }

    @Test
    void a_signature_scoped_to_another_region_is_rejected() {
        try (EmbeddedServiceEmulator euWest = EmbeddedServiceEmulator.builder().region("eu-west-1").start()) {
            client = SageMakerRuntimeClient.builder()
                    .endpointOverride(URI.create(euWest.endpointUrl()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(FAKE))
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();

            AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                    () -> invoke(client, euWest, euWest.issueToken(), batch(1)));

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.getMessage()).contains("eu-west-1");
        }
    }
}
