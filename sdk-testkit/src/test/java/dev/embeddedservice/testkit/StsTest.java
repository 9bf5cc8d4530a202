package dev.embeddedservice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The emulator's STS, through the AWS SDK's own {@link StsClient} and {@link StsAssumeRoleCredentialsProvider}: the
 * SDK parses its XML, the credentials it issues sign InvokeEndpoint calls the SageMaker front verifies, and its
 * refusals arrive as {@link StsException}s with the STS error codes.
 */
class StsTest {

    static final AwsBasicCredentials BASE = AwsBasicCredentials.create("AKIDSTSTEST000000001", "sts-test-secret-key");

    @RegisterExtension
    static EmbeddedServiceEmulatorExtension emulator = EmbeddedServiceEmulatorExtension.builder()
            .awsCredentials(BASE)
            .requireIdentityProof(false)
            .build();

    private final java.util.List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    static String roleArn(EmbeddedServiceEmulator emulator, String name) {
        return "arn:aws:iam::" + emulator.accountId() + ":role/" + name;
    }

    private StsClient sts(EmbeddedServiceEmulator emulator, AwsCredentialsProvider credentials) {
        return closing(StsClient.builder()
                .endpointOverride(URI.create(emulator.stsEndpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return sts(emulator.emulator(), credentials);
    }

    /** An STS client whose requests are signed as of {@code signedAt}, whatever the time. */
    private StsClient stsSigningAt(EmbeddedServiceEmulator emulator, AwsBasicCredentials credentials, Instant signedAt) {
        StsAuthSchemeProvider standard = StsAuthSchemeProvider.defaultProvider();
        Clock signingClock = Clock.fixed(signedAt, ZoneOffset.UTC);
        return closing(StsClient.builder()
                .endpointOverride(URI.create(emulator.stsEndpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .authSchemeProvider(params -> standard.resolveAuthScheme(params).stream()
                        .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, signingClock).build())
                        .collect(Collectors.toList()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    private SageMakerRuntimeClient sageMaker(EmbeddedServiceEmulator emulator, AwsCredentialsProvider credentials) {
        return closing(SageMakerRuntimeClient.builder()
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build());
    }

    private static byte[] batch() {
        return TestRecords.batch(TestRecords.valid(5, 2)).getBytes(StandardCharsets.UTF_8);
    }

    private static StaticCredentialsProvider session(AssumeRoleResponse response) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(response.credentials().accessKeyId(),
                response.credentials().secretAccessKey(), response.credentials().sessionToken()));
    }

    @Test
    void assume_role_answers_xml_the_sdk_parses_into_temporary_credentials() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        AssumeRoleResponse response = sts(StaticCredentialsProvider.create(BASE)).assumeRole(r -> r
                .roleArn(roleArn(emulator.emulator(), "esvc-invoker")).roleSessionName("nightly-batch"));

        assertThat(response.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(response.credentials().secretAccessKey()).hasSize(40);
        assertThat(response.credentials().sessionToken()).hasSizeGreaterThan(100);
        assertThat(response.credentials().expiration()).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3600));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + emulator.emulator().accountId() + ":assumed-role/esvc-invoker/nightly-batch");
        assertThat(response.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:nightly-batch");
        assertThat(response.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
        StsRecord record = emulator.journal().stsRequests().get(0);
        assertThat(record.action()).isEqualTo("AssumeRole");
        assertThat(record.httpStatus()).isEqualTo(200);
        assertThat(record.accessKeyId()).isEqualTo(BASE.accessKeyId());
        assertThat(record.roleArn()).isEqualTo(roleArn(emulator.emulator(), "esvc-invoker"));
        assertThat(record.roleSessionName()).isEqualTo("nightly-batch");
        assertThat(record.issuedAccessKeyId()).isEqualTo(response.credentials().accessKeyId());
        assertThat(record.credentialsExpireAt()).isEqualTo(response.credentials().expiration());
        assertThat(emulator.journal().temporaryCredentialsIssued()).isEqualTo(1);
        assertThat(emulator.journal().toString() + emulator.journal().stsRequests())
                .doesNotContain(response.credentials().secretAccessKey())
                .doesNotContain(response.credentials().sessionToken());
    }

    @Test
    void a_shorter_duration_is_honoured() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        AssumeRoleResponse response = sts(StaticCredentialsProvider.create(BASE)).assumeRole(r -> r
                .roleArn(roleArn(emulator.emulator(), "path/to/esvc-invoker")).roleSessionName("s1")
                .durationSeconds(900));

        assertThat(response.credentials().expiration()).isBetween(before.plusSeconds(900), Instant.now().plusSeconds(900));
        assertThat(response.assumedRoleUser().arn()).endsWith(":assumed-role/esvc-invoker/s1");
    }

    @Test
    void the_assume_role_provider_signs_invocations_the_sagemaker_front_verifies_with_the_issued_key() {
        StsAssumeRoleCredentialsProvider assumed = closing(StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts(StaticCredentialsProvider.create(BASE)))
                .refreshRequest(r -> r.roleArn(roleArn(emulator.emulator(), "esvc-invoker")).roleSessionName("app"))
                .build());
        SageMakerRuntimeClient sageMaker = sageMaker(emulator.emulator(), assumed);
        String token = emulator.emulator().issueToken();

        for (int i = 0; i < 3; i++) {
            assertThat(AwsSdkFidelityTest.invoke(sageMaker, emulator.emulator(), token, batch())
                    .sdkHttpResponse().statusCode()).isEqualTo(200);
        }

        String issued = emulator.journal().stsRequests().get(0).issuedAccessKeyId();
        assertThat(emulator.journal().stsRequestCount()).as("one AssumeRole, cached by the provider").isEqualTo(1);
        assertThat(emulator.journal().invocations()).hasSize(3).allSatisfy(i -> {
            assertThat(i.httpStatus()).isEqualTo(200);
            assertThat(i.accessKeyId()).isEqualTo(issued);
        });
        assertThat(emulator.journal().lastInvocationHeaders().get("X-Amz-Security-Token")).isNotEmpty();
    }

    @Test
    void get_caller_identity_names_the_user_or_the_assumed_role() {
        StsClient base = sts(StaticCredentialsProvider.create(BASE));
        AssumeRoleResponse assumed = base.assumeRole(r -> r.roleArn(roleArn(emulator.emulator(), "esvc-invoker"))
                .roleSessionName("who-am-i"));

        GetCallerIdentityResponse user = base.getCallerIdentity();
        GetCallerIdentityResponse role = sts(session(assumed)).getCallerIdentity();

        assertThat(user.account()).isEqualTo(emulator.emulator().accountId());
        assertThat(user.arn()).isEqualTo("arn:aws:iam::" + emulator.emulator().accountId() + ":user/esvc-emulator-user");
        assertThat(user.userId()).matches("AIDA[A-Z2-7]{17}");
        assertThat(role.arn()).isEqualTo(assumed.assumedRoleUser().arn());
        assertThat(role.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
    }

    @Test
    void assumed_role_credentials_can_assume_a_role_again() {
        AssumeRoleResponse first = sts(StaticCredentialsProvider.create(BASE))
                .assumeRole(r -> r.roleArn(roleArn(emulator.emulator(), "hop-1")).roleSessionName("one"));

        AssumeRoleResponse second = sts(session(first))
                .assumeRole(r -> r.roleArn(roleArn(emulator.emulator(), "hop-2")).roleSessionName("two"));

        assertThat(second.assumedRoleUser().arn()).endsWith(":assumed-role/hop-2/two");
        assertThat(emulator.journal().stsRequests().get(1).accessKeyId()).isEqualTo(first.credentials().accessKeyId());
    }

    @Test
    void a_wrong_secret_is_signature_does_not_match_and_an_unknown_key_is_invalid_client_token_id() {
        StsException wrongSecret = catchThrowableOfType(StsException.class, () -> sts(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(BASE.accessKeyId(), "not-the-secret"))).getCallerIdentity());
        StsException unknownKey = catchThrowableOfType(StsException.class, () -> sts(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDUNKNOWN000000000", "whatever"))).getCallerIdentity());

        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        assertThat(unknownKey.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
        assertThat(unknownKey.requestId()).isNotBlank();
        assertThat(emulator.journal().temporaryCredentialsIssued()).isZero();
    }

    @Test
    void the_default_credentials_are_known_to_sts_and_verified() {
        GetCallerIdentityResponse identity = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                emulator.awsAccessKeyId(), emulator.awsSecretAccessKey()))).getCallerIdentity();

        assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + emulator.emulator().accountId() + ":user/esvc-emulator-user");
        assertThat(emulator.journal().stsRequests()).singleElement().satisfies(r -> {
            assertThat(r.httpStatus()).isEqualTo(200);
            assertThat(r.accessKeyId()).isEqualTo(emulator.awsAccessKeyId());
        });
    }

    @Test
    void the_default_key_id_with_a_wrong_secret_is_signature_does_not_match() {
        try (EmbeddedServiceEmulator shapeOnly = EmbeddedServiceEmulator.start()) {
            StsException e = catchThrowableOfType(StsException.class, () -> sts(shapeOnly, StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(shapeOnly.awsAccessKeyId(), "not-the-secret"))).getCallerIdentity());

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(DefaultAwsCredentialsTest.MISMATCH);
            assertThat(shapeOnly.journal().stsRequests()).singleElement().satisfies(r -> {
                assertThat(r.httpStatus()).isEqualTo(403);
                assertThat(r.errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(r.accessKeyId()).isEqualTo(shapeOnly.awsAccessKeyId());
            });
        }
    }

    @Test
    void a_made_up_signature_by_the_default_key_gets_the_sts_xml_error() throws Exception {
        try (EmbeddedServiceEmulator shapeOnly = EmbeddedServiceEmulator.start()) {
            Instant now = Instant.now();
            Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                    "X-Amz-Date", RawHttp.amzDate(now),
                    "Authorization", RawHttp.fakeAuthorization(now, shapeOnly.awsAccessKeyId(), "sts"));

            RawHttp.Response response = RawHttp.post(shapeOnly.stsEndpointUrl() + "/", headers,
                    "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Content-Type")).isEqualTo("text/xml");
            assertThat(response.body()).isEqualTo("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                    + "  <Error>\n"
                    + "    <Type>Sender</Type>\n"
                    + "    <Code>SignatureDoesNotMatch</Code>\n"
                    + "    <Message>" + DefaultAwsCredentialsTest.MISMATCH + "</Message>\n"
                    + "  </Error>\n"
                    + "  <RequestId>" + response.header("x-amzn-RequestId") + "</RequestId>\n"
                    + "</ErrorResponse>\n");
        }
    }

    @Test
    void a_request_dated_more_than_15_minutes_from_the_emulator_clock_is_refused_whatever_its_key() {
        Instant signedAt = Instant.parse("2026-03-02T09:00:00Z");
        MutableClock clock = MutableClock.startingAt(signedAt);
        try (EmbeddedServiceEmulator timed = EmbeddedServiceEmulator.builder().clock(clock).start()) {
            for (AwsBasicCredentials key : List.of(AwsBasicCredentials.create(timed.awsAccessKeyId(),
                    timed.awsSecretAccessKey()), AwsBasicCredentials.create("AKIDUNKNOWN000000000", "whatever"))) {
                StsClient sts = stsSigningAt(timed, key, signedAt);

                clock.set(signedAt.plus(Duration.ofMinutes(14)));
                assertThat(sts.getCallerIdentity().account()).as(key.accessKeyId()).isEqualTo(timed.accountId());
                clock.set(signedAt.plus(Duration.ofMinutes(16)));
                StsException expired = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
                clock.set(signedAt.minus(Duration.ofMinutes(16)));
                StsException early = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

                assertThat(expired.statusCode()).isEqualTo(403);
                assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(expired.awsErrorDetails().errorMessage()).isEqualTo("Signature expired: 20260302T090000Z is now "
                        + "earlier than 20260302T090100Z (20260302T091600Z - 15 min.)");
                assertThat(early.statusCode()).isEqualTo(403);
                assertThat(early.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(early.awsErrorDetails().errorMessage()).isEqualTo("Signature not yet current: 20260302T090000Z "
                        + "is still later than 20260302T085900Z (20260302T084400Z + 15 min.)");
            }
        }
    }

    @Test
    void a_role_of_another_account_is_access_denied() {
        String foreign = "arn:aws:iam::210987654321:role/esvc-invoker";

        StsException e = catchThrowableOfType(StsException.class, () -> sts(StaticCredentialsProvider.create(BASE))
                .assumeRole(r -> r.roleArn(foreign).roleSessionName("session")));

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + emulator.emulator().accountId()
                + ":user/esvc-emulator-user is not authorized to perform: sts:AssumeRole on resource: " + foreign);
    }

    @Test
    void invalid_parameters_are_validation_errors() {
        StsClient sts = sts(StaticCredentialsProvider.create(BASE));
        String role = roleArn(emulator.emulator(), "esvc-invoker");

        Map<String, StsException> errors = Map.of(
                "too long", catchThrowableOfType(StsException.class,
                        () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("session").durationSeconds(7200))),
                "too short", catchThrowableOfType(StsException.class,
                        () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("session").durationSeconds(60))),
                "session name", catchThrowableOfType(StsException.class,
                        () -> sts.assumeRole(r -> r.roleArn(role).roleSessionName("a"))),
                "not a role", catchThrowableOfType(StsException.class,
                        () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + emulator.emulator().accountId()
                                + ":user/someone").roleSessionName("session"))));

        errors.values().forEach(e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        });
        assertThat(errors.get("too long").awsErrorDetails().errorMessage())
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        assertThat(errors.get("too short").awsErrorDetails().errorMessage())
                .isEqualTo("1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
        assertThat(errors.get("session name").awsErrorDetails().errorMessage()).contains("'roleSessionName'");
        assertThat(emulator.journal().stsRequests()).extracting(StsRecord::errorCode).containsOnly("ValidationError");
    }

    @Test
    void expired_temporary_credentials_are_refused_by_sagemaker() {
        MutableClock clock = MutableClock.startingAt(Instant.now());
        try (EmbeddedServiceEmulator timed = EmbeddedServiceEmulator.builder().awsCredentials(BASE)
                .requireIdentityProof(false).clock(clock).start()) {
            AssumeRoleResponse assumed = sts(timed, StaticCredentialsProvider.create(BASE))
                    .assumeRole(r -> r.roleArn(roleArn(timed, "esvc-invoker")).roleSessionName("session").durationSeconds(900));
            SageMakerRuntimeClient sageMaker = sageMaker(timed, session(assumed));
            String token = timed.issueToken();
            assertThat(AwsSdkFidelityTest.invoke(sageMaker, timed, token, batch()).sdkHttpResponse().statusCode())
                    .isEqualTo(200);

            clock.advance(Duration.ofSeconds(901));
            AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                    () -> AwsSdkFidelityTest.invoke(sageMaker, timed, token, batch()));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        }
    }

    @Test
    void a_session_token_other_than_the_issued_one_is_unrecognized() {
        AssumeRoleResponse assumed = sts(StaticCredentialsProvider.create(BASE))
                .assumeRole(r -> r.roleArn(roleArn(emulator.emulator(), "esvc-invoker")).roleSessionName("session"));
        SageMakerRuntimeClient sageMaker = sageMaker(emulator.emulator(), StaticCredentialsProvider.create(
                AwsSessionCredentials.create(assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(),
                        "IQoJb3JpZ2luX2VjEforged")));

        AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                () -> AwsSdkFidelityTest.invoke(sageMaker, emulator.emulator(), emulator.emulator().issueToken(), batch()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(emulator.journal().invocations().get(0).accessKeyId()).isEqualTo(assumed.credentials().accessKeyId());
    }

    @Test
    void issued_credentials_survive_a_reset() {
        AssumeRoleResponse assumed = sts(StaticCredentialsProvider.create(BASE))
                .assumeRole(r -> r.roleArn(roleArn(emulator.emulator(), "esvc-invoker")).roleSessionName("session"));

        emulator.emulator().reset();

        assertThat(sts(session(assumed)).getCallerIdentity().arn()).isEqualTo(assumed.assumedRoleUser().arn());
        assertThat(emulator.journal().stsRequests()).extracting(StsRecord::number).containsExactly(1L);
    }

    @Test
    void without_test_credentials_any_well_formed_signature_is_accepted_and_keys_are_still_journaled() {
        try (EmbeddedServiceEmulator shapeOnly = EmbeddedServiceEmulator.start()) {
            AssumeRoleResponse assumed = sts(shapeOnly, StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDANYTHING00000000", "any-secret")))
                    .assumeRole(r -> r.roleArn(roleArn(shapeOnly, "esvc-invoker")).roleSessionName("session"));

            AwsSdkFidelityTest.invoke(sageMaker(shapeOnly, session(assumed)), shapeOnly, shapeOnly.issueToken(), batch());

            assertThat(shapeOnly.journal().stsRequests().get(0).accessKeyId()).isEqualTo("AKIDANYTHING00000000");
            assertThat(shapeOnly.journal().invocations().get(0).accessKeyId())
                    .isEqualTo(assumed.credentials().accessKeyId());
        }
    }

    @Test
    void the_raw_answers_are_sts_query_protocol_xml() throws Exception {
        try (EmbeddedServiceEmulator shapeOnly = EmbeddedServiceEmulator.start()) {
            Instant now = Instant.now();
            String authorization = RawHttp.fakeAuthorization(now, RawHttp.UNKNOWN_ACCESS_KEY_ID, "sts");
            Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                    "X-Amz-Date", RawHttp.amzDate(now), "Authorization", authorization);

            RawHttp.Response ok = RawHttp.post(shapeOnly.stsEndpointUrl() + "/", headers,
                    ("Action=AssumeRole&Version=2011-06-15&RoleArn=" + roleArn(shapeOnly, "r").replace(":", "%3A")
                            .replace("/", "%2F") + "&RoleSessionName=s1").getBytes(StandardCharsets.UTF_8));
            RawHttp.Response unknown = RawHttp.post(shapeOnly.stsEndpointUrl() + "/", headers,
                    "Action=GetWidget&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
            RawHttp.Response unsigned = RawHttp.post(shapeOnly.stsEndpointUrl() + "/",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));

            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Content-Type")).isEqualTo("text/xml");
            assertThat(ok.body()).startsWith("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                    .contains("<AssumeRoleResult>", "<AssumedRoleUser>", "<Credentials>", "<Expiration>",
                            "<ResponseMetadata>");
            assertThat(ok.body()).containsPattern("<Expiration>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</Expiration>");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                    .contains("<Type>Sender</Type>", "<Code>InvalidAction</Code>", "<RequestId>");
            assertThat(unsigned.status()).isEqualTo(403);
            assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
            assertThat(shapeOnly.journal().stsRequests()).extracting(StsRecord::action)
                    .containsExactly("AssumeRole", "GetWidget", "GetCallerIdentity");
            assertThat(List.of(ok, unknown, unsigned)).allSatisfy(r -> assertThat(r.header("x-amzn-RequestId")).isNotBlank());
        }
    }
}
