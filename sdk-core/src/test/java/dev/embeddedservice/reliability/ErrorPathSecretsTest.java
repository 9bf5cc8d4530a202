package dev.embeddedservice.reliability;

import dev.embeddedservice.Reference;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.embeddedservice.CircuitBreakerSettings;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.FileTokenStore;
import dev.embeddedservice.auth.OAuth2ClientCredentialsTokenProvider;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.StsIdentityProofProvider;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.CircuitBreakerOpenException;
import dev.embeddedservice.exception.DeadlineExceededException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.SubscriptionInactiveException;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Drives every error path the SDK has, against services that echo back the secrets and identifiers
 * they were sent, and keeps what a caller or an operator could see of it: exception messages,
 * {@code toString}s and stack traces, FAILED and INVALID reasons, listener events, and the
 * {@code toString} of every type that holds a secret or an identifier. After each test its own
 * collection is scanned ({@link SecretScanner}); everything, log lines included, is scanned again
 * by {@link NoSecretLeakedTest} at the end of the suite. Each path's behaviour is asserted too: the
 * exception's type, whether it is retryable and what it says, or each result's status and reason.
 */
class ErrorPathSecretsTest {

    static final String LICENSE_KEY = "esvc-error-path-license-key-0123456789";
    static final String CLIENT_SECRET = "error-path-client-secret-Zq8x7Vb2Kd";
    static final String OPAQUE_TOKEN = "opaque-error-path-token-7c1d9a0b44e1";
    static final String SESSION_TOKEN = "error-path-session-token-FQoGZXIvYXdzEJr";
    private static final String EMAIL = "alice.errorpath@example.com";
    private static final String PHONE = "(202) 555-0143";
    private static final List<Identifier> INPUTS = List.of(Identifier.email(EMAIL), Identifier.phone(PHONE),
            Identifier.maid("6d92078a-8246-4ba4-ae5b-76104861e7dc"));
    private static final AwsSessionCredentials SESSION = AwsSessionCredentials.create("ASIAERRORPATH0000001",
            "error-path-secret-key-not-used-anywhere", SESSION_TOKEN);

    private static EmbeddedServiceEmulator emulator;
    private static WireMockServer service;

