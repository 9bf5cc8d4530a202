package dev.embeddedservice.testkit;

import dev.embeddedservice.testkit.internal.DefaultEmbeddedServiceEmulator;
import dev.embeddedservice.testkit.internal.EmulatorConfig;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * A running local emulator of the partner's activation service (protocol §1) and of a SageMaker real-time
 * endpoint hosting the partner container (§2–§4), on one loopback port: activation at {@code POST /v1/activate},
 * InvokeEndpoint at {@code POST /endpoints/{name}/invocations}, and {@code GET /ping} (200 once serving). Two
 * more services share the port: an OAuth 2.0 client-credentials token endpoint at {@code POST /oauth2/token}
 * (the protocol's alternative token source) and a minimal AWS STS at {@code POST /} ({@code AssumeRole},
 * {@code GetCallerIdentity}), so applications can be tested with OAuth tokens and assumed-role credentials.
 *
 * <p>It issues Ed25519-signed compact JWS tokens, verifies them offline as the container does, answers
 * {@code translate} exactly as §4 specifies and a deterministic {@code fraudScore} (see the testkit's README;
 * results in a seeded shuffled order), speaks SageMaker's rest-json errors (ModelError, ValidationError,
 * ThrottlingException, ...), keeps a bounded journal and a billing ledger, and injects seeded faults. It is
 * thread-safe and meant to be shared by concurrent callers; close it when done.
 *
 * <p>SigV4 is checked as AWS checks it, on InvokeEndpoint, STS and identity proofs: every emulator knows its
 * {@linkplain #awsAccessKeyId() default credentials} (besides the {@linkplain Builder#awsCredentials test
 * credentials} given to its builder and those its STS issues) and verifies the signature of a request signed with
 * one of them; a wrong signature is 403 {@code InvalidSignatureException}. Every signed request's
 * {@code X-Amz-Date} must be within 15 minutes of the emulator's {@linkplain Builder#clock clock}. Arbitrary test
 * credentials still work: an emulator built without test credentials checks a key it does not know for the shape,
 * scope and date of its signature only.
 *
 * <pre>{@code
 * try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
 *         .maxRecordsPerInvocation(500)
 *         .seed(42L)
 *         .faultRate(0.05)
 *         .start()) {
 *     SageMakerRuntimeClient sageMaker = SageMakerRuntimeClient.builder()
 *             .endpointOverride(URI.create(emulator.endpointUrl()))
 *             .region(Region.of(emulator.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create(emulator.awsAccessKeyId(), emulator.awsSecretAccessKey())))
 *             .build();
 *     // activate at emulator.activationUrl() with emulator.productCode() and emulator.licenseKey(), then invoke
 *     // emulator.endpointName() with CustomAttributes "token=..."
 * }
 * }</pre>
 */
public interface EmbeddedServiceEmulator extends AutoCloseable {

    /** Starts an emulator with every default: a free loopback port, seed 42, no faults. */
    static EmbeddedServiceEmulator start() {
        return builder().start();
    }

    /** A builder with every setting at its default. */
    static Builder builder() {
        return new Builder();
    }

    /** The activation service's base URL, such as {@code http://127.0.0.1:50123}; activate at {@code /v1/activate}. */
    String activationUrl();

    /** The SageMaker Runtime endpoint URL to pass as the AWS SDK's {@code endpointOverride}, such as {@code http://127.0.0.1:50123}. */
    String endpointUrl();

    /** The loopback port both services listen on. */
    int port();

    /** The product code the activation service accepts, also the tokens' {@code aud}. */
    String productCode();

    /** The license key the activation service expects in {@code X-Api-Key}, or null when none is required. */
    String licenseKey();

    /** The AWS region of the emulated endpoint (SigV4 requests must be scoped to it). */
    String region();

    /** The name of the emulated SageMaker endpoint. */
    String endpointName();

    /** The AWS account id the emulated services run in and the tokens' {@code sub}. */
    String accountId();

    /**
     * The OAuth 2.0 token endpoint ({@code POST}, RFC 6749 §4.4 client-credentials grant, {@code client_secret_basic}),
     * such as {@code http://127.0.0.1:50123/oauth2/token}. It issues the same tokens as activation, with
     * {@code expires_in} the token lifetime. An optional {@code scope} narrows the token's operations: its scope
     * tokens are {@code embedded-service/{operation}}, one per operation of {@link Builder#operations(List)}.
     *
     * <pre>{@code
     * OAuth2ClientCredentialsTokenProvider tokens = OAuth2ClientCredentialsTokenProvider.builder()
     *         .tokenUrl(emulator.oauthTokenUrl())
     *         .clientId(emulator.oauthClientId())
     *         .clientSecret(emulator.oauthClientSecret())
     *         .scope("embedded-service/translate")
     *         .build();
     * }</pre>
     */
    String oauthTokenUrl();

