package dev.embeddedservice.auth.internal;

import static dev.embeddedservice.auth.ActivationServer.LICENSE_KEY;
import static dev.embeddedservice.auth.ActivationServer.PRODUCT_CODE;
import static dev.embeddedservice.auth.ActivationServer.error;
import static dev.embeddedservice.auth.ActivationServer.json;
import static dev.embeddedservice.auth.ActivationServer.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.SubscriptionInactiveException;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationServer;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.CapturedLogs;
import dev.embeddedservice.auth.IdentityProof;
import dev.embeddedservice.auth.MutableClock;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.Thrown;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The activation client against a real HTTP server on loopback: protocol §1, row by row. */
class ActivationClientTest {

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    /** The jitter of the retry backoff; real randomness unless a test pins it. */
    private DoubleSupplier random = Backoff.THREAD_LOCAL_RANDOM;
    private ActivationServer server;
    private HttpClientFactory.Lease http;

    @BeforeEach
    void start() throws IOException {
        CapturedLogs.clear();
        server = new ActivationServer(clock);
    }

    @AfterEach
    void stop() {
        server.close();
        if (http != null) {
            http.close();
        }
        assertThat(CapturedLogs.containing(LICENSE_KEY)).as("license key in the logs").isEmpty();
        assertThat(CapturedLogs.containing("tok-")).as("token in the logs").isEmpty();
    }

    private ActivationClient client(ActivationConfig config) {
        if (http != null) {
            http.close();
        }
        http = HttpClientFactory.lease(null, config.connectTimeout(), config.callTimeout());
        return new ActivationClient(config, http.client(), clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, random);
    }

    private ActivationClient client() {
        return client(server.config());
    }

    private ProtocolViolationException protocolViolation(MockResponse response) {
        server.respond(n -> response);
        return Thrown.of(ProtocolViolationException.class, () -> client().activate());
    }

    @Nested
    class Request {

        @Test
        void postsToV1ActivateWithTheProtocolHeaders() {
            client().activate();

            RecordedRequest request = server.requests().get(0);
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/activate");
            assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
            assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
            assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo(LICENSE_KEY);
            assertThat(request.getHeaders().get("User-Agent")).isEqualTo("embedded-service-sdk-java/" + SdkVersion.VERSION);
        }

        @Test
        void userAgentCarriesTheVersionStampedByTheBuild() {
            assertThat(SdkVersion.VERSION).isNotEqualTo("unknown").doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+.*");
        }

        @Test
        void sendsNoApiKeyHeaderWithoutALicenseKey() {
            client(server.configBuilder().licenseKey(null).build()).activate();

            assertThat(server.requests().get(0).getHeaders().get("X-Api-Key")).isNull();
        }

        @Test
        void bodyCarriesProductCodeClientIdAndSdkVersion() {
            client(server.configBuilder().clientId("host-7").build()).activate();

            JsonNode body = body(server.requests().get(0));
            assertThat(body.get("productCode").asText()).isEqualTo(PRODUCT_CODE);
            assertThat(body.get("clientId").asText()).isEqualTo("host-7");
            assertThat(body.get("sdkVersion").asText()).isEqualTo(SdkVersion.VERSION);
            assertThat(body.has("identityProof")).isFalse();
        }

        @Test
        void bodyLeavesOutAnAbsentClientId() {
            client().activate();

            assertThat(body(server.requests().get(0)).has("clientId")).isFalse();
        }

        @Test
        void bodyCarriesTheIdentityProofForTheProductCode() {
            List<String> audiences = new CopyOnWriteArrayList<>();
            ActivationConfig config = server.configBuilder().identityProof(audience -> {
                audiences.add(audience);
                return new IdentityProof("POST", "https://sts.us-east-1.amazonaws.com/",
                        Map.of("Authorization", "AWS4-HMAC-SHA256 x", "X-Embedded-Service-Audience", audience),
                        "Action=GetCallerIdentity&Version=2011-06-15");
            }).build();

            client(config).activate();

            JsonNode proof = body(server.requests().get(0)).get("identityProof");
            assertThat(audiences).containsExactly(PRODUCT_CODE);
            assertThat(proof.get("method").asText()).isEqualTo("POST");
            assertThat(proof.get("url").asText()).isEqualTo("https://sts.us-east-1.amazonaws.com/");
            assertThat(proof.get("headers").get("X-Embedded-Service-Audience").asText()).isEqualTo(PRODUCT_CODE);
            assertThat(proof.get("body").asText()).isEqualTo("Action=GetCallerIdentity&Version=2011-06-15");
        }

