package dev.embeddedservice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.exception.ActivationRateLimitedException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.InvalidCredentialsException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.auth.internal.SdkJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.OkHttpClient;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OAuth 2.0 client-credentials provider against a real third-party authorization server
 * (NAV's mock-oauth2-server, built on Nimbus OAuth 2.0 SDK), and against scripted answers for
 * the error cases that server cannot be made to produce.
 */
class OAuth2ClientCredentialsTokenProviderTest {

    private static final String SECRET = "s3cret-Value";

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

    @BeforeEach
    void clearLogs() {
        CapturedLogs.clear();
    }

    @AfterEach
    void noSecretLogged() {
        assertThat(CapturedLogs.containing(SECRET)).isEmpty();
    }

    @Nested
    class AgainstARealAuthorizationServer {

        private final MockOAuth2Server oauth = new MockOAuth2Server();
        private final TrackingExecutor executor = new TrackingExecutor();
        private String tokenUrl;

        @BeforeEach
        void start() {
            oauth.start(InetAddress.getLoopbackAddress(), 0);
            tokenUrl = oauth.tokenEndpointUrl("partner").toString();
        }

        @AfterEach
        void stop() {
            executor.close();
            oauth.shutdown();
        }

        private OAuth2ClientCredentialsTokenProvider.Builder builder() {
            return OAuth2ClientCredentialsTokenProvider.builder()
                    .tokenUrl(tokenUrl)
                    .clientId("sdk-client")
                    .clientSecret(SECRET)
                    .clock(clock)
                    .sleeper(clock.sleeper())
                    .executor(executor);
        }

        @Test
        void obtainsATokenWithTheClientCredentialsGrantAndBasicAuthentication() throws Exception {
            ServiceConfig config = ServiceConfig.builder().endpointName("esvc-identity-prod").region("us-east-1").build();
            try (OAuth2ClientCredentialsTokenProvider tokens = builder().scope("embedded-service/invoke")
                    .serviceConfig(config).build()) {
                AuthToken token = tokens.token();

                okhttp3.mockwebserver.RecordedRequest request = oauth.takeRequest(5, TimeUnit.SECONDS);
                assertThat(request.getMethod()).isEqualTo("POST");
                assertThat(request.getHeader("Authorization"))
                        .isEqualTo("Basic " + base64("sdk-client:" + SECRET));
                assertThat(request.getBody().readUtf8())
                        .isEqualTo("grant_type=client_credentials&scope=embedded-service%2Finvoke");

                JsonNode claims = jwtClaims(token.value());
                assertThat(claims.get("sub").asText()).isEqualTo("sdk-client");
                assertThat(claims.get("aud").toString()).contains("embedded-service/invoke");
                assertThat(claims.get("iss").asText()).endsWith("/partner");
                // expires_in is measured on the provider's clock from the moment the request was sent.
                // (The server computes expires_in from its own clock, so it may be a second short.)
                long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
                assertThat(token.expiresAt()).isBetween(clock.instant().plusSeconds(lifetime - 1),
                        clock.instant().plusSeconds(lifetime));
                assertThat(token.config()).isEqualTo(config);
            }
        }

        @Test
        void clientIdAndSecretAreFormEncodedBeforeBase64() throws Exception {
            String clientId = "sdk client:1/\u00fc";
            String secret = "p@ss:w\u00f6rd+&=" + SECRET;
            try (OAuth2ClientCredentialsTokenProvider tokens = builder().clientId(clientId).clientSecret(secret).build()) {
                AuthToken token = tokens.token();

                String basic = oauth.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization").substring("Basic ".length());
                String decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
                assertThat(decoded).isEqualTo("sdk+client%3A1%2F%C3%BC:p%40ss%3Aw%C3%B6rd%2B%26%3D" + SECRET);
                String[] parts = decoded.split(":", -1);
                assertThat(parts).hasSize(2);
                assertThat(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)).isEqualTo(secret);
                // The server decoded them as RFC 6749 §2.3.1 says: the token is issued to the original client id.
                assertThat(jwtClaims(token.value()).get("sub").asText()).isEqualTo(clientId);
            }
        }

        @Test
        void withoutAScopeNoScopeIsSent() throws Exception {
            try (OAuth2ClientCredentialsTokenProvider tokens = builder().build()) {
                tokens.token();

                assertThat(oauth.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8())
                        .isEqualTo("grant_type=client_credentials");
            }
        }

        @Test
        void theLifetimeTheServerIssuesIsUsed() {
            oauth.enqueueCallback(new DefaultOAuth2TokenCallback("partner", "sdk-client", "JWT", List.of("esvc"),
                    Map.of(), 120));
            try (OAuth2ClientCredentialsTokenProvider tokens = builder().build()) {
                assertThat(tokens.token().expiresAt())
                        .isBetween(clock.instant().plusSeconds(119), clock.instant().plusSeconds(120));
            }
        }

        @Test
        void tokensAreCachedAndRefreshedByTheSharedMachinery() throws Exception {
            List<AuthToken> heard = new CopyOnWriteArrayList<>();
            try (OAuth2ClientCredentialsTokenProvider tokens = builder().addListener(heard::add).build()) {
                AuthToken first = tokens.token();
                assertThat(tokens.token()).isSameAs(first);

                clock.advance(Duration.ofSeconds(3600 - 300)); // stale
                assertThat(tokens.token()).isSameAs(first);
                executor.awaitIdle(Duration.ofSeconds(30));
                AuthToken second = tokens.token();

                assertThat(second).isNotEqualTo(first);
                assertThat(heard).containsExactly(first, second);

                tokens.invalidate(second);
                assertThat(tokens.token()).isNotEqualTo(second);
                assertThat(heard).hasSize(3);
            }
        }
    }

    @Nested
    class ErrorsAndProtocol {

        private final MockWebServer server = new MockWebServer();

        @BeforeEach
        void start() throws IOException {
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        @AfterEach
        void stop() {
            server.close();
        }

        private OAuth2ClientCredentialsTokenProvider.Builder providerBuilder() {
            return OAuth2ClientCredentialsTokenProvider.builder()
                    .tokenUrl(server.url("/oauth2/token").toString())
                    .clientId("sdk-client")
                    .clientSecret(SECRET)
                    .clock(clock)
                    .sleeper(clock.sleeper())
                    .executor(Runnable::run);
        }

        private OAuth2ClientCredentialsTokenProvider provider() {
            return providerBuilder().build();
        }

        private Throwable causeOfFailure(MockResponse... answers) {
            for (MockResponse answer : answers) {
                server.enqueue(answer);
            }
            try (OAuth2ClientCredentialsTokenProvider tokens = provider()) {
                return Thrown.of(TokenUnavailableException.class, tokens::token).getCause();
            }
        }

        private MockResponse json(int status, String body) {
            return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 401})
        void invalidClientIsInvalidCredentials(int status) {
            Throwable cause = causeOfFailure(json(status, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}"));

            assertThat(cause).isInstanceOf(InvalidCredentialsException.class);
            InvalidCredentialsException e = (InvalidCredentialsException) cause;
            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).contains(status);
            assertThat(e.errorCode()).contains("invalid_client");
            assertThat(e.getMessage()).contains("unknown client");
        }

        @Test
        void aRefusalCarriesTheRequestIdTheEndpointSent() {
            Throwable cause = causeOfFailure(new MockResponse.Builder(json(400, "{\"error\":\"invalid_scope\"}"))
                    .setHeader("x-amzn-RequestId", "9a8b7c6d-0000-1111-2222-333344445555").build());

            ActivationException e = (ActivationException) cause;
            assertThat(e.requestId()).contains("9a8b7c6d-0000-1111-2222-333344445555");
            assertThat(e.statusCode()).contains(400);
            assertThat(e.getMessage()).contains("request id 9a8b7c6d-0000-1111-2222-333344445555");
        }

        @Test
        void invalidClientCarriesTheRequestIdToo() {
            Throwable cause = causeOfFailure(new MockResponse.Builder(json(401, "{\"error\":\"invalid_client\"}"))
                    .setHeader("x-request-id", "trace-401").build());

            assertThat(((InvalidCredentialsException) cause).requestId()).contains("trace-401");
        }

        @Test
        void aRefusalWithoutTheHeaderHasNoRequestId() {
            Throwable cause = causeOfFailure(json(400, "{\"error\":\"invalid_scope\"}"));

            assertThat(((ActivationException) cause).requestId()).isEmpty();
        }

        @Test
        void aRequestIdEchoingTheClientSecretOrTheEncodedCredentialsIsNeverTaken() {
            String credentials = base64("sdk-client:" + SECRET);
            Throwable echoedSecret = causeOfFailure(new MockResponse.Builder(json(400, "{\"error\":\"invalid_scope\"}"))
                    .setHeader("x-amzn-RequestId", "id-" + SECRET).build());
            Throwable echoedCredentials = causeOfFailure(new MockResponse.Builder(json(400, "{\"error\":\"invalid_scope\"}"))
                    .setHeader("x-amzn-RequestId", credentials)
                    .setHeader("x-amz-apigw-id", "Basic_" + credentials).build());

            assertThat(((ActivationException) echoedSecret).requestId()).isEmpty();
            assertThat(echoedSecret.getMessage()).doesNotContain(SECRET);
            assertThat(((ActivationException) echoedCredentials).requestId()).isEmpty();
            assertThat(echoedCredentials.getMessage()).doesNotContain(credentials);
        }

        @Test
        void a401WithoutAnErrorBodyIsInvalidCredentials() {
            assertThat(causeOfFailure(new MockResponse.Builder().code(401).build()))
                    .isInstanceOf(InvalidCredentialsException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"invalid_scope", "unauthorized_client", "invalid_grant", "unsupported_grant_type", "invalid_request"})
        void otherRefusalsAreNotRetried(String error) {
            Throwable cause = causeOfFailure(json(400, "{\"error\":\"" + error + "\"}"));

            assertThat(cause).isExactlyInstanceOf(ActivationException.class);
            assertThat(((ActivationException) cause).retryable()).isFalse();
            assertThat(((ActivationException) cause).errorCode()).contains(error);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @Test
        void status299IsASuccessOtherThan200AndAProtocolViolation() {
            assertThat(causeOfFailure(json(299, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}")))
                    .isExactlyInstanceOf(ProtocolViolationException.class)
                    .hasMessage("The OAuth 2.0 token endpoint answered 299 where RFC 6749 requires 200 with a token");
        }

        @Test
        void statuses300And399AreRedirectsAnd400IsNot() {
            for (int status : new int[] {300, 399}) {
                assertThat(causeOfFailure(new MockResponse.Builder().code(status).build()))
                        .isExactlyInstanceOf(ActivationException.class)
                        .hasMessageStartingWith("The OAuth 2.0 token endpoint answered " + status + " (a redirect)");
            }
            assertThat(causeOfFailure(json(400, "{\"error\":\"invalid_scope\"}")).getMessage())
                    .doesNotContain("redirect");
        }

        @Test
        void a401WithAnErrorCodeOtherThanInvalidClientIsARefusalNotBadCredentials() {
            Throwable cause = causeOfFailure(json(401, "{\"error\":\"invalid_grant\"}"));

            assertThat(cause).isExactlyInstanceOf(ActivationException.class);
            assertThat(((ActivationException) cause).retryable()).isFalse();
        }

        @Test
        void temporarilyUnavailableAndServerErrorCodesAreRetryableWhateverTheStatus() {
            for (String code : new String[] {"temporarily_unavailable", "server_error"}) {
                for (int i = 0; i < 10; i++) {
                    server.enqueue(json(400, "{\"error\":\"" + code + "\"}"));
                }
                int before = server.getRequestCount();
                Throwable cause;
                try (OAuth2ClientCredentialsTokenProvider tokens = providerBuilder()
                        .requestDeadline(java.time.Duration.ofSeconds(1)).build()) {
                    cause = Thrown.of(TokenUnavailableException.class, tokens::token).getCause();
                }
                // Retried: the 400 was not taken as a refusal. How the last attempt ended depends on
                // how much of the deadline is left for it on this machine (a 400 or a time-out).
                assertThat(server.getRequestCount() - before).as(code + ": requests").isGreaterThan(1);
                assertThat(cause).as(code).isExactlyInstanceOf(ActivationException.class);
                assertThat(((ActivationException) cause).retryable()).isTrue();
            }
        }

        @Test
        void a499IsARefusalAndA500AFailure() {
            Throwable refused = causeOfFailure(json(499, "{\"error\":\"odd\"}"));
            assertThat(((ActivationException) refused).retryable()).isFalse();
            for (int i = 0; i < 10; i++) {
                server.enqueue(json(500, "{\"error\":\"odd\"}"));
            }
            Throwable failed;
            try (OAuth2ClientCredentialsTokenProvider tokens = providerBuilder()
                    .requestDeadline(java.time.Duration.ofSeconds(1)).build()) {
                failed = Thrown.of(TokenUnavailableException.class, tokens::token).getCause();
            }
            assertThat(((ActivationException) failed).retryable()).isTrue();
        }

        @Test
        void serverErrorsAreRetried() {
            server.enqueue(json(503, "{\"error\":\"temporarily_unavailable\"}"));
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            try (OAuth2ClientCredentialsTokenProvider tokens = provider()) {
                assertThat(tokens.token().value()).isEqualTo("at-1");
                assertThat(server.getRequestCount()).isEqualTo(2);
            }
        }

        @Test
        void aServerErrorIsRetriedAfterTheFirstWaitOfTheBackoff() {
            server.enqueue(json(503, "{\"error\":\"temporarily_unavailable\"}"));
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            Instant before = clock.instant();
            try (OAuth2ClientCredentialsTokenProvider tokens = providerBuilder().random(() -> 0.0).build()) {
                AuthToken token = tokens.token();

                // One wait of 250 ms (no jitter), then the request whose sending starts the token's lifetime.
                assertThat(token.expiresAt()).isEqualTo(before.plusMillis(250).plusSeconds(300));
            }
        }

        @Test
        void stateIsFreshOnceATokenIsCachedAndExpiredAfterClose() {
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            OAuth2ClientCredentialsTokenProvider tokens = provider();
            assertThat(tokens.state()).isEqualTo(TokenState.EXPIRED);

            tokens.token();
            assertThat(tokens.state()).isEqualTo(TokenState.FRESH);
            // 300 s: stale from half the lifetime, at 150 s at the latest.
            clock.advance(Duration.ofSeconds(150));
            assertThat(tokens.state()).isEqualTo(TokenState.STALE);

            tokens.close();
            assertThat(tokens.state()).isEqualTo(TokenState.EXPIRED);
        }

        @Test
        void rateLimitingCarriesRetryAfter() {
            Throwable cause = causeOfFailure(new MockResponse.Builder(json(429, "{}")).setHeader("Retry-After", "600").build());

            assertThat(cause).isInstanceOf(ActivationRateLimitedException.class);
            assertThat(((ActivationRateLimitedException) cause).retryAfter()).contains(Duration.ofSeconds(600));
        }

        @Test
        void anExpiresInSentAsAStringOfDigitsIsAccepted() {
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":\"3599\"}"));
            try (OAuth2ClientCredentialsTokenProvider tokens = provider()) {
                assertThat(tokens.token().expiresAt()).isEqualTo(clock.instant().plusSeconds(3599));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"token_type\":\"Bearer\",\"expires_in\":300}",
                "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}",
                "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":0}",
                "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}",
                "{\"access_token\":\"at-1\",\"token_type\":\"mac\",\"expires_in\":300}",
                "{\"access_token\":\"a t\",\"token_type\":\"Bearer\",\"expires_in\":300}",
                "not json"})
        void malformedAnswersAreProtocolViolations(String body) {
            assertThat(causeOfFailure(json(200, body))).isInstanceOf(ProtocolViolationException.class);
        }

        @Test
        void anOversizedTokenIsRefused() {
            assertThat(causeOfFailure(json(200, "{\"access_token\":\"" + "x".repeat(1019) + "\",\"expires_in\":300}")))
                    .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("1018");
        }

        @Test
        void a2MiBAnswerIsNotRead() {
            assertThat(causeOfFailure(json(200, "{\"padding\":\"" + "x".repeat(2 << 20) + "\"}")))
                    .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("1 MiB");
        }

        @Test
        void aRedirectIsNotFollowed() {
            Throwable cause = causeOfFailure(new MockResponse.Builder().code(302)
                    .setHeader("Location", "https://elsewhere.example/token").build());

            assertThat(cause).isExactlyInstanceOf(ActivationException.class).hasMessageContaining("not followed");
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @Test
        void aSecretEchoedByTheServerIsRedacted() {
            Throwable cause = causeOfFailure(json(401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"secret " + SECRET + " is wrong\"}"));

            assertThat(cause.getMessage()).doesNotContain(SECRET).contains("<redacted>");
        }

        @Test
        void closeDoesNotShutDownAGivenHttpClient() {
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            OkHttpClient shared = new OkHttpClient();
            try {
                OAuth2ClientCredentialsTokenProvider tokens = providerBuilder().httpClient(shared).build();
                assertThat(tokens.token().value()).isEqualTo("at-1");

                tokens.close();

                assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
                assertThat(shared.connectionPool().idleConnectionCount()).isEqualTo(1);
            } finally {
                shared.dispatcher().executorService().shutdown();
                shared.connectionPool().evictAll();
            }
        }

        @Test
        void theRequestCarriesNoSecretInItsBody() throws InterruptedException {
            server.enqueue(json(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
            try (OAuth2ClientCredentialsTokenProvider tokens = provider()) {
                tokens.token();
            }
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);

            assertThat(request.getBody().utf8()).doesNotContain(SECRET).doesNotContain("client_secret");
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        }
    }

    @Nested
    class Building {

        private OAuth2ClientCredentialsTokenProvider.Builder valid() {
            return OAuth2ClientCredentialsTokenProvider.builder()
                    .tokenUrl("https://partner.auth.us-east-1.amazoncognito.com/oauth2/token")
                    .clientId("id").clientSecret(SECRET);
        }

        @Test
        void theTokenUrlMustBeHttpsExceptOnLoopback() {
            assertThatThrownBy(() -> valid().tokenUrl("http://auth.partner.example/token").build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tokenUrl must use https");
            assertThatThrownBy(() -> valid().tokenUrl("ftp://auth.partner.example/token").build())
                    .isInstanceOf(InvalidConfigurationException.class);
            valid().tokenUrl("http://127.0.0.1:8080/token").build().close();
            valid().tokenUrl("http://localhost/token").build().close();
        }

        @Test
        void clientIdSecretAndUrlAreRequired() {
            assertThatThrownBy(() -> valid().tokenUrl((String) null).build()).hasMessageContaining("tokenUrl");
            assertThatThrownBy(() -> valid().clientId(null).build()).hasMessageContaining("clientId");
            assertThatThrownBy(() -> valid().clientSecret("").build()).hasMessageContaining("clientSecret");
        }

        @Test
        void aScopeMustBeScopeTokens() {
            assertThatThrownBy(() -> valid().scope("a\"b").build()).isInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> valid().scope(" ").build()).isInstanceOf(InvalidConfigurationException.class);
            valid().scope("read write").build().close();
        }

        @Test
        void toStringNeverShowsTheSecret() {
            try (OAuth2ClientCredentialsTokenProvider tokens = valid().build()) {
                assertThat(tokens.toString()).contains("id", "<redacted>").doesNotContain(SECRET);
            }
        }
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode jwtClaims(String jwt) throws IOException {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        return SdkJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
