package dev.embeddedservice.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.embeddedservice.exception.ActivationException;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.ProtocolViolationException;
import dev.embeddedservice.Reference;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.MutableClock;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A hostile activation service, seen through {@link EmbeddedServiceClient}: a token that would
 * inject headers or cannot fit CustomAttributes, a lifetime that is negative or absurd, a redirect
 * to another host, and plain http to a host that is not loopback. sdk-auth tests each answer at
 * the unit level; here the question is what the client's caller sees and what reaches the wire:
 * a typed exception from the first call, no InvokeEndpoint with a bad token, no bad token cached,
 * no license key sent anywhere but the configured host.
 */
class HostileActivationTest {

    static final String LICENSE_KEY = "esvc-hostile-activation-license-0123456789";
    private static final String PRODUCT = "prod-4x2kq7";
    private static final Identifier ONE = Identifier.email("hostile-activation@example.com");

    private static final MutableClock CLOCK = MutableClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));
    private static EmbeddedServiceEmulator emulator;
    private static WireMockServer activation;
    private static WireMockServer otherHost;

    @BeforeAll
    static void start() {
        // Tokens the emulator issues live three days by its clock, so only the client's view of their
        // lifetime (on CLOCK) decides when it re-activates. Its clock is the system's: it checks the
        // SigV4 date of every call against it, and the AWS SDK signs with the system clock.
        emulator = EmbeddedServiceEmulator.builder().tokenTtl(Duration.ofDays(3)).start();
        activation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        otherHost = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        activation.start();
        otherHost.start();
    }

    @AfterAll
    static void stop() {
        activation.stop();
        otherHost.stop();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        activation.resetAll();
        otherHost.resetAll();
        emulator.reset();
    }

    // ------------------------------------------------------------------ the token

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eyJhbGciOiJFZERTQSJ9.e30.c2ln\\r\\nX-Injected: yes", "tok\\nen", "tok\\ren",
            "t\\u00f6ken", "tok\\u2028en", "tok en", "tok\\u0000en"})
    void aTokenThatCouldInjectHeadersIsRefusedByTheFirstCallAndNeverSent(String jsonEscapedToken) {
        activationAnswers(200, "{\"token\":\"" + jsonEscapedToken + "\",\"expiresIn\":3600}");

        ProtocolViolationException e = firstCallFails(ProtocolViolationException.class);

        assertThat(e.getMessage()).contains("unusable token").doesNotContain("X-Injected").doesNotContain("c2ln");
        assertThat(e.retryable()).isFalse();
        assertThat(emulator.journal().invocationCount()).as("InvokeEndpoint calls").isZero();
        activation.verify(1, postRequestedFor(urlPathEqualTo("/v1/activate")));
    }

    @Test
    void anOversizedTokenIsRefusedByTheFirstCallAndNeverSent() {
        emulator.activationFailure(ActivationFailure.OVERSIZED_TOKEN);

        ProtocolViolationException e = catchThrowableOfType(ProtocolViolationException.class, () -> {
            try (EmbeddedServiceClient client = client(emulator.activationUrl()).build()) {
                client.translate(List.of(Identifier.email("oversized@example.com")));
            }
        });

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("1018").doesNotContain("eyJ");
        assertThat(emulator.journal().invocationCount()).as("InvokeEndpoint calls").isZero();
    }

    // ------------------------------------------------------------------ the lifetime

    @ParameterizedTest(name = "expiresIn {0}")
    @ValueSource(strings = {"0", "-1", "-3600", "-9223372036854775809", "-1e400", "0.0"})
    void aLifetimeThatIsNotPositiveIsAProtocolErrorAndNoTokenIsKept(String expiresIn) {
        activationAnswers(200, "{\"token\":\"" + emulator.issueToken() + "\",\"expiresIn\":" + expiresIn + "}");
        try (EmbeddedServiceClient client = client(activation.baseUrl()).build()) {
            ProtocolViolationException first = catchThrowableOfType(ProtocolViolationException.class,
                    () -> translateOne(client));
            assertThat(first).as("the first call's failure").isNotNull();
            assertThat(first.getMessage()).contains("expiresIn").doesNotContain("eyJ");

            // Backing off: the same failure at once, no new request, and never the token it came with.
            assertThat(catchThrowableOfType(ProtocolViolationException.class, () -> translateOne(client)))
                    .hasMessage(first.getMessage());
            activation.verify(1, postRequestedFor(urlPathEqualTo("/v1/activate")));

            // Once the gap has passed and the service behaves, a new activation, and the call works.
            activationAnswers(200, "{\"token\":\"" + emulator.issueToken() + "\",\"expiresIn\":3600}");
            CLOCK.advance(Duration.ofSeconds(7));
            assertThat(Reference.matches(Reference.expected("default", ONE, "US"), translateOne(client).results().get(0)))
                    .as("the emulator's answer for the identifier").isTrue();
            activation.verify(2, postRequestedFor(urlPathEqualTo("/v1/activate")));
        }
        assertThat(emulator.journal().invocationCount()).as("InvokeEndpoint calls, all with the good token")
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "expiresIn {0}")
    @ValueSource(strings = {"99999999999", "1e18", "9223372036854775807", "18446744073709551616", "1e400"})
    void anAbsurdLifetimeIsHeldToADayAndTheTokenIsRenewedWithinIt(String expiresIn) {
        activationAnswers(200, "{\"token\":\"" + emulator.issueToken() + "\",\"expiresIn\":" + expiresIn + "}");
        try (EmbeddedServiceClient client = client(activation.baseUrl()).build()) {
            assertThat(translateOne(client).summary().failed()).isZero();
            CLOCK.advance(Duration.ofHours(23));
            assertThat(translateOne(client).summary().failed()).isZero();
            activation.verify(1, postRequestedFor(urlPathEqualTo("/v1/activate")));

            CLOCK.advance(Duration.ofHours(1).plusMinutes(1));
            assertThat(translateOne(client).summary().failed()).isZero();
            activation.verify(2, postRequestedFor(urlPathEqualTo("/v1/activate")));
        }
    }

    // ------------------------------------------------------------------ where the license key goes

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherHostIsNotFollowedSoTheOtherHostNeverSeesTheLicenseKey(int status) {
        otherHost.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"token\":\"" + emulator.issueToken() + "\",\"expiresIn\":3600}")));
        activation.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withStatus(status)
                .withHeader("Location", "http://localhost:" + otherHost.port() + "/v1/activate")));

        ActivationException e = firstCallFails(ActivationException.class);

        assertThat(e.getMessage()).contains("redirect").doesNotContain(LICENSE_KEY);
        assertThat(e.retryable()).isFalse();
        activation.verify(1, postRequestedFor(urlPathEqualTo("/v1/activate")));
        otherHost.verify(0, anyRequestedFor(anyUrl()));
        assertThat(emulator.journal().invocationCount()).isZero();
    }

    /**
     * Two hosts, whatever the machine: the wildcard address, and this machine's first address that is
     * not loopback (the wildcard again on a machine that has none), so the count does not depend on the
     * machine's network interfaces.
     */
    static Stream<String> hostsThatAreNotLoopback() throws SocketException {
        String own = "0.0.0.0";
        search:
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && nic.isUp()) {
                    own = address.getHostAddress();
                    break search;
                }
            }
        }
        return Stream.of("0.0.0.0", own);
    }

    @ParameterizedTest(name = "http://{0}")
    @MethodSource("hostsThatAreNotLoopback")
    void plainHttpToAHostThatIsNotLoopbackIsRefusedBeforeAnyConnection(String host) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            String url = "http://" + host + ":" + listener.getLocalPort();

            InvalidConfigurationException explicit = catchThrowableOfType(InvalidConfigurationException.class,
                    () -> client(url).build());
            UnaryOperator<String> environment = Map.of(ActivationConfig.ENV_ACTIVATION_URL, url,
                    ActivationConfig.ENV_PRODUCT_CODE, PRODUCT, ActivationConfig.ENV_LICENSE_KEY, LICENSE_KEY)::get;
            InvalidConfigurationException fromEnvironment = catchThrowableOfType(InvalidConfigurationException.class,
                    () -> EmbeddedServiceClient.builder().environment(environment).endpointName("esvc")
                            .region("us-east-1").build());

            for (InvalidConfigurationException e : List.of(explicit, fromEnvironment)) {
                assertThat(e).isNotNull();
                assertThat(e.getMessage()).contains("https").contains(host).doesNotContain(LICENSE_KEY);
            }
            assertThat(pendingConnection(listener)).as("a connection attempt to " + url).isFalse();

            // The listener would have seen one: connecting to that address does reach it.
            try (Socket probe = new Socket(host, listener.getLocalPort())) {
                assertThat(probe.isConnected()).isTrue();
                assertThat(pendingConnection(listener)).as("the probe's connection").isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static EmbeddedServiceClient.Builder client(String activationUrl) {
        return EmbeddedServiceClient.builder()
                .activationConfig(ActivationConfig.builder()
                        .activationUrl(activationUrl)
                        .productCode(PRODUCT)
                        .licenseKey(LICENSE_KEY)
                        .activationDeadline(Duration.ofSeconds(5))
                        .environment(name -> null)
                        .build())
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .endpointName(emulator.endpointName())
                .region(emulator.region())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDHOSTILEACTIVATE1", "activation-secret-key-not-used-anywhere")))
                .clock(CLOCK)
                .environment(name -> null);
    }

    private static void activationAnswers(int status, String body) {
        activation.resetMappings();
        activation.stubFor(post(urlPathEqualTo("/v1/activate")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static TranslateResponse translateOne(EmbeddedServiceClient client) {
        return client.translate(List.of(ONE));
    }

    /** Builds a client for the hostile activation service and returns what its first call throws. */
    private static <T extends EmbeddedServiceException> T firstCallFails(Class<T> type) {
        T thrown = catchThrowableOfType(type, () -> {
            try (EmbeddedServiceClient client = client(activation.baseUrl()).build()) {
                translateOne(client);
            }
        });
        assertThat(thrown).as("what the first call threw").isNotNull();
        return thrown;
    }

    /** Whether a connection is waiting in the listener's backlog (one made before now is there already). */
    private static boolean pendingConnection(ServerSocket listener) throws IOException {
        listener.setSoTimeout(200);
        try (Socket accepted = listener.accept()) {
            return accepted.isConnected();
        } catch (SocketTimeoutException none) {
            return false;
        }
    }
}
