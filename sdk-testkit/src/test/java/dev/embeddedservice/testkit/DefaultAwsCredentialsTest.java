package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.auth.scheme.SageMakerRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The emulator's default AWS credentials, through the real AWS SDK {@link SageMakerRuntimeClient} and by hand: an
 * emulator built without test credentials verifies their signatures for real and answers a wrong one as SageMaker
 * does, while keys it does not know keep passing on the shape of their signature; and every signed request, whatever
 * its key, must be dated within 15 minutes of the emulator's clock.
 */
class DefaultAwsCredentialsTest {

    /** SageMaker's words for a signature that does not match, as AWS writes them. */
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** When the clients of the clock-driven tests sign. */
    private static final Instant SIGNED_AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final MutableClock CLOCK = MutableClock.startingAt(SIGNED_AT);
    private static final byte[] ONE_RECORD = TestRecords.batch(List.of(new TestRecords.Item("0", "CUSTOM", "c-1")))
            .getBytes(StandardCharsets.UTF_8);

    /** No test credentials, the system clock. */
    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.create();

    /** No test credentials, a clock the tests drive. */
    @RegisterExtension
    static EmbeddedServiceEmulatorExtension timed = EmbeddedServiceEmulatorExtension.builder().clock(CLOCK).build();

    private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private static AwsBasicCredentials defaults(EmbeddedServiceEmulator emulator) {
        return AwsBasicCredentials.create(emulator.awsAccessKeyId(), emulator.awsSecretAccessKey());
    }