    /** The OAuth 2.0 client id the token endpoint accepts (default {@value Builder#DEFAULT_OAUTH_CLIENT_ID}). */
    String oauthClientId();

    /** The OAuth 2.0 client secret the token endpoint accepts. A test secret, but never printed by the emulator. */
    String oauthClientSecret();

    /**
     * The access key id of the default AWS credentials every emulator knows,
     * {@value Builder#DEFAULT_AWS_ACCESS_KEY_ID}: requests signed with them have their SigV4 signature verified for
     * real, on every route, whatever the builder's settings. Test credentials, not a secret.
     *
     * <pre>{@code
     * AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
     *         AwsBasicCredentials.create(emulator.awsAccessKeyId(), emulator.awsSecretAccessKey()));
     * }</pre>
     */
    String awsAccessKeyId();

    /**
     * The secret access key of the {@linkplain #awsAccessKeyId() default AWS credentials},
     * {@value Builder#DEFAULT_AWS_SECRET_ACCESS_KEY}.
     */
    String awsSecretAccessKey();

    /**
     * The STS endpoint URL to pass as the AWS SDK's {@code endpointOverride}, such as {@code http://127.0.0.1:50123}.
     * It answers {@code AssumeRole} for any role of {@link #accountId()} (at most one hour, the default
     * {@code MaxSessionDuration}) and {@code GetCallerIdentity}, SigV4-signed for service {@code sts} in
     * {@link #region()}. Requests signed with the {@linkplain #awsAccessKeyId() default credentials}, the
     * {@link Builder#awsCredentials test credentials} or credentials this STS issued are verified for real (and
     * InvokeEndpoint verifies the issued credentials too); with test credentials, other keys are refused.
     *
     * <pre>{@code
     * StsClient sts = StsClient.builder()
     *         .endpointOverride(URI.create(emulator.stsEndpointUrl()))
     *         .region(Region.of(emulator.region()))
     *         .credentialsProvider(baseCredentials)
     *         .build();
     * AwsCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
     *         .stsClient(sts)
     *         .refreshRequest(r -> r.roleArn("arn:aws:iam::" + emulator.accountId() + ":role/invoker")
     *                 .roleSessionName("tests"))
     *         .build();
     * }</pre>
     */
    String stsEndpointUrl();

    /** The Ed25519 public key the container verifies tokens with. */
    PublicKey tokenPublicKey();

    /** Fault injection for InvokeEndpoint calls. */
    FaultInjector faults();

    /** Every following activation request fails with {@code mode}, until {@link #clearActivationFailure()}. */
    void activationFailure(ActivationFailure mode);

    /** The next {@code times} activation requests fail with {@code mode}; later ones succeed again. */
    void activationFailure(ActivationFailure mode, int times);

    /** Activation requests succeed again. */
    void clearActivationFailure();

    /**
     * Revokes every token issued so far, before its expiry: the next invocation with any of them gets ModelError
     * 401 {@code TOKEN_INVALID}; tokens issued afterwards are valid. Revocation survives {@link #reset()}.
     */
    void revokeTokens();

    /**
     * The partner changes its per-invocation record limit at runtime: batches above it get ModelError 413
     * {@code LIMIT_EXCEEDED} with {@code maxRecordsPerInvocation}, and new activation configs carry it.
     */
    void containerMaxRecords(int maxRecords);

    /** The container's current per-invocation record limit. */
    int containerMaxRecords();

    /**
     * Mints a fresh valid token as a successful activation would, without an activation request (handy for
     * tests that call InvokeEndpoint directly). Counts in {@link EmulatorJournal#tokensIssued()}.
     */
    String issueToken();

    /** Introspection of what was received and answered. */
    EmulatorJournal journal();

    /**
     * Back to the state just after start: scripted faults cleared and the builder's fault rate and delay restored,
     * activation failure cleared, journal and ledger emptied (invocation numbers restart at 1), container limit
     * restored. Keys, issued tokens and revocations are kept.
     */
    void reset();

    /** Whether it is still serving. */
    boolean isRunning();

    /** Stops serving and frees the port. Idempotent. */
    @Override
    void close();