        @Test
        void anIdentityProofThatCannotBeBuiltIsANonRetryableActivationError() {
            ActivationConfig config = server.configBuilder().identityProof(audience -> {
                throw new IllegalStateException("Unable to load credentials from any of the providers");
            }).build();

            ActivationException e = Thrown.of(ActivationException.class, () -> client(config).activate());

            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("identity proof", "Unable to load credentials");
            assertThat(server.activations()).isZero();
        }

        @Test
        void keepsABasePathOfTheActivationUrl() throws IOException {
            try (MockWebServer other = new MockWebServer()) {
                other.enqueue(token("t", 60));
                other.start(InetAddress.getLoopbackAddress(), 0);
                ActivationConfig config = server.configBuilder().activationUrl(other.url("/partner/").toString()).build();

                client(config).activate();

                assertThat(takeRequest(other).getUrl().encodedPath()).isEqualTo("/partner/v1/activate");
            }
        }
    }

    @Nested
    class Success {

        @Test
        void expiresInIsMeasuredFromWhenTheRequestWasSent() {
            Instant sent = clock.instant();
            server.respond(n -> {
                clock.advance(Duration.ofSeconds(40)); // a slow service: the answer comes 40 s later
                return token("tok", 3600);
            });

            AuthToken token = client().activate();

            assertThat(token.expiresAt()).isEqualTo(sent.plusSeconds(3600));
        }