    private final List<String> kept = new ArrayList<>();
    /** What the last {@link #translate} call returned, or threw. */
    private TranslateResponse response;
    private RuntimeException thrown;
    private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().licenseKey(LICENSE_KEY).faultDelay(Duration.ofMillis(1)).start();
        service = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop();
        emulator.close();
    }

    @AfterEach
    void nothingKeptHoldsASecretOrAnIdentifier() {
        events.forEach(e -> keep("listener event", e));
        assertThat(kept).as("what this test kept").isNotEmpty();
        assertThat(SecretScanner.scan(getClass().getSimpleName(), String.join("\n", kept))).isEmpty();
        emulator.reset();
        service.resetAll();
    }

    // ------------------------------------------------------------------ activation

    @ParameterizedTest
    @EnumSource(ActivationFailure.class)
    void everyWayTheActivationServiceRefuses(ActivationFailure failure) {
        emulator.activationFailure(failure);
        try (EmbeddedServiceClient client = client(activation(emulator.activationUrl())).build()) {
            keep("client", client);
            translate(client);
        }
        switch (failure) {
            case INVALID_REQUEST -> assertThrew(ActivationException.class, false,
                    "The activation service refused the request as invalid: 400");
            case INVALID_CREDENTIALS -> assertThrew(InvalidCredentialsException.class, false,
                    "The activation service refused the credentials: 401");
            case SUBSCRIPTION_INACTIVE -> assertThrew(SubscriptionInactiveException.class, false,
                    "The AWS Marketplace subscription for product prod-4x2kq7 is not active: 403");
            case RATE_LIMITED -> assertThrew(ActivationRateLimitedException.class, true,
                    "The activation service is rate limiting this client: 429");
            case INTERNAL_ERROR -> assertThrew(ActivationException.class, true, "The activation service failed: 500");
            case SERVICE_UNAVAILABLE -> assertThrew(ActivationException.class, true,
                    "The activation service failed: 503");
            case MALFORMED_BODY -> assertThrew(ProtocolViolationException.class, false,
                    "The activation service answered 200 but the body is not valid JSON");
            case MISSING_TOKEN -> assertThrew(ProtocolViolationException.class, false,
                    "The activation service answered 200 without a 'token'");
            case MISSING_EXPIRES_IN -> assertThrew(ProtocolViolationException.class, false,
                    "The activation service answered 200 without 'expiresIn'");
            case NON_POSITIVE_EXPIRES_IN -> assertThrew(ProtocolViolationException.class, false,
                    "The activation service answered 200 with 'expiresIn' = 0;");
            case OVERSIZED_TOKEN -> assertThrew(ProtocolViolationException.class, false,
                    "The activation service issued an unusable token: the token is ");
            case OUTAGE -> assertThrew(ActivationException.class, true, "Could not reach the activation service at ");
        }
    }

    static Stream<Arguments> echoingActivationAnswers() {
        // The activation service never receives an identifier, only the key and the identity proof.
        String echo = "key " + LICENSE_KEY + ", session " + SESSION_TOKEN;
        return Stream.of(
                Arguments.of(401, "{\"error\":\"INVALID_CREDENTIALS\",\"message\":\"" + echo + "\"}",
                        InvalidCredentialsException.class, false, "The activation service refused the credentials: 401"),
                Arguments.of(403, "{\"error\":\"SUBSCRIPTION_INACTIVE\",\"message\":\"" + echo + "\"}",
                        SubscriptionInactiveException.class, false,
                        "The AWS Marketplace subscription for product prod-4x2kq7 is not active: 403"),
                Arguments.of(400, "<html>" + echo + "</html>", ActivationException.class, false,
                        "The activation service refused the request as invalid: 400"),
                Arguments.of(429, "{\"error\":\"" + LICENSE_KEY + "\",\"message\":\"" + echo + "\"}",
                        ActivationRateLimitedException.class, true, "The activation service is rate limiting this client: 429"),
                Arguments.of(500, "{\"error\":\"INTERNAL\",\"message\":\"" + echo + "\"}", ActivationException.class, true,
                        "The activation service failed: 500"),
                Arguments.of(302, "{\"message\":\"" + echo + "\"}", ActivationException.class, false,
                        "The activation service answered 302 (a redirect)"),
                Arguments.of(200, "token=" + OPAQUE_TOKEN + " " + echo, ProtocolViolationException.class, false,
                        "The activation service answered 200 but the body is not valid JSON"),
                Arguments.of(200, "{\"token\":{\"value\":\"" + OPAQUE_TOKEN + "\"},\"expiresIn\":3600}",
                        ProtocolViolationException.class, false,
                        "The activation service answered 200 with a 'token' that is not a string"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\\r\\n" + LICENSE_KEY + "\",\"expiresIn\":3600}",
                        ProtocolViolationException.class, false,
                        "The activation service issued an unusable token: the token contains a carriage return (CR)"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":\"" + LICENSE_KEY + "\"}",
                        ProtocolViolationException.class, false,
                        "The activation service answered 200 with a 'expiresIn' that is not a number"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":-1}",
                        ProtocolViolationException.class, false, "The activation service answered 200 with 'expiresIn' = -1;"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":3600,\"config\":{\"endpointName\":"
                        + "{\"x\":\"" + LICENSE_KEY + "\"},\"region\":\"" + SESSION_TOKEN + "\"}}",
                        ProtocolViolationException.class, false,
                        "The activation service answered 200 but 'config.endpointName' is not a string"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":3600} " + LICENSE_KEY,
                        ProtocolViolationException.class, false,
                        "The activation service answered 200 but the body is not valid JSON"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("echoingActivationAnswers")
    void anActivationServiceThatEchoesTheLicenseKeyAndTheIdentityProof(int status, String body,
            Class<? extends EmbeddedServiceException> type, boolean retryable, String message) {
        service.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", LICENSE_KEY)
                .withHeader("Location", "https://elsewhere.example/?key=" + LICENSE_KEY).withBody(body)));
        ActivationConfig config = activation(service.baseUrl()).toBuilder()
                .identityProof(StsIdentityProofProvider.builder()
                        .credentialsProvider(StaticCredentialsProvider.create(SESSION))
                        .region(Region.US_EAST_1)
                        .build())
                .build();
        keep("activation config with identity proof", config);
        try (EmbeddedServiceClient client = client(config).build()) {
            translate(client);
        }
        assertThrew(type, retryable, message);
    }

    // ------------------------------------------------------------------ invocation

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultTheEndpointHasTwiceOnTheSameBatch(Fault fault) {
        emulator.faults().script(1, fault).script(2, fault).script(3, fault);
        try (EmbeddedServiceClient client = client(activation(emulator.activationUrl())).build()) {
            translate(client);
        }
        switch (fault) {
            case THROTTLING -> assertEveryRecordFailed(true, "throttled by SageMaker (ThrottlingException)", true);
            case MODEL_NOT_READY -> assertEveryRecordFailed(true, "SageMaker ModelNotReadyException (429)", true);
            case SERVICE_UNAVAILABLE -> assertEveryRecordFailed(true, "SageMaker ServiceUnavailable (503)", true);
            case INTERNAL_FAILURE -> assertEveryRecordFailed(true, "SageMaker InternalFailure (500)", true);
            case INTERNAL_DEPENDENCY -> assertEveryRecordFailed(true, "SageMaker InternalDependencyException (530)", true);
            case CONTAINER_500 -> assertEveryRecordFailed(true, "the partner container answered 500 INTERNAL_ERROR", true);
            case CONNECTION_RESET -> assertEveryRecordFailed(true, "InvokeEndpoint failed to complete: SocketException",
                    true);
            case DELAY -> assertEveryRecordAnswered();
            case TRUNCATED_BODY, NON_JSON_BODY -> assertEveryRecordFailed(true,
                    "protocol error: response body is not valid JSON", true);
            case MISSING_RESULT -> assertEveryRecordFailed(true, "protocol error: response is missing 1 of 3 record ids",
                    true);
            case DUPLICATE_RESULT -> assertEveryRecordFailed(true, "protocol error: a result id appears more than once",
                    true);
            case UNKNOWN_RESULT_ID -> assertEveryRecordFailed(true,
                    "protocol error: a result has an id that was not sent in this batch", true);
            case TOKEN_REVOKED, ALL_TOKENS_REVOKED -> assertEveryRecordFailed(true, "the endpoint refused a freshly "
                    + "activated token (401) right after refusing the one before: the refusal persists (after 2 attempts)",
                    false);
            case RECORD_ERROR -> {
                // One record answered ERROR, and ERROR again when sent once more: it fails; the others are answered.
                assertThat(thrown).as("thrown").isNull();
                List<TranslateResult> failed = response.results().stream()
                        .filter(r -> r.status() == RecordStatus.FAILED).toList();
                assertThat(failed).singleElement().satisfies(r -> {
                    assertThat(r.retryable()).isTrue();
                    assertThat(r.reason()).hasValue("the service could not process the record: transient error, the "
                            + "record may be retried");
                });
                for (int i = 0; i < INPUTS.size(); i++) {
                    TranslateResult r = response.results().get(i);
                    if (r.status() != RecordStatus.FAILED) {
                        assertThat(Reference.matches(Reference.expected("default", INPUTS.get(i), "US"), r)).isTrue();
                    }
                }
            }
        }
    }

    static Stream<Arguments> echoingEndpointAnswers() {
        Function<HostileFront.Exchange, String> echo = x -> "sent " + x.requestHeaders.get(
                "x-amzn-sagemaker-custom-attributes") + " for " + firstValue(x) + " of " + EMAIL + " / " + PHONE;
        return Stream.of(
                Arguments.of("ValidationError", HostileFront.answer(400, "ValidationError",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}"),
                        failedWith(false, "request refused by SageMaker (ValidationError): ", false)),
                Arguments.of("ThrottlingException", HostileFront.answer(400, "ThrottlingException",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}"),
                        failedWith(true, "throttled by SageMaker (ThrottlingException)", true)),
                Arguments.of("InternalFailure", HostileFront.answer(500, "InternalFailure",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}"),
                        failedWith(true, "SageMaker InternalFailure (500)", true)),
                Arguments.of("ModelError 400", HostileFront.answer(424, "ModelError", x -> modelError(400,
                        "{\\\"error\\\":\\\"INVALID_BATCH\\\",\\\"message\\\":\\\"" + echo.apply(x) + "\\\"}")),
                        failedWith(false, "the partner container answered 400 INVALID_BATCH", false)),
                Arguments.of("ModelError 403", HostileFront.answer(424, "ModelError", x -> modelError(403,
                        "{\\\"error\\\":\\\"" + firstValue(x) + "\\\"}")),
                        failedWith(false, "the partner container answered 403", false)),
                Arguments.of("ModelError 413", HostileFront.answer(424, "ModelError", x -> modelError(413,
                        "{\\\"error\\\":\\\"LIMIT_EXCEEDED\\\",\\\"maxRecordsPerInvocation\\\":\\\"" + firstValue(x)
                                + "\\\"}")),
                        failedWith(false, "the partner refused the batch as too large (413) although it is within the "
                                + "limit it states", false)),
                Arguments.of("ModelError without status", HostileFront.answer(424, "ModelError",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}"),
                        failedWith(true, "the partner container answered an error: ", true)),
                Arguments.of("unknown error type", HostileFront.answer(418, "Teapot",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}"),
                        failedWith(false, "request refused by SageMaker (Teapot, 418): ", false)),
                Arguments.of("records INVALID and ERROR echoing", HostileFront.answer(200, null, x -> "{\"results\":["
                        + "{\"id\":\"0\",\"status\":\"INVALID\",\"message\":\"" + echo.apply(x) + "\"},"
                        + "{\"id\":\"1\",\"status\":\"ERROR\",\"message\":\"" + echo.apply(x) + "\"},"
                        + "{\"id\":\"2\",\"status\":\"INVALID\",\"message\":\"" + echo.apply(x) + "\"}]}"),
                        invalidAroundAFailure()),
                Arguments.of("an id that is the record", HostileFront.answer(200, null,
                        x -> "{\"results\":[{\"id\":\"" + firstValue(x) + "\",\"status\":\"OK\"}]}"),
                        failedWith(true, "protocol error: a result has an id that was not sent in this batch", true)),
                Arguments.of("a body that is not JSON", HostileFront.answer(200, null, x -> echo.apply(x)),
                        failedWith(true, "protocol error: response body is not valid JSON", true)),
                Arguments.of("a status that is the record", HostileFront.answer(200, null,
                        x -> "{\"results\":[{\"id\":\"0\",\"status\":\"" + echo.apply(x) + "\"}]}"),
                        failedWith(true, "protocol error: a result has an unknown status", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoingEndpointAnswers")
    void anEndpointThatEchoesTheTokenAndTheRecords(String name, HostileFront.Answer answer,
            Consumer<ErrorPathSecretsTest> expected) throws IOException {
        try (HostileFront front = new HostileFront(emulator.endpointUrl(), body -> true, answer);
             EmbeddedServiceClient client = client(activation(emulator.activationUrl()))
                     .endpointOverride(URI.create(front.url()))
                     .build()) {
            translate(client);
        }
        expected.accept(this);
    }

    @Test
    void callsThatCannotRunAtAll() throws IOException {
        // The circuit opens after every call fails; the next call is refused without a request.
        try (HostileFront front = new HostileFront(emulator.endpointUrl(), body -> true,
                HostileFront.answer(503, "ServiceUnavailable", x -> "{\"message\":\"" + firstValue(x) + "\"}"));
             EmbeddedServiceClient client = client(activation(emulator.activationUrl()))
                     .endpointOverride(URI.create(front.url()))
                     .overrideConfiguration(o -> o.circuitBreaker(CircuitBreakerSettings.builder().minimumCalls(2).slidingWindowSize(2).build()))
                     .build()) {
            translate(client);
            assertEveryRecordFailed(true, "SageMaker ServiceUnavailable (503)", true);
            translate(client);
            assertThrew(CircuitBreakerOpenException.class, true, "the circuit breaker is open after repeated endpoint "
                    + "failures; no batch was sent");
            translate(client);
            assertThrew(CircuitBreakerOpenException.class, true, "the circuit breaker is open");
        }
        // The deadline passes before anything is sent.
        try (EmbeddedServiceClient client = client(activation(emulator.activationUrl()))
                .overrideConfiguration(o -> o.deadline(Duration.ofNanos(1))).build()) {
            translate(client);
        }
        assertThrew(DeadlineExceededException.class, true, "the deadline of PT0.000000001S passed before any batch "
                + "was sent");
        // A closed client.
        EmbeddedServiceClient closed = client(activation(emulator.activationUrl())).build();
        closed.close();
        translate(closed);
        assertThrew(EmbeddedServiceException.class, false, "the client is closed");
    }

    // ------------------------------------------------------------------ other token sources

    static Stream<Arguments> echoingTokenEndpointAnswers() {
        String echo = "client secret " + CLIENT_SECRET + " of error-path-client";
        return Stream.of(
                Arguments.of(401, "{\"error\":\"invalid_client\",\"error_description\":\"" + echo + "\"}",
                        InvalidCredentialsException.class, false,
                        "The OAuth 2.0 token endpoint refused the client credentials: "),
                Arguments.of(400, "{\"error\":\"" + CLIENT_SECRET + "\"}", ActivationException.class, false,
                        "The OAuth 2.0 token endpoint refused the request: 400"),
                Arguments.of(500, echo, ActivationException.class, true, "The OAuth 2.0 token endpoint failed: 500"),
                Arguments.of(200, "access_token=" + OPAQUE_TOKEN + "&" + echo, ProtocolViolationException.class, false,
                        "The OAuth 2.0 token endpoint answered 200 but the body is not valid JSON"),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\\n" + CLIENT_SECRET
                        + "\",\"expires_in\":3600}", ProtocolViolationException.class, false,
                        "The OAuth 2.0 token endpoint issued an unusable token: the token contains a line feed (LF)"),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\",\"expires_in\":\"" + CLIENT_SECRET
                        + "\"}", ProtocolViolationException.class, false,
                        "The OAuth 2.0 token endpoint answered 200 with a 'expires_in' that is not a number"),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\",\"token_type\":\"" + CLIENT_SECRET
                        + "\"}", ProtocolViolationException.class, false,
                        "The OAuth 2.0 token endpoint issued a token whose token_type is not Bearer"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("echoingTokenEndpointAnswers")
    void anOAuth2TokenEndpointThatEchoesTheClientSecret(int status, String body,
            Class<? extends EmbeddedServiceException> type, boolean retryable, String message) {
        service.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        try (OAuth2ClientCredentialsTokenProvider tokens = OAuth2ClientCredentialsTokenProvider.builder()
                .tokenUrl(service.baseUrl() + "/oauth2/token")
                .clientId("error-path-client")
                .clientSecret(CLIENT_SECRET)
                .requestDeadline(Duration.ofSeconds(3))
                .build();
             EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                     .tokenProvider(tokens)
                     .endpointOverride(URI.create(emulator.endpointUrl()))
                     .endpointName(emulator.endpointName())
                     .region(emulator.region())
                     .credentialsProvider(StaticCredentialsProvider.create(SESSION))
                     .overrideConfiguration(o -> o.retry(RetrySettings.none()))
                     .environment(name -> null)
                     .build()) {
            keep("oauth2 provider", tokens);
            translate(client);
        }
        assertThrew(type, retryable, message);
    }

    @Test
    void aTokenStoreFileThatIsDamagedOrUntrustworthy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = FileTokenStore.create(file);
        keep("store", store);
        AuthToken token = AuthToken.of(OPAQUE_TOKEN, Instant.now().plusSeconds(3600), ServiceConfig.empty());
        keep("token", token);
        store.save("activation https://activation.example prod", token);
        Optional<AuthToken> loaded = store.load("activation https://activation.example prod");
        keep("loaded", loaded);
        assertThat(loaded).hasValue(token);

        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":" + OPAQUE_TOKEN + " " + EMAIL,
                StandardCharsets.UTF_8);
        Optional<AuthToken> corrupt = store.load("activation https://activation.example prod");
        keep("load of a corrupt file", corrupt);
        assertThat(corrupt).isEmpty();
        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":{\"k\":{\"token\":\"" + OPAQUE_TOKEN
                + "\\r\\n\",\"expiresAt\":\"" + EMAIL + "\"}}}", StandardCharsets.UTF_8);
        Optional<AuthToken> badEntry = store.load("k");
        keep("load of a bad entry", badEntry);
        assertThat(badEntry).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Optional<AuthToken> othersMayWrite = store.load("k");
        keep("load of a file others may write", othersMayWrite);
        assertThat(othersMayWrite).isEmpty();

        // A provider whose activation is refused, with a store of its own.
        service.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withStatus(404)));
        try (ActivationTokenProvider provider = ActivationTokenProvider.builder()
                .activationConfig(activation(service.baseUrl()))
                .tokenStore(FileTokenStore.create(dir.resolve("sub").resolve("other.json")))
                .build()) {
            keep("provider", provider);
            Object first = thrown(provider::token);
            keep("first token", first);
            assertThat(first).isInstanceOfSatisfying(TokenUnavailableException.class, e -> assertThat(e.getMessage())
                    .contains("the last attempt to get one failed: The activation service has no /v1/activate: 404"));
        }
        Path notAFile = dir.resolve("folder.json");
        Files.createDirectories(notAFile);
        Object intoAFolder = thrown(() -> FileTokenStore.create(notAFile).save("k", token));
        keep("save into a folder", intoAFolder);
        assertThat(intoAFolder).isExactlyInstanceOf(EmbeddedServiceException.class);
        assertThat(((Exception) intoAFolder).getMessage()).startsWith("Could not save the token to ");
    }

    // ------------------------------------------------------------------ strings

    @Test
    void theStringsOfEverythingThatHoldsASecretOrAnIdentifier() {
        keep("email", Identifier.email(EMAIL));
        keep("phone", Identifier.phone(PHONE));
        keep("hashed email", Identifier.emailSha256(Reference.sha256(EMAIL)));
        keep("request", TranslateRequest.builder()
                .identifiers(List.of(Identifier.email(EMAIL), Identifier.phone(PHONE)))
                .targetNamespace("ns").build());
        keep("token", AuthToken.of(OPAQUE_TOKEN, Instant.now().plusSeconds(60), ServiceConfig.empty()));
        ActivationConfig config = activation(emulator.activationUrl());
        keep("activation config", config);
        StsIdentityProofProvider proofs = StsIdentityProofProvider.builder()
                .credentialsProvider(StaticCredentialsProvider.create(SESSION)).region(Region.US_EAST_1).build();
        keep("identity proof provider", proofs);
        keep("identity proof", proofs.identityProof("prod-4x2kq7"));
        try (EmbeddedServiceClient client = client(config).build()) {
            keep("client", client);
            TranslateResponse r = client.translate(List.of(Identifier.email(EMAIL), Identifier.phone(PHONE),
                    Identifier.email("not an email " + EMAIL)));
            keep("response", r);
            r.results().forEach(result -> keep("result", result));
            keep("summary", r.summary());
            assertThat(Reference.matches(Reference.expected("default", Identifier.email(EMAIL), "US"), r.results().get(0)))
                    .isTrue();
            assertThat(Reference.matches(Reference.expected("default", Identifier.phone(PHONE), "US"), r.results().get(1)))
                    .isTrue();
            assertThat(r.results().get(2).status()).isEqualTo(RecordStatus.INVALID);
        }
        // Settings that carry a secret where none belongs.
        assertRefused("license key with CR/LF", thrown(() -> ActivationConfig.builder().activationUrl(emulator.activationUrl())
                .productCode("p").licenseKey(LICENSE_KEY + "\r\nX-Injected: 1").environment(n -> null).build()),
                "licenseKey must be visible US-ASCII without spaces");
        assertRefused("url with user info", thrown(() -> ActivationConfig.builder()
                .activationUrl("https://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()),
                "activationUrl must not carry user info, a query or a fragment");
        assertRefused("url with a query", thrown(() -> ActivationConfig.builder()
                .activationUrl("https://activation.example/?key=" + LICENSE_KEY).productCode("p")
                .environment(n -> null).build()),
                "activationUrl must not carry user info, a query or a fragment");
        assertRefused("url of another scheme", thrown(() -> ActivationConfig.builder()
                .activationUrl("ftp://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()),
                "activationUrl must be an absolute https URL with a host");
        assertRefused("plain http elsewhere", thrown(() -> ActivationConfig.builder()
                .activationUrl("http://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()),
                "activationUrl must not carry user info, a query or a fragment");
        assertRefused("endpoint url with user info", thrown(() -> {
            try (EmbeddedServiceClient c = client(config)
                    .endpointOverride(URI.create("http://user:" + LICENSE_KEY + "@127.0.0.1:9")).build()) {
                translate(c);
            }
        }), "endpointOverride must not carry user info, a query or a fragment");
    }

    // ------------------------------------------------------------------ helpers

    private static ActivationConfig activation(String url) {
        return ActivationConfig.builder()
                .activationUrl(url)
                .productCode(emulator.productCode())
                .licenseKey(LICENSE_KEY)
                .activationDeadline(Duration.ofSeconds(1))
                .environment(name -> null)
                .build();
    }

    private EmbeddedServiceClient.Builder client(ActivationConfig config) {
        return EmbeddedServiceClient.builder()
                .activationConfig(config)
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(emulator.region())
                .credentialsProvider(StaticCredentialsProvider.create(SESSION))
                .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(2)).build()))
                .overrideConfiguration(o -> o.attemptTimeout(Duration.ofSeconds(5)))
                .listener(new EmbeddedServiceListener() {
                    @Override
                    public void invocationCompleted(InvocationEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void retryScheduled(RetryEvent event) {
                        events.add(event);
                    }
                })
                .environment(name -> null);
    }

    /** Translates an email, a phone and a MAID, keeping the results or what the call threw. */
    private void translate(EmbeddedServiceClient client) {
        response = null;
        thrown = null;
        try {
            response = client.translate(INPUTS);
            keep("response", response);
            response.results().forEach(r -> keep("result", r));
        } catch (RuntimeException e) {
            thrown = e;
            keep("thrown", e);
        }
    }

    /** The last call threw exactly {@code type}, retryable or not, with a message that starts so. */
    private void assertThrew(Class<? extends EmbeddedServiceException> type, boolean retryable, String message) {
        assertThat(response).as("the response of a call that should have thrown").isNull();
        assertThat(thrown).isExactlyInstanceOf(type);
        assertThat(((EmbeddedServiceException) thrown).retryable()).as("retryable").isEqualTo(retryable);
        assertThat(thrown.getMessage()).startsWith(message);
    }

    /** Every record of the last call FAILED, retryable or not, with a reason that starts so. */
    private void assertEveryRecordFailed(boolean retryable, String reason, boolean afterTwoAttempts) {
        assertThat(thrown).as("thrown").isNull();
        assertThat(response.results()).hasSize(INPUTS.size()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RecordStatus.FAILED);
            assertThat(r.retryable()).as("retryable").isEqualTo(retryable);
            assertThat(r.reason().orElseThrow()).startsWith(reason);
            if (afterTwoAttempts) {
                assertThat(r.reason().orElseThrow()).endsWith("(after 2 attempts)");
            }
        });
        assertThat(response.summary().failed()).isEqualTo(INPUTS.size());
    }

    private void assertEveryRecordAnswered() {
        assertThat(thrown).as("thrown").isNull();
        for (int i = 0; i < INPUTS.size(); i++) {
            assertThat(Reference.matches(Reference.expected("default", INPUTS.get(i), "US"), response.results().get(i)))
                    .as("input %d", i).isTrue();
        }
    }

    private static Consumer<ErrorPathSecretsTest> failedWith(boolean retryable, String reason, boolean afterTwoAttempts) {
        return test -> test.assertEveryRecordFailed(retryable, reason, afterTwoAttempts);
    }

    /** Records 0 and 2 refused as the service said; record 1, answered ERROR, met a protocol error when sent again. */
    private static Consumer<ErrorPathSecretsTest> invalidAroundAFailure() {
        return test -> {
            assertThat(test.thrown).as("thrown").isNull();
            List<TranslateResult> results = test.response.results();
            for (int i : new int[] {0, 2}) {
                assertThat(results.get(i).status()).isEqualTo(RecordStatus.INVALID);
                assertThat(results.get(i).reason().orElseThrow()).startsWith("refused by the service: ");
            }
            assertThat(results.get(1).status()).isEqualTo(RecordStatus.FAILED);
            assertThat(results.get(1).retryable()).isTrue();
            assertThat(results.get(1).reason().orElseThrow())
                    .startsWith("protocol error: a result has an id that was not sent in this batch");
        };
    }

    /** Keeps what building a setting threw, which must be an InvalidConfigurationException saying so. */
    private void assertRefused(String what, Object thrownByBuild, String message) {
        keep(what, thrownByBuild);
        assertThat(thrownByBuild).as(what).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.getMessage()).startsWith(message));
    }

    private void keep(String what, Object value) {
        String text = value instanceof Throwable t ? LeakScan.describe(t) : String.valueOf(value);
        kept.add(what + ": " + text);
        LeakScan.append(LeakScan.ERROR_PATHS, "--- " + getClass().getSimpleName() + ": " + what + "\n" + text);
    }

    private static Object thrown(ThrowingRunnable code) {
        try {
            code.run();
            return "nothing thrown";
        } catch (Exception e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The value of the first record of the request (a hashed identifier). */
    private static String firstValue(HostileFront.Exchange x) {
        int at = x.requestBody.indexOf("\"value\":\"") + 9;
        return x.requestBody.substring(at, x.requestBody.indexOf('"', at));
    }

    private static String modelError(int originalStatus, String escapedOriginalMessage) {
        return "{\"message\":\"Received client error (" + originalStatus + ") from primary\",\"OriginalStatusCode\":"
                + originalStatus + ",\"OriginalMessage\":\"" + escapedOriginalMessage + "\",\"LogStreamArn\":\"arn\"}";
    }
}