    /**
     * Settings of an emulator; every one has a default. Not thread-safe; {@link #start()} validates the settings
     * and may be called more than once to start several emulators.
     */
    final class Builder {
        /** Product code used when none is set. */
        public static final String DEFAULT_PRODUCT_CODE = "prod-4x2kq7";
        /** License key used when none is set. */
        public static final String DEFAULT_LICENSE_KEY = "esvc-test-license-key-4x2kq7-0123456789";
        /** Region used when none is set. */
        public static final String DEFAULT_REGION = "us-east-1";
        /** Endpoint name used when none is set. */
        public static final String DEFAULT_ENDPOINT_NAME = "esvc-identity-test";
        /** AWS account id used when none is set. */
        public static final String DEFAULT_ACCOUNT_ID = "123456789012";
        /** Operations tokens entitle to when none are set: {@code translate} and {@code fraudScore}. */
        public static final List<String> DEFAULT_OPERATIONS = List.of("translate", "fraudScore");
        /** OAuth 2.0 client id used when none is set. */
        public static final String DEFAULT_OAUTH_CLIENT_ID = "esvc-test-client-4x2kq7";
        /** OAuth 2.0 client secret used when none is set (a test secret). */
        public static final String DEFAULT_OAUTH_CLIENT_SECRET = "esvc-test-client-secret-4x2kq7-0123456789";
        /** Access key id of the default AWS credentials every emulator knows; see {@link EmbeddedServiceEmulator#awsAccessKeyId()}. */
        public static final String DEFAULT_AWS_ACCESS_KEY_ID = "AKIDEMULATORDEFAULT1";
        /** The secret access key of the default AWS credentials every emulator knows (test credentials, not a secret). */
        public static final String DEFAULT_AWS_SECRET_ACCESS_KEY = "esvc-emulator-default-test-secret-key";

        private int port;
        private String productCode = DEFAULT_PRODUCT_CODE;
        private String licenseKey = DEFAULT_LICENSE_KEY;
        private String region = DEFAULT_REGION;
        private String endpointName = DEFAULT_ENDPOINT_NAME;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Duration tokenTtl = Duration.ofHours(1);
        private int maxRecordsPerInvocation = 1000;
        private int maxPayloadBytes = 6_291_456;
        private int maxConcurrency = 8;
        private List<String> operations = DEFAULT_OPERATIONS;
        private String oauthClientId = DEFAULT_OAUTH_CLIENT_ID;
        private String oauthClientSecret = DEFAULT_OAUTH_CLIENT_SECRET;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private Boolean requireIdentityProof;
        private Clock clock = Clock.systemUTC();
        private long seed = 42L;
        private double faultRate;
        private Duration faultDelay = Duration.ofMillis(200);
        private KeyPair signingKey;
        private int journalCapacity = 100_000;
        private int containerThreads = 32;

        Builder() {
        }

        /** The loopback port, 0 (default) for a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The product code the activation service accepts and the tokens' {@code aud} (default {@value #DEFAULT_PRODUCT_CODE}). */
        public Builder productCode(String productCode) {
            this.productCode = productCode;
            return this;
        }

        /** The license key required in {@code X-Api-Key} (default {@value #DEFAULT_LICENSE_KEY}); null: none required. */
        public Builder licenseKey(String licenseKey) {
            this.licenseKey = licenseKey;
            return this;
        }

        /** The region (default {@code us-east-1}); sent in the activation config and required in SigV4 scopes. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The endpoint name (default {@value #DEFAULT_ENDPOINT_NAME}); sent in the activation config. */
        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        /** The AWS account id (default {@value #DEFAULT_ACCOUNT_ID}): the tokens' {@code sub}, and in ModelError's log stream. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Token lifetime (default 1 hour, at least 1 second, whole seconds): {@code exp - iat} and {@code expiresIn}. */
        public Builder tokenTtl(Duration tokenTtl) {
            this.tokenTtl = tokenTtl;
            return this;
        }

        /** The container's per-invocation record limit (default 1000), also sent in the activation config. */
        public Builder maxRecordsPerInvocation(int maxRecordsPerInvocation) {
            this.maxRecordsPerInvocation = maxRecordsPerInvocation;
            return this;
        }