        @Test
        void parsesTheConfigAndIgnoresUnknownFields() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":3600,\"future\":{\"x\":1},"
                    + "\"config\":{\"endpointName\":\"esvc-identity-prod\",\"region\":\"us-east-1\","
                    + "\"maxRecordsPerInvocation\":1000,\"maxPayloadBytes\":6291456,\"maxConcurrency\":8,"
                    + "\"operations\":[\"translate\"],\"newLimit\":7}}"));

            AuthToken token = client().activate();

            assertThat(token.value()).isEqualTo("tok");
            assertThat(token.config()).isEqualTo(ServiceConfig.builder().endpointName("esvc-identity-prod")
                    .region("us-east-1").maxRecordsPerInvocation(1000).maxPayloadBytes(6291456).maxConcurrency(8)
                    .operations(List.of("translate")).build());
        }

        @Test
        void aMissingOrPartialConfigLeavesTheRestEmpty() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":60,\"config\":{\"maxConcurrency\":2}}"));

            ServiceConfig config = client().activate().config();

            assertThat(config.maxConcurrency()).contains(2);
            assertThat(config.endpointName()).isEmpty();
            assertThat(config.operations()).isEmpty();
        }

        @Test
        void noConfigAtAllIsTheEmptyConfig() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":60}"));

            assertThat(client().activate().config()).isEqualTo(ServiceConfig.empty());
        }

        @Test
        void aWholeNumberWrittenWithAFractionIsAccepted() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":3600.0}"));

            assertThat(client().activate().expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        }

        @Test
        void anAbsurdlyLongLifetimeIsClampedTo24HoursWithOneWarning() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":99999999999999999999}"));
            ActivationClient client = client();

            assertThat(client.activate().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
            assertThat(client.activate().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
            assertThat(CapturedLogs.containing("clamped")).hasSize(1).allMatch(line -> line.startsWith("WARN"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"!", "~", "!~", "a!b"})
        void theLowestAndHighestVisibleCharactersAreAcceptedInAToken(String value) {
            server.respond(n -> token(value, 60));

            assertThat(client().activate().value()).isEqualTo(value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\\u0020", "!\\u0020", "\\u001f", "~\\u007f"})
        void theCharactersJustOutsideTheVisibleRangeAreRefusedInAToken(String jsonEscapedValue) {
            server.respond(n -> token(jsonEscapedValue, 60));

            assertThat(Thrown.of(ProtocolViolationException.class, () -> client().activate()))
                    .hasMessageContaining("visible US-ASCII");
        }

        @Test
        void aTokenOfExactly1018VisibleCharactersIsAccepted() {
            String value = "A".repeat(1017) + "~";
            server.respond(n -> token(value, 60));

            assertThat(client().activate().value()).isEqualTo(value);
        }
    }

    @Nested
    class ErrorTable {

        @Test
        void status400InvalidRequestIsNotRetried() {
            server.respond(n -> error(400, "INVALID_REQUEST", "productCode is malformed"));

            ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

            assertThat(e).isExactlyInstanceOf(ActivationException.class);
            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).contains(400);
            assertThat(e.errorCode()).contains("INVALID_REQUEST");
            assertThat(e.getMessage()).contains("productCode is malformed");
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void status401IsInvalidCredentialsAndNotRetried() {
            server.respond(n -> error(401, "INVALID_CREDENTIALS", "bad key"));

            InvalidCredentialsException e = Thrown.of(InvalidCredentialsException.class, () -> client().activate());

            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).contains(401);
            assertThat(e.errorCode()).contains("INVALID_CREDENTIALS");
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void status403IsSubscriptionInactiveAndNotRetried() {
            server.respond(n -> error(403, "SUBSCRIPTION_INACTIVE", "renew it"));

            SubscriptionInactiveException e = Thrown.of(SubscriptionInactiveException.class, () -> client().activate());

            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).contains(403);
            assertThat(e.getMessage()).contains(PRODUCT_CODE, "renew it");
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void status429IsRetriedAfterTheRetryAfterTheServiceAsked() {
            server.respond(n -> n == 1
                    ? new MockResponse.Builder(error(429, "RATE_LIMITED", "slow down")).setHeader("Retry-After", "7").build()
                    : token("tok", 60));

            AuthToken token = client().activate();

            assertThat(token.value()).isEqualTo("tok");
            assertThat(server.activations()).isEqualTo(2);
            assertThat(sleeps).hasSize(1);
            assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        }

        @Test
        void status429WhoseRetryAfterPassesTheDeadlineIsThrownAtOnceWithRetryAfter() {
            server.respond(n -> new MockResponse.Builder(error(429, "RATE_LIMITED", "slow down"))
                    .setHeader("Retry-After", "120").build());

            ActivationRateLimitedException e = Thrown.of(ActivationRateLimitedException.class, () -> client().activate());

            assertThat(e.retryable()).isTrue();
            assertThat(e.statusCode()).contains(429);
            assertThat(e.errorCode()).contains("RATE_LIMITED");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            assertThat(server.activations()).isEqualTo(1);
            assertThat(sleeps).isEmpty();
        }

        @Test
        void retryAfterAsAnHttpDateIsHonoured() {
            server.respond(n -> n == 1
                    ? new MockResponse.Builder(error(429, "RATE_LIMITED", "x"))
                            .setHeader("Retry-After", "Tue, 01 Jan 2030 00:00:20 GMT").build()
                    : token("tok", 60));

            client().activate();

            assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        }

        @ParameterizedTest
        @ValueSource(ints = {500, 502, 503, 504})
        void status5xxIsRetriedWithBackoff(int status) {
            server.respond(n -> n < 3 ? error(status, "INTERNAL", "oops") : token("tok", 60));

            AuthToken token = client().activate();

            assertThat(token.value()).isEqualTo("tok");
            assertThat(server.activations()).isEqualTo(3);
            assertThat(sleeps).hasSize(2);
            // Exponential: the second wait's ceiling is twice the first's; each is at least half its ceiling.
            assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
            assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        }

        @Test
        void status5xxUntilTheDeadlineIsARetryableActivationException() {
            server.respond(n -> error(503, "UNAVAILABLE", "down"));
            Instant start = clock.instant();

            ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

            assertThat(e.retryable()).isTrue();
            assertThat(e.statusCode()).contains(503);
            assertThat(server.activations()).isBetween(2, DeadlineRetrier.MAX_ATTEMPTS);
            assertThat(Duration.between(start, clock.instant())).isLessThan(ActivationConfig.DEFAULT_ACTIVATION_DEADLINE);
        }

        @Test
        void status408IsRetried() {
            server.respond(n -> n == 1 ? error(408, "TIMEOUT", "too slow") : token("tok", 60));

            assertThat(client().activate().value()).isEqualTo("tok");
            assertThat(server.activations()).isEqualTo(2);
        }

        @Test
        void status404NamesThePathAndIsNotRetried() {
            server.respond(n -> error(404, "NOT_FOUND", "no such route"));

            ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("/v1/activate", "Check activationUrl");
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void anErrorBodyThatIsNotJsonStillMapsByStatus() {
            server.respond(n -> new MockResponse.Builder().code(403).body("<html>Forbidden</html>").build());

            assertThatThrownBy(() -> client().activate()).isInstanceOf(SubscriptionInactiveException.class);
        }

        @Test
        void otherClientErrorsAreNotRetried() {
            server.respond(n -> error(409, "CONFLICT", "no"));

            ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).contains(409);
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void aLicenseKeyEchoedByTheServiceIsRedactedFromTheMessage() {
            server.respond(n -> error(401, "INVALID_CREDENTIALS", "key " + LICENSE_KEY + " is unknown"));

            InvalidCredentialsException e = Thrown.of(InvalidCredentialsException.class, () -> client().activate());

            assertThat(e.getMessage()).doesNotContain(LICENSE_KEY).contains("<redacted>");
        }
    }

    /** The waits between attempts, pinned exactly through the injected sleeper and random source. */
    @Nested
    class RetrySchedule {

        private List<Long> sleptMillis() {
            return sleeps.stream().map(Duration::toMillis).toList();
        }

        @Test
        void withoutJitterEachWaitDoublesFrom250MillisecondsUpTo10Seconds() {
            random = () -> 0.0;
            server.respond(n -> error(503, "UNAVAILABLE", "down"));

            assertThatThrownBy(() -> client().activate()).isInstanceOf(ActivationException.class);

            // 250 ms × 2^(n-1), capped at 10 s; ten attempts, nine waits (45.75 s, inside the 60 s deadline).
            assertThat(sleptMillis()).containsExactly(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
            assertThat(server.activations()).isEqualTo(10);
        }

        @Test
        void theJitterShortensEachWaitByUpToHalfOfIt() {
            random = () -> 0.5;
            server.respond(n -> error(503, "UNAVAILABLE", "down"));

            assertThatThrownBy(() -> client().activate()).isInstanceOf(ActivationException.class);

            // Each wait is its ceiling less a quarter of it (half of the jitter share of one half): 250 - 62, 500 - 125, ...
            assertThat(sleptMillis()).containsExactly(188L, 375L, 750L, 1_500L, 3_000L, 6_000L, 7_500L, 7_500L, 7_500L);
        }

        @Test
        void withTheLargestJitterEachWaitIsJustOverHalfItsCeiling() {
            random = () -> Math.nextDown(1.0);
            server.respond(n -> n <= 3 ? error(500, "INTERNAL", "oops") : token("tok", 60));

            client().activate();

            assertThat(sleptMillis()).containsExactly(126L, 251L, 501L);
        }

        @Test
        void aRetryAfterShorterThanTheBackoffWaitsTheBackoff() {
            random = () -> 0.0;
            server.respond(n -> n == 1
                    ? new MockResponse.Builder(error(429, "RATE_LIMITED", "x")).setHeader("Retry-After", "0").build()
                    : token("tok", 60));

            client().activate();

            assertThat(sleptMillis()).containsExactly(250L);
        }

        @Test
        void aRetryAfterLongerThanTheBackoffWaitsTheRetryAfter() {
            random = () -> 0.0;
            server.respond(n -> n == 1
                    ? new MockResponse.Builder(error(429, "RATE_LIMITED", "x")).setHeader("Retry-After", "3").build()
                    : token("tok", 60));

            client().activate();

            assertThat(sleptMillis()).containsExactly(3_000L);
        }

        @Test
        void noWaitIsStartedThatWouldEndAtOrAfterTheDeadline() {
            random = () -> 0.0;
            server.respond(n -> error(503, "UNAVAILABLE", "down"));
            // Waits of 250 and 500 ms end at 750 ms; the next, of 1 s, would end exactly at the deadline.
            ActivationConfig config = server.configBuilder().activationDeadline(Duration.ofMillis(1_750)).build();

            assertThatThrownBy(() -> client(config).activate()).isInstanceOf(ActivationException.class);

            assertThat(sleptMillis()).containsExactly(250L, 500L);
            assertThat(server.activations()).isEqualTo(3);
        }

        @Test
        void aWaitEndingOneMillisecondBeforeTheDeadlineIsMade() {
            random = () -> 0.0;
            server.respond(n -> error(503, "UNAVAILABLE", "down"));
            ActivationConfig config = server.configBuilder().activationDeadline(Duration.ofMillis(1_751)).build();

            // The fourth attempt has 1 ms left (and may time out); then the next wait cannot be made.
            assertThatThrownBy(() -> client(config).activate()).isInstanceOf(ActivationException.class);

            assertThat(sleptMillis()).containsExactly(250L, 500L, 1_000L);
        }
    }

    /** Request ids from the answer's headers, on every exception an answer causes. */
    @Nested
    class RequestIds {

        private MockResponse withHeaders(MockResponse response, String... namesAndValues) {
            MockResponse.Builder builder = new MockResponse.Builder(response);
            for (int i = 0; i < namesAndValues.length; i += 2) {
                builder.setHeader(namesAndValues[i], namesAndValues[i + 1]);
            }
            return builder.build();
        }

        private ActivationException refusal(MockResponse response) {
            server.respond(n -> response);
            return Thrown.of(ActivationException.class, () -> client().activate());
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 401, 403, 404, 409})
        void aRefusalCarriesTheRequestIdAndTheStatusOfTheAnswer(int status) {
            ActivationException e = refusal(withHeaders(error(status, "E", "no"),
                    "x-amzn-RequestId", "4f7c2a9e-0b1d-4c3e-9f8a-1d2e3f4a5b6c"));

            assertThat(e.requestId()).contains("4f7c2a9e-0b1d-4c3e-9f8a-1d2e3f4a5b6c");
            assertThat(e.statusCode()).contains(status);
            assertThat(e.getMessage()).endsWith("(request id 4f7c2a9e-0b1d-4c3e-9f8a-1d2e3f4a5b6c)");
        }

        @Test
        void aRedirectCarriesTheRequestId() {
            ActivationException e = refusal(withHeaders(new MockResponse.Builder().code(302)
                    .setHeader("Location", "https://elsewhere.example/").build(), "x-amzn-RequestId", "req-302"));

            assertThat(e.requestId()).contains("req-302");
            assertThat(e.statusCode()).contains(302);
        }

        @Test
        void aRateLimitedRefusalCarriesTheRequestId() {
            ActivationRateLimitedException e = Thrown.of(ActivationRateLimitedException.class, () -> {
                server.respond(n -> withHeaders(error(429, "RATE_LIMITED", "x"), "Retry-After", "3600",
                        "x-amzn-RequestId", "req-429"));
                client().activate();
            });

            assertThat(e.requestId()).contains("req-429");
            assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        }

        @Test
        void aFailureAfterRetriesCarriesTheRequestIdOfTheLastAnswer() {
            random = () -> 0.0;
            server.respond(n -> withHeaders(error(503, "UNAVAILABLE", "down"), "x-amzn-RequestId", "req-" + n));

            ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

            assertThat(server.activations()).isEqualTo(DeadlineRetrier.MAX_ATTEMPTS);
            assertThat(e.requestId()).contains("req-10");
        }

        @Test
        void theApiGatewayIdIsTheFirstFallback() {
            ActivationException e = refusal(withHeaders(error(400, "E", "no"),
                    "x-amz-apigw-id", "Ab1CdEfGhIjKlM=", "x-request-id", "other"));

            assertThat(e.requestId()).contains("Ab1CdEfGhIjKlM=");
        }

        @Test
        void xRequestIdIsTheLastFallback() {
            ActivationException e = refusal(withHeaders(error(400, "E", "no"), "X-Request-Id", "trace-77"));

            assertThat(e.requestId()).contains("trace-77");
        }

        @Test
        void theAmazonRequestIdComesFirst() {
            ActivationException e = refusal(withHeaders(error(400, "E", "no"),
                    "x-request-id", "third", "x-amz-apigw-id", "second", "X-Amzn-RequestId", "first"));

            assertThat(e.requestId()).contains("first");
        }

        @Test
        void anAnswerWithoutTheHeadersHasNoRequestId() {
            ActivationException e = refusal(error(400, "INVALID_REQUEST", "no"));

            assertThat(e.requestId()).isEmpty();
            assertThat(e.getMessage()).doesNotContain("request id");
        }

        @Test
        void aRequestIdOf128CharactersIsTakenAndOneOf129IsNot() {
            String longest = "r".repeat(127) + "!";
            assertThat(refusal(withHeaders(error(400, "E", "no"), "x-amzn-RequestId", longest)).requestId())
                    .contains(longest);
            assertThat(refusal(withHeaders(error(400, "E", "no"), "x-amzn-RequestId", "r".repeat(129))).requestId())
                    .isEmpty();
        }

        @Test
        void aRequestIdThatIsNotVisibleAsciiIsNotTakenAndTheNextHeaderIs() {
            ActivationException e = refusal(withHeaders(error(400, "E", "no"),
                    "x-amzn-RequestId", "two words", "x-amz-apigw-id", "gw-1"));

            assertThat(e.requestId()).contains("gw-1");
        }

        @Test
        void aRequestIdHoldingTheLicenseKeyIsNeverTaken() {
            ActivationException e = refusal(withHeaders(error(401, "INVALID_CREDENTIALS", "no"),
                    "x-amzn-RequestId", "echo-" + LICENSE_KEY));

            assertThat(e.requestId()).isEmpty();
            assertThat(e.getMessage()).doesNotContain(LICENSE_KEY);
        }

        @Test
        void aFailureWithoutAnAnswerHasNoRequestId() throws IOException {
            int freePort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                freePort = socket.getLocalPort();
            }
            ActivationConfig config = server.configBuilder().activationUrl("http://127.0.0.1:" + freePort)
                    .activationDeadline(Duration.ofSeconds(1)).build();

            ActivationException e = Thrown.of(ActivationException.class, () -> client(config).activate());

            assertThat(e.requestId()).isEmpty();
            assertThat(e.statusCode()).isEmpty();
        }
    }

    @Nested
    class ProtocolViolations {

        @ParameterizedTest
        @ValueSource(strings = {"not json", "", "[1,2]", "\"tok\"", "{\"token\":\"tok\",\"expiresIn\":", "{} trailing"})
        void aBodyThatIsNotAJsonObjectIsAProtocolViolation(String body) {
            ProtocolViolationException e = protocolViolation(json(200, body));

            assertThat(e.retryable()).isFalse();
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void aParseErrorNeverQuotesTheBody() {
            ProtocolViolationException e = protocolViolation(json(200, "sekret-token-text"));

            assertThat(e.getMessage()).doesNotContain("sekret");
        }

        @Test
        void a200WithoutTokenIsAProtocolViolation() {
            assertThat(protocolViolation(json(200, "{\"expiresIn\":3600}")).getMessage()).contains("without a 'token'");
        }

        @Test
        void aTokenThatIsNotAStringIsAProtocolViolation() {
            assertThat(protocolViolation(json(200, "{\"token\":42,\"expiresIn\":3600}")).getMessage())
                    .contains("not a string");
        }

        @Test
        void a200WithoutExpiresInIsAProtocolViolation() {
            assertThat(protocolViolation(json(200, "{\"token\":\"tok\"}")).getMessage()).contains("'expiresIn'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "-3600"})
        void expiresInZeroOrNegativeIsAProtocolViolation(String expiresIn) {
            ProtocolViolationException e = protocolViolation(json(200, "{\"token\":\"tok\",\"expiresIn\":" + expiresIn + "}"));

            assertThat(e.getMessage()).contains("positive");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "\"3600\"", "true", "{}"})
        void expiresInThatIsNotAWholeNumberIsAProtocolViolation(String expiresIn) {
            assertThat(protocolViolation(json(200, "{\"token\":\"tok\",\"expiresIn\":" + expiresIn + "}")))
                    .hasMessageContaining("expiresIn");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"x\"", "{\"maxConcurrency\":\"8\"}", "{\"maxRecordsPerInvocation\":0}",
                "{\"operations\":\"translate\"}", "{\"region\":5}"})
        void aConfigOfTheWrongShapeIsAProtocolViolation(String config) {
            assertThat(protocolViolation(json(200, "{\"token\":\"tok\",\"expiresIn\":60,\"config\":" + config + "}")))
                    .hasMessageContaining("config");
        }

        @Test
        void aTokenLongerThan1018CharactersIsRefusedWithTheReason() {
            String value = "B".repeat(1019);

            ProtocolViolationException e = protocolViolation(token(value, 60));

            assertThat(e.getMessage()).contains("1019 characters", "1018", "CustomAttributes").doesNotContain(value);
        }

        @ParameterizedTest
        @ValueSource(strings = {"zq9 x", "zq9\\r\\nx", "zq9\\tx", "zq9\\u00e9x", "zq9\\u007fx"})
        void aTokenWithCharactersUnsafeInAHeaderIsRefusedWithTheReason(String jsonEscapedValue) {
            ProtocolViolationException e = protocolViolation(token(jsonEscapedValue, 60));

            assertThat(e.getMessage()).contains("position 3", "visible US-ASCII").doesNotContain("zq9");
        }

        @Test
        void theReasonNamesTheKindOfCharacter() {
            assertThat(protocolViolation(token("ab\\ncd", 60))).hasMessageContaining("line feed");
            assertThat(protocolViolation(token("ab cd", 60))).hasMessageContaining("a space");
            assertThat(protocolViolation(token("ab\\u00e9", 60))).hasMessageContaining("non-ASCII");
        }

        @Test
        void anEmptyTokenIsAProtocolViolation() {
            assertThat(protocolViolation(token("", 60))).hasMessageContaining("empty");
        }

        @Test
        void a2MiBBodyWithContentLengthIsRefusedUnread() {
            ProtocolViolationException e = protocolViolation(json(200, bigJson(2 << 20)));

            assertThat(e.getMessage()).contains("larger than 1048576 bytes");
        }

        @Test
        void a2MiBChunkedBodyIsRefusedAfterTheFirstMiB() {
            Buffer body = new Buffer().writeUtf8(bigJson(2 << 20));
            ProtocolViolationException e = protocolViolation(new MockResponse.Builder().code(200)
                    .chunkedBody(body, 64 * 1024).build());

            assertThat(e.getMessage()).contains("larger than 1048576 bytes");
        }

        @Test
        void anotherSuccessStatusThan200IsAProtocolViolation() {
            assertThat(protocolViolation(new MockResponse.Builder(token("tok", 60)).code(201).build())).hasMessageContaining("201");
        }

        private String bigJson(int size) {
            StringBuilder sb = new StringBuilder("{\"token\":\"tok\",\"expiresIn\":60,\"padding\":\"");
            sb.append("x".repeat(size));
            return sb.append("\"}").toString();
        }
    }

    @Nested
    class Transport {

        @Test
        void aRedirectIsNotFollowedAndNotRetried() throws IOException {
            try (MockWebServer elsewhere = new MockWebServer()) {
                elsewhere.start(InetAddress.getLoopbackAddress(), 0);
                server.respond(n -> new MockResponse.Builder().code(307)
                        .setHeader("Location", elsewhere.url("/v1/activate").toString()).build());

                ActivationException e = Thrown.of(ActivationException.class, () -> client().activate());

                assertThat(e.retryable()).isFalse();
                assertThat(e.statusCode()).contains(307);
                assertThat(e.getMessage()).contains("redirect", "not followed");
                assertThat(server.activations()).isEqualTo(1);
                assertThat(elsewhere.getRequestCount()).isZero();
            }
        }

        @Test
        void aServiceThatDoesNotAnswerTimesOutRetryably() {
            server.respond(n -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            ActivationConfig config = server.configBuilder()
                    .callTimeout(Duration.ofMillis(300))
                    .activationDeadline(Duration.ofSeconds(1))
                    .build();

            ActivationException e = Thrown.of(ActivationException.class, () -> client(config).activate());

            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("timed out");
            assertThat(e.statusCode()).isEmpty();
        }

        @Test
        void aRefusedConnectionIsRetryable() throws IOException {
            int freePort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                freePort = socket.getLocalPort();
            }
            ActivationConfig config = server.configBuilder().activationUrl("http://127.0.0.1:" + freePort).build();

            ActivationException e = Thrown.of(ActivationException.class, () -> client(config).activate());

            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("Could not reach").doesNotContain(LICENSE_KEY);
            assertThat(sleeps).isNotEmpty();
        }

        @Test
        void timeoutsComeFromTheActivationConfig() {
            ActivationConfig config = server.configBuilder()
                    .connectTimeout(Duration.ofMillis(1234))
                    .callTimeout(Duration.ofMillis(5678))
                    .build();
            try (HttpClientFactory.Lease lease = HttpClientFactory.lease(null, config.connectTimeout(), config.callTimeout())) {
                OkHttpClient client = lease.client();

                assertThat(client.connectTimeoutMillis()).isEqualTo(1234);
                assertThat(client.callTimeoutMillis()).isEqualTo(5678);
                assertThat(client.followRedirects()).isFalse();
                assertThat(client.followSslRedirects()).isFalse();
            }
        }

        @Test
        void aLeaseOfANewClientOwnsItAndReleasesItOnClose() {
            HttpClientFactory.Lease lease = HttpClientFactory.lease(null, Duration.ofSeconds(1), Duration.ofSeconds(1));

            lease.close();

            assertThat(lease.owned()).isTrue();
            assertThat(lease.client().dispatcher().executorService().isShutdown()).isTrue();
        }

        @Test
        void aLeaseOfACallersClientBorrowsItAndLeavesItRunning() {
            OkHttpClient shared = new OkHttpClient();
            try {
                HttpClientFactory.Lease lease = HttpClientFactory.lease(shared, Duration.ofSeconds(1), Duration.ofSeconds(1));

                lease.close();

                assertThat(lease.owned()).isFalse();
                assertThat(lease.client().dispatcher()).isSameAs(shared.dispatcher());
                assertThat(lease.client().connectionPool()).isSameAs(shared.connectionPool());
                assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
            } finally {
                shared.dispatcher().executorService().shutdown();
            }
        }

        @Test
        void noMessageEverContainsTheLicenseKey() {
            for (int status : new int[] {400, 401, 403, 404, 429, 500}) {
                server.respond(n -> new MockResponse.Builder(error(status, "E", "x " + LICENSE_KEY))
                        .setHeader("Retry-After", "3600").build());
                int before = server.activations();
                EmbeddedServiceException e = Thrown.of(EmbeddedServiceException.class, () -> client().activate());
                assertThat(e.getMessage()).doesNotContain(LICENSE_KEY);
                assertThat(e.statusCode()).contains(status);
                assertThat(server.activations()).isGreaterThan(before);
            }
        }
    }

    @Nested
    class StatusBoundaries {

        private EmbeddedServiceException thrown(MockResponse response) {
            server.respond(n -> response);
            return Thrown.of(EmbeddedServiceException.class, () -> client(server.configBuilder()
                    .activationDeadline(Duration.ofSeconds(2)).build()).activate());
        }

        @Test
        void aLimitedLifetimeIsNotWarnedAboutAndAClampedOneAtOnce() {
            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":3600}"));
            client().activate();
            assertThat(CapturedLogs.containing("clamped")).isEmpty();

            server.respond(n -> json(200, "{\"token\":\"tok\",\"expiresIn\":99999999999999999999}"));
            client().activate();
            assertThat(CapturedLogs.containing("clamped")).hasSize(1);
        }

        @Test
        void status299IsASuccessOtherThan200AndAProtocolViolation() {
            assertThat(thrown(new MockResponse.Builder(token("tok", 60)).code(299).build()))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessage("The activation service answered 299 where protocol §1 requires 200 with a token");
        }

        @Test
        void statuses300And399AreRedirectsAnd400IsNot() {
            for (int status : new int[] {300, 399}) {
                assertThat(thrown(new MockResponse.Builder().code(status).build()))
                        .isExactlyInstanceOf(ActivationException.class)
                        .hasMessageStartingWith("The activation service answered " + status + " (a redirect)");
            }
            assertThat(thrown(error(400, "INVALID_REQUEST", "no")))
                    .hasMessageStartingWith("The activation service refused the request as invalid: 400");
        }

        @Test
        void anUnlistedClientErrorIsNotRetriedAndSaysSo() {
            EmbeddedServiceException e = thrown(error(409, "CONFLICT", "no"));

            assertThat(e).isExactlyInstanceOf(ActivationException.class)
                    .hasMessage("The activation service failed: 409 (CONFLICT: no); not retried");
            assertThat(e.retryable()).isFalse();
            assertThat(server.activations()).isEqualTo(1);
        }

        @Test
        void aServerErrorIsRetryableAndSaysNothingMore() {
            EmbeddedServiceException e = thrown(error(599, "E", "no"));

            assertThat(e).hasMessage("The activation service failed: 599 (E: no)");
            assertThat(e.retryable()).isTrue();
        }

        @Test
        void aRateLimitWithoutRetryAfterNamesNoWait() {
            EmbeddedServiceException e = thrown(error(429, "RATE_LIMITED", "slow down"));

            assertThat(e).isExactlyInstanceOf(ActivationRateLimitedException.class)
                    .hasMessage("The activation service is rate limiting this client: 429 (RATE_LIMITED: slow down)");
        }

        @Test
        void aRequestIdHoldingTheIdentityProofsSecretsIsNeverTaken() {
            IdentityProof proof = new IdentityProof("POST", "https://sts.us-east-1.amazonaws.com/", Map.of(
                    "Authorization", "AWS4-signature-0001", "X-Amz-Security-Token", "session-token-0002",
                    "X-Amz-Date", "20300101T000000Z"), "Action=GetCallerIdentity&Version=2011-06-15");
            ActivationConfig config = server.configBuilder().identityProof(audience -> proof).build();
            for (String secret : new String[] {"AWS4-signature-0001", "session-token-0002"}) {
                server.respond(n -> new MockResponse.Builder(error(401, "INVALID_CREDENTIALS", "no"))
                        .setHeader("x-amzn-RequestId", secret).build());
                ActivationException e = Thrown.of(ActivationException.class, () -> client(config).activate());
                assertThat(e.requestId()).as(secret).isEmpty();
            }
            server.respond(n -> new MockResponse.Builder(error(401, "INVALID_CREDENTIALS", "no"))
                    .setHeader("x-amzn-RequestId", "20300101T000000Z").build());
            assertThat(Thrown.of(ActivationException.class, () -> client(config).activate()).requestId())
                    .as("a header of the proof that is no secret").contains("20300101T000000Z");
        }
    }

    private static JsonNode body(RecordedRequest request) {
        try {
            return SdkJson.MAPPER.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static RecordedRequest takeRequest(MockWebServer server) {
        try {
            return server.takeRequest(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
