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
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.FileTokenStore;
import dev.embeddedservice.auth.OAuth2ClientCredentialsTokenProvider;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.StsIdentityProofProvider;
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
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * by {@link NoSecretLeakedTest} at the end of the suite.
 */
class ErrorPathSecretsTest {

    static final String LICENSE_KEY = "esvc-error-path-license-key-0123456789";
    static final String CLIENT_SECRET = "error-path-client-secret-Zq8x7Vb2Kd";
    static final String OPAQUE_TOKEN = "opaque-error-path-token-7c1d9a0b44e1";
    static final String SESSION_TOKEN = "error-path-session-token-FQoGZXIvYXdzEJr";
    private static final String EMAIL = "alice.errorpath@example.com";
    private static final String PHONE = "(202) 555-0143";
    private static final AwsSessionCredentials SESSION = AwsSessionCredentials.create("ASIAERRORPATH0000001",
            "error-path-secret-key-not-used-anywhere", SESSION_TOKEN);

    private static EmbeddedServiceEmulator emulator;
    private static WireMockServer service;

    private final List<String> kept = new ArrayList<>();
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
    }

    static Stream<Arguments> echoingActivationAnswers() {
        // The activation service never receives an identifier, only the key and the identity proof.
        String echo = "key " + LICENSE_KEY + ", session " + SESSION_TOKEN;
        return Stream.of(
                Arguments.of(401, "{\"error\":\"INVALID_CREDENTIALS\",\"message\":\"" + echo + "\"}"),
                Arguments.of(403, "{\"error\":\"SUBSCRIPTION_INACTIVE\",\"message\":\"" + echo + "\"}"),
                Arguments.of(400, "<html>" + echo + "</html>"),
                Arguments.of(429, "{\"error\":\"" + LICENSE_KEY + "\",\"message\":\"" + echo + "\"}"),
                Arguments.of(500, "{\"error\":\"INTERNAL\",\"message\":\"" + echo + "\"}"),
                Arguments.of(302, "{\"message\":\"" + echo + "\"}"),
                Arguments.of(200, "token=" + OPAQUE_TOKEN + " " + echo),
                Arguments.of(200, "{\"token\":{\"value\":\"" + OPAQUE_TOKEN + "\"},\"expiresIn\":3600}"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\\r\\n" + LICENSE_KEY + "\",\"expiresIn\":3600}"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":\"" + LICENSE_KEY + "\"}"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":-1}"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":3600,\"config\":{\"endpointName\":"
                        + "{\"x\":\"" + LICENSE_KEY + "\"},\"region\":\"" + SESSION_TOKEN + "\"}}"),
                Arguments.of(200, "{\"token\":\"" + OPAQUE_TOKEN + "\",\"expiresIn\":3600} " + LICENSE_KEY));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("echoingActivationAnswers")
    void anActivationServiceThatEchoesTheLicenseKeyAndTheIdentityProof(int status, String body) {
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
    }

    // ------------------------------------------------------------------ invocation

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFaultTheEndpointHasTwiceOnTheSameBatch(Fault fault) {
        emulator.faults().script(1, fault).script(2, fault).script(3, fault);
        try (EmbeddedServiceClient client = client(activation(emulator.activationUrl())).build()) {
            translate(client);
        }
    }

    static Stream<Arguments> echoingEndpointAnswers() {
        Function<HostileFront.Exchange, String> echo = x -> "sent " + x.requestHeaders.get(
                "x-amzn-sagemaker-custom-attributes") + " for " + firstValue(x) + " of " + EMAIL + " / " + PHONE;
        return Stream.of(
                Arguments.of("ValidationError", HostileFront.answer(400, "ValidationError",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}")),
                Arguments.of("ThrottlingException", HostileFront.answer(400, "ThrottlingException",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}")),
                Arguments.of("InternalFailure", HostileFront.answer(500, "InternalFailure",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}")),
                Arguments.of("ModelError 400", HostileFront.answer(424, "ModelError", x -> modelError(400,
                        "{\\\"error\\\":\\\"INVALID_BATCH\\\",\\\"message\\\":\\\"" + echo.apply(x) + "\\\"}"))),
                Arguments.of("ModelError 403", HostileFront.answer(424, "ModelError", x -> modelError(403,
                        "{\\\"error\\\":\\\"" + firstValue(x) + "\\\"}"))),
                Arguments.of("ModelError 413", HostileFront.answer(424, "ModelError", x -> modelError(413,
                        "{\\\"error\\\":\\\"LIMIT_EXCEEDED\\\",\\\"maxRecordsPerInvocation\\\":\\\"" + firstValue(x)
                                + "\\\"}"))),
                Arguments.of("ModelError without status", HostileFront.answer(424, "ModelError",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}")),
                Arguments.of("unknown error type", HostileFront.answer(418, "Teapot",
                        x -> "{\"message\":\"" + echo.apply(x) + "\"}")),
                Arguments.of("records INVALID and ERROR echoing", HostileFront.answer(200, null, x -> "{\"results\":["
                        + "{\"id\":\"0\",\"status\":\"INVALID\",\"message\":\"" + echo.apply(x) + "\"},"
                        + "{\"id\":\"1\",\"status\":\"ERROR\",\"message\":\"" + echo.apply(x) + "\"},"
                        + "{\"id\":\"2\",\"status\":\"INVALID\",\"message\":\"" + echo.apply(x) + "\"}]}")),
                Arguments.of("an id that is the record", HostileFront.answer(200, null,
                        x -> "{\"results\":[{\"id\":\"" + firstValue(x) + "\",\"status\":\"OK\"}]}")),
                Arguments.of("a body that is not JSON", HostileFront.answer(200, null, x -> echo.apply(x))),
                Arguments.of("a status that is the record", HostileFront.answer(200, null,
                        x -> "{\"results\":[{\"id\":\"0\",\"status\":\"" + echo.apply(x) + "\"}]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoingEndpointAnswers")
    void anEndpointThatEchoesTheTokenAndTheRecords(String name, HostileFront.Answer answer) throws IOException {
        try (HostileFront front = new HostileFront(emulator.endpointUrl(), body -> true, answer);
             EmbeddedServiceClient client = client(activation(emulator.activationUrl()))
                     .endpointOverride(URI.create(front.url()))
                     .build()) {
            translate(client);
        }
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
            translate(client);
            translate(client);
        }
        // The deadline passes before anything is sent.
        try (EmbeddedServiceClient client = client(activation(emulator.activationUrl()))
                .overrideConfiguration(o -> o.deadline(Duration.ofNanos(1))).build()) {
            translate(client);
        }
        // A closed client.
        EmbeddedServiceClient closed = client(activation(emulator.activationUrl())).build();
        closed.close();
        translate(closed);
    }

    // ------------------------------------------------------------------ other token sources

    static Stream<Arguments> echoingTokenEndpointAnswers() {
        String echo = "client secret " + CLIENT_SECRET + " of error-path-client";
        return Stream.of(
                Arguments.of(401, "{\"error\":\"invalid_client\",\"error_description\":\"" + echo + "\"}"),
                Arguments.of(400, "{\"error\":\"" + CLIENT_SECRET + "\"}"),
                Arguments.of(500, echo),
                Arguments.of(200, "access_token=" + OPAQUE_TOKEN + "&" + echo),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\\n" + CLIENT_SECRET
                        + "\",\"expires_in\":3600}"),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\",\"expires_in\":\"" + CLIENT_SECRET
                        + "\"}"),
                Arguments.of(200, "{\"access_token\":\"" + OPAQUE_TOKEN + "\",\"token_type\":\"" + CLIENT_SECRET
                        + "\"}"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("echoingTokenEndpointAnswers")
    void anOAuth2TokenEndpointThatEchoesTheClientSecret(int status, String body) {
        service.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
        try (OAuth2ClientCredentialsTokenProvider tokens = OAuth2ClientCredentialsTokenProvider.builder()
                .tokenUrl(service.baseUrl() + "/oauth2/token")
                .clientId("error-path-client")
                .clientSecret(CLIENT_SECRET)
                .requestDeadline(Duration.ofSeconds(1))
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
    }

    @Test
    void aTokenStoreFileThatIsDamagedOrUntrustworthy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = FileTokenStore.create(file);
        keep("store", store);
        AuthToken token = AuthToken.of(OPAQUE_TOKEN, Instant.now().plusSeconds(3600), ServiceConfig.empty());
        keep("token", token);
        store.save("activation https://activation.example prod", token);
        keep("loaded", store.load("activation https://activation.example prod"));

        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":" + OPAQUE_TOKEN + " " + EMAIL,
                StandardCharsets.UTF_8);
        keep("load of a corrupt file", store.load("activation https://activation.example prod"));
        Files.writeString(file, "{\"formatVersion\":1,\"tokens\":{\"k\":{\"token\":\"" + OPAQUE_TOKEN
                + "\\r\\n\",\"expiresAt\":\"" + EMAIL + "\"}}}", StandardCharsets.UTF_8);
        keep("load of a bad entry", store.load("k"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        keep("load of a file others may write", store.load("k"));

        // A provider whose activation is refused, with a store of its own.
        service.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withStatus(404)));
        try (ActivationTokenProvider provider = ActivationTokenProvider.builder()
                .activationConfig(activation(service.baseUrl()))
                .tokenStore(FileTokenStore.create(dir.resolve("sub").resolve("other.json")))
                .build()) {
            keep("provider", provider);
            keep("first token", thrown(provider::token));
        }
        Path notAFile = dir.resolve("folder.json");
        Files.createDirectories(notAFile);
        keep("save into a folder", thrown(() -> FileTokenStore.create(notAFile).save("k", token)));
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
            TranslateResponse response = client.translate(List.of(Identifier.email(EMAIL), Identifier.phone(PHONE),
                    Identifier.email("not an email " + EMAIL)));
            keep("response", response);
            response.results().forEach(r -> keep("result", r));
            keep("summary", response.summary());
        }
        // Settings that carry a secret where none belongs.
        keep("license key with CR/LF", thrown(() -> ActivationConfig.builder().activationUrl(emulator.activationUrl())
                .productCode("p").licenseKey(LICENSE_KEY + "\r\nX-Injected: 1").environment(n -> null).build()));
        keep("url with user info", thrown(() -> ActivationConfig.builder()
                .activationUrl("https://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()));
        keep("url with a query", thrown(() -> ActivationConfig.builder()
                .activationUrl("https://activation.example/?key=" + LICENSE_KEY).productCode("p")
                .environment(n -> null).build()));
        keep("url of another scheme", thrown(() -> ActivationConfig.builder()
                .activationUrl("ftp://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()));
        keep("plain http elsewhere", thrown(() -> ActivationConfig.builder()
                .activationUrl("http://user:" + LICENSE_KEY + "@activation.example").productCode("p")
                .environment(n -> null).build()));
        keep("endpoint url with user info", thrown(() -> {
            try (EmbeddedServiceClient c = client(config)
                    .endpointOverride(URI.create("http://user:" + LICENSE_KEY + "@127.0.0.1:9")).build()) {
                translate(c);
            }
        }));
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
        try {
            TranslateResponse response = client.translate(List.of(Identifier.email(EMAIL), Identifier.phone(PHONE),
                    Identifier.maid("6d92078a-8246-4ba4-ae5b-76104861e7dc")));
            keep("response", response);
            response.results().forEach(r -> keep("result", r));
        } catch (RuntimeException e) {
            keep("thrown", e);
        }
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