        /** SageMaker's payload limit in bytes (default 6,291,456), also sent in the activation config. */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /** Sent in the activation config (default 8); the emulator itself does not limit concurrency. */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * The operations tokens entitle to (claim {@code ops}) and the config lists (default
         * {@link #DEFAULT_OPERATIONS}: {@code translate} and {@code fraudScore}). The container implements those two;
         * another name entitles, but its batches get 400 {@code INVALID_BATCH}.
         */
        public Builder operations(List<String> operations) {
            this.operations = operations == null ? null : List.copyOf(operations);
            return this;
        }

        /**
         * The one OAuth 2.0 client the token endpoint accepts (default {@value #DEFAULT_OAUTH_CLIENT_ID} and
         * {@link #DEFAULT_OAUTH_CLIENT_SECRET}); both non-empty visible ASCII.
         */
        public Builder oauthClient(String clientId, String clientSecret) {
            this.oauthClientId = Objects.requireNonNull(clientId, "clientId");
            this.oauthClientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Test AWS credentials the emulator knows besides its {@linkplain #DEFAULT_AWS_ACCESS_KEY_ID defaults}: the
         * SigV4 signatures of InvokeEndpoint calls, STS requests and activation identity proofs made with them are
         * recomputed and verified for real (as are those made with the defaults or with credentials the emulator's
         * STS issued). With them set, a request signed with any other key is refused (403
         * {@code UnrecognizedClientException}, STS's {@code InvalidClientTokenId}, or 401 for a proof) and identity
         * proofs become required unless {@link #requireIdentityProof(boolean)} says otherwise. Without them, a key
         * the emulator does not know is checked for the shape, scope and date of its signature only, so arbitrary
         * test credentials work.
         */
        public Builder awsCredentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            this.sessionToken = null;
            return this;
        }

        /**
         * As {@link #awsCredentials(String, String)}, from the AWS SDK's credentials (such as
         * {@code AwsBasicCredentials}); with session credentials, requests must carry that session token.
         */
        public Builder awsCredentials(AwsCredentialsIdentity credentials) {
            awsCredentials(credentials.accessKeyId(), credentials.secretAccessKey());
            if (credentials instanceof AwsSessionCredentialsIdentity session) {
                this.sessionToken = session.sessionToken();
            }
            return this;
        }

        /** Whether activation requires an identity proof (default: whenever {@code awsCredentials} are set). */
        public Builder requireIdentityProof(boolean require) {
            this.requireIdentityProof = require;
            return this;
        }

        /**
         * The clock for token {@code iat}/{@code exp} and their checks, SigV4 date checks and journal times
         * (default system UTC). A {@link MutableClock} lets tests expire tokens without waiting. Every signed
         * request's {@code X-Amz-Date} must be within 15 minutes of this clock, whatever its key: a client that signs
         * with the system clock is refused once this clock is moved further than that from real time, so sign with
         * the same clock (the AWS SDK's {@code HttpSigner.SIGNING_CLOCK} signer property) or keep it within 15 minutes.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The seed of all randomness: signing key, token ids, result order, rate faults (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Seeded faults of every kind at this rate, from 0 (default) to 1; see {@link FaultInjector#rate}. */
        public Builder faultRate(double faultRate) {
            this.faultRate = faultRate;
            return this;
        }

        /** How long {@link Fault#DELAY} waits (default 200 ms). */
        public Builder faultDelay(Duration faultDelay) {
            this.faultDelay = faultDelay;
            return this;
        }

        /** The Ed25519 key pair that signs tokens (default: derived from the seed). */
        public Builder signingKey(KeyPair signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /** How many invocation, activation and ledger entries the journal keeps (default 100,000 each; totals stay exact). */
        public Builder journalCapacity(int journalCapacity) {
            this.journalCapacity = journalCapacity;
            return this;
        }

        /** Jetty worker threads (default 32, at least 8). */
        public Builder containerThreads(int containerThreads) {
            this.containerThreads = containerThreads;
            return this;
        }

        /**
         * Validates the settings and starts a running emulator.
         *
         * @throws IllegalArgumentException naming the first invalid setting
         * @throws IllegalStateException    when the server cannot start; when its port is in use, the message says so
         *                                  and the cause is a {@link java.net.BindException}
         */
        public EmbeddedServiceEmulator start() {
            EmulatorConfig config = new EmulatorConfig(port, productCode, licenseKey, region, endpointName, accountId,
                    tokenTtl, maxRecordsPerInvocation, maxPayloadBytes, maxConcurrency, operations, oauthClientId,
                    oauthClientSecret, accessKeyId == null ? null : new EmulatorConfig.Credentials(accessKeyId, secretAccessKey, sessionToken),
                    requireIdentityProof == null ? accessKeyId != null : requireIdentityProof,
                    clock, seed, faultRate, faultDelay, signingKey, journalCapacity, containerThreads);
            return DefaultEmbeddedServiceEmulator.start(config);
        }
    }
}