    /** A SageMaker Runtime client without retries; {@code signingClock} null: the SDK signs with the system clock. */
    private SageMakerRuntimeClient sageMaker(EmbeddedServiceEmulator emulator, AwsBasicCredentials credentials,
                                             Clock signingClock, SdkHttpClient httpClient) {
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (signingClock != null) {
            SageMakerRuntimeAuthSchemeProvider standard = SageMakerRuntimeAuthSchemeProvider.defaultProvider();
            builder.authSchemeProvider(params -> standard.resolveAuthScheme(params).stream()
                    .map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signingClock).build())
                    .collect(Collectors.toList()));
        }
        if (httpClient != null) {
            builder.httpClient(httpClient);
        }
        SageMakerRuntimeClient client = builder.build();
        closeables.add(client);
        if (httpClient != null) {
            closeables.add(httpClient);
        }
        return client;
    }

    private SageMakerRuntimeClient sageMaker(EmbeddedServiceEmulator emulator, AwsBasicCredentials credentials) {
        return sageMaker(emulator, credentials, null, null);
    }

    /** A client of {@link #timed} whose signatures are dated {@link #SIGNED_AT}. */
    private SageMakerRuntimeClient signingAtSignedAt(AwsBasicCredentials credentials) {
        return sageMaker(timed.emulator(), credentials, Clock.fixed(SIGNED_AT, ZoneOffset.UTC), null);
    }

    private static InvokeEndpointResponse invoke(SageMakerRuntimeClient client, EmbeddedServiceEmulator emulator) {
        return AwsSdkFidelityTest.invoke(client, emulator, emulator.issueToken(), ONE_RECORD);
    }

    private static AwsServiceException refusal(SageMakerRuntimeClient client, EmbeddedServiceEmulator emulator) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, () -> invoke(client, emulator));
        assertThat(e).as("the call's exception").isNotNull();
        return e;
    }

    private static void assertInvalidSignature(AwsServiceException e, String message) {
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static String expired(Instant signedAt, Instant now) {
        return "Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than "
                + AMZ_DATE.format(now.minusSeconds(900)) + " (" + AMZ_DATE.format(now) + " - 15 min.)";
    }

    private static String notYetCurrent(Instant signedAt, Instant now) {
        return "Signature not yet current: " + AMZ_DATE.format(signedAt) + " is still later than "
                + AMZ_DATE.format(now.plusSeconds(900)) + " (" + AMZ_DATE.format(now) + " + 15 min.)";
    }

    // ------------------------------------------------------------------ the default credentials, verified

    @Test
    void every_emulator_exposes_the_documented_default_credentials() {
        assertThat(emulator.awsAccessKeyId()).isEqualTo(EmbeddedServiceEmulator.Builder.DEFAULT_AWS_ACCESS_KEY_ID)
                .isEqualTo("AKIDEMULATORDEFAULT1");
        assertThat(emulator.awsSecretAccessKey()).isEqualTo(EmbeddedServiceEmulator.Builder.DEFAULT_AWS_SECRET_ACCESS_KEY)
                .isEqualTo("esvc-emulator-default-test-secret-key");
        assertThat(timed.emulator().awsAccessKeyId()).isEqualTo(emulator.awsAccessKeyId());
    }

    @Test
    void a_call_signed_with_the_default_credentials_is_answered() throws Exception {
        InvokeEndpointResponse response = invoke(sageMaker(emulator.emulator(), defaults(emulator.emulator())),
                emulator.emulator());

        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(RawHttp.MAPPER.readTree(response.body().asByteArray()).get("results")).hasSize(1);
        assertThat(emulator.journal().invocations()).singleElement().satisfies(i -> {
            assertThat(i.httpStatus()).isEqualTo(200);
            assertThat(i.accessKeyId()).isEqualTo(emulator.awsAccessKeyId());
        });
    }

    @Test
    void the_default_key_id_with_a_wrong_secret_is_refused_as_sagemaker_refuses_it() {
        AwsBasicCredentials wrongSecret = AwsBasicCredentials.create(emulator.awsAccessKeyId(), "not-the-secret");

        AwsServiceException e = refusal(sageMaker(emulator.emulator(), wrongSecret), emulator.emulator());

        assertInvalidSignature(e, MISMATCH);
        assertThat(e.retryable()).isFalse();
        assertThat(emulator.journal().invocations()).singleElement().satisfies(i -> {
            assertThat(i.httpStatus()).isEqualTo(403);
            assertThat(i.errorType()).isEqualTo("InvalidSignatureException");
            assertThat(i.accessKeyId()).isEqualTo(emulator.awsAccessKeyId());
        });
        assertThat(emulator.journal().billedUnits()).isZero();
    }

    @Test
    void a_body_changed_after_the_sdk_signed_it_is_refused() {
        SageMakerRuntimeClient unchanged = sageMaker(emulator.emulator(), defaults(emulator.emulator()), null,
                new BodyChangingHttpClient(body -> body));
        SageMakerRuntimeClient changed = sageMaker(emulator.emulator(), defaults(emulator.emulator()), null,
                new BodyChangingHttpClient(body -> body.replace("c-1", "c-2")));
        assertThat(invoke(unchanged, emulator.emulator()).sdkHttpResponse().statusCode())
                .as("the same request through the same kind of client, its body untouched").isEqualTo(200);

        AwsServiceException e = refusal(changed, emulator.emulator());

        assertInvalidSignature(e, MISMATCH);
        assertThat(emulator.journal().invocations()).extracting(InvocationRecord::httpStatus).containsExactly(200, 403);
        assertThat(emulator.journal().billedUnits()).as("only the untouched call").isEqualTo(1);
    }

    @Test
    void with_test_credentials_the_defaults_are_still_known_and_verified() {
        try (EmbeddedServiceEmulator strict = EmbeddedServiceEmulator.builder()
                .awsCredentials("AKIDSTRICTTESTKEY001", "strict-test-secret").start()) {
            assertThat(invoke(sageMaker(strict, defaults(strict)), strict).sdkHttpResponse().statusCode()).isEqualTo(200);

            AwsServiceException e = refusal(sageMaker(strict,
                    AwsBasicCredentials.create(strict.awsAccessKeyId(), "not-the-secret")), strict);

            assertInvalidSignature(e, MISMATCH);
        }
    }

    @Test
    void any_other_key_still_passes_on_the_shape_of_its_signature() {
        InvokeEndpointResponse response = invoke(sageMaker(emulator.emulator(),
                AwsBasicCredentials.create("AKIDANYTHINGATALL001", "any-secret")), emulator.emulator());

        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ by hand: a made-up signature

    @Test
    void a_made_up_signature_by_the_default_key_is_refused() throws Exception {
        RawHttp.Response response = new RawHttp(emulator.emulator())
                .invoke(emulator.endpointName(), withToken(RawHttp.sageMakerHeaders(Instant.now(),
                        emulator.awsAccessKeyId()), emulator.emulator()), ONE_RECORD);

        assertRawInvalidSignature(response, MISMATCH);
    }

    @Test
    void a_made_up_signature_dated_2020_is_refused_for_the_default_key() throws Exception {
        Instant now = CLOCK.set(Instant.parse("2026-12-01T15:30:00Z")).instant();
        Instant in2020 = Instant.parse("2020-06-01T12:00:00Z");

        RawHttp.Response response = new RawHttp(timed.emulator()).invoke(timed.endpointName(),
                withToken(RawHttp.sageMakerHeaders(in2020, timed.awsAccessKeyId()), timed.emulator()), ONE_RECORD);

        assertRawInvalidSignature(response, expired(in2020, now));
        assertThat(response.json().get("message").asText())
                .isEqualTo("Signature expired: 20200601T120000Z is now earlier than 20261201T151500Z "
                        + "(20261201T153000Z - 15 min.)");
    }

    @Test
    void a_made_up_signature_dated_2020_is_refused_for_a_key_the_emulator_does_not_know() throws Exception {
        Instant now = CLOCK.set(Instant.parse("2026-12-01T15:30:00Z")).instant();
        Instant in2020 = Instant.parse("2020-06-01T12:00:00Z");

        RawHttp.Response response = new RawHttp(timed.emulator()).invoke(timed.endpointName(),
                withToken(RawHttp.sageMakerHeaders(in2020, RawHttp.UNKNOWN_ACCESS_KEY_ID), timed.emulator()), ONE_RECORD);

        assertRawInvalidSignature(response, expired(in2020, now));
        assertThat(timed.journal().invocations().get(0).accessKeyId()).isEqualTo(RawHttp.UNKNOWN_ACCESS_KEY_ID);
    }

    @Test
    void on_the_system_clock_a_request_dated_2020_is_refused_whatever_its_key() throws Exception {
        for (String key : List.of(emulator.awsAccessKeyId(), RawHttp.UNKNOWN_ACCESS_KEY_ID)) {
            RawHttp.Response response = new RawHttp(emulator.emulator()).invoke(emulator.endpointName(),
                    withToken(RawHttp.sageMakerHeaders(Instant.parse("2020-06-01T12:00:00Z"), key), emulator.emulator()),
                    ONE_RECORD);

            assertThat(response.status()).as("%s: %s", key, response.body()).isEqualTo(403);
            assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("InvalidSignatureException");
            assertThat(response.json().get("message").asText())
                    .startsWith("Signature expired: 20200601T120000Z is now earlier than ");
        }
        assertThat(emulator.journal().billedUnits()).isZero();
    }

    // ------------------------------------------------------------------ the date, against the emulator's clock

    @Test
    void a_request_signed_16_minutes_ahead_of_the_emulator_clock_is_not_yet_current() {
        Instant now = CLOCK.set(SIGNED_AT.minus(Duration.ofMinutes(16))).instant();

        AwsServiceException e = refusal(signingAtSignedAt(defaults(timed.emulator())), timed.emulator());

        assertInvalidSignature(e, notYetCurrent(SIGNED_AT, now));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Signature not yet current: 20260302T090000Z is still later than 20260302T085900Z "
                        + "(20260302T084400Z + 15 min.)");
    }

    @Test
    void a_request_signed_16_minutes_behind_the_emulator_clock_has_expired() {
        Instant now = CLOCK.set(SIGNED_AT.plus(Duration.ofMinutes(16))).instant();

        AwsServiceException e = refusal(signingAtSignedAt(defaults(timed.emulator())), timed.emulator());

        assertInvalidSignature(e, expired(SIGNED_AT, now));
    }

    @Test
    void a_request_signed_14_minutes_off_the_emulator_clock_either_way_is_accepted() {
        SageMakerRuntimeClient client = signingAtSignedAt(defaults(timed.emulator()));

        CLOCK.set(SIGNED_AT.plus(Duration.ofMinutes(14)));
        assertThat(invoke(client, timed.emulator()).sdkHttpResponse().statusCode()).isEqualTo(200);
        CLOCK.set(SIGNED_AT.minus(Duration.ofMinutes(14)));
        assertThat(invoke(client, timed.emulator()).sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void the_date_is_checked_for_a_key_the_emulator_does_not_know_as_well() {
        SageMakerRuntimeClient client = signingAtSignedAt(AwsBasicCredentials.create("AKIDANYTHINGATALL001", "any"));

        CLOCK.set(SIGNED_AT.plus(Duration.ofMinutes(14)));
        assertThat(invoke(client, timed.emulator()).sdkHttpResponse().statusCode()).isEqualTo(200);
        Instant now = CLOCK.set(SIGNED_AT.plus(Duration.ofMinutes(16))).instant();
        assertInvalidSignature(refusal(client, timed.emulator()), expired(SIGNED_AT, now));
        now = CLOCK.set(SIGNED_AT.minus(Duration.ofMinutes(16))).instant();
        assertInvalidSignature(refusal(client, timed.emulator()), notYetCurrent(SIGNED_AT, now));
    }

    // ------------------------------------------------------------------ helpers

    private static java.util.Map<String, String> withToken(java.util.Map<String, String> headers,
                                                          EmbeddedServiceEmulator emulator) {
        headers.put("X-Amzn-SageMaker-Custom-Attributes", "token=" + emulator.issueToken());
        return headers;
    }

    private static void assertRawInvalidSignature(RawHttp.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("X-Amzn-ErrorType")).isEqualTo("InvalidSignatureException");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("message").asText()).isEqualTo(message);
        assertThat(response.header("x-amzn-RequestId")).isNotBlank();
    }

    /**
     * The SDK's own HTTP client (found as the SDK finds it), except that it sends the signed request's body through
     * {@code change} first: what a proxy that alters a request on the way would do.
     */
    static final class BodyChangingHttpClient implements SdkHttpClient {

        private final SdkHttpClient delegate = ServiceLoader.load(SdkHttpService.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no AWS SDK HTTP client on the class path"))
                .createHttpClientBuilder().build();
        private final UnaryOperator<String> change;

        BodyChangingHttpClient(UnaryOperator<String> change) {
            this.change = change;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            byte[] signed;
            try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
                signed = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] sent = change.apply(new String(signed, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            HttpExecuteRequest.Builder changed = HttpExecuteRequest.builder()
                    .request(request.httpRequest())
                    .contentStreamProvider(() -> new ByteArrayInputStream(sent));
            request.metricCollector().ifPresent(changed::metricCollector);
            return delegate.prepareRequest(changed.build());
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
