package dev.embeddedservice;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.internal.ClientSettings;
import dev.embeddedservice.internal.DefaultEmbeddedServiceClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The client of a partner's embedded service running on Amazon SageMaker in your VPC. It
 * activates the subscription and keeps its token fresh, normalizes and hashes identifiers
 * locally, packs them into batches within the partner's per-invocation limits, calls
 * InvokeEndpoint with retries, backoff and a circuit breaker, and returns one typed result per
 * input, in input order.
 *
 * <p><b>Share one client.</b> A client is thread-safe and holds a token cache, a SageMaker client
 * with its connection pool, and worker threads. Create one per application (per product) and
 * share it; {@link #close()} it when the application stops.
 *
 * <pre>{@code
 * try (EmbeddedServiceClient client = EmbeddedServiceClient.builder()
 *         .activationConfig(ActivationConfig.builder()
 *                 .activationUrl("https://activation.partner.example")
 *                 .productCode("prod-4x2kq7")
 *                 .licenseKey(licenseKey)
 *                 .build())
 *         .targetNamespace("acme-media")
 *         .build()) {
 *     TranslateResponse response = client.translate(List.of(
 *             Identifier.email("alice@example.com"),
 *             Identifier.phone("+1 202 555 0143")));
 *     response.results().forEach(r -> System.out.println(r.status() + " " + r.translatedId().orElse("")));
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> A call that cannot run at all throws an {@link EmbeddedServiceException}
 * (activation refused, the circuit breaker open, the deadline passed before anything was sent).
 * Once a call runs, partial failure does not throw: each record that could not be answered is
 * {@link RecordStatus#FAILED} with a reason and whether a retry may help.
 */
public interface EmbeddedServiceClient extends AutoCloseable {

    /** A builder for a client. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Translates identifiers into the request's (or the client's) target namespace.
     *
     * @return one result per identifier, in input order
     * @throws EmbeddedServiceException when nothing could run (see the class documentation)
     */
    TranslateResponse translate(TranslateRequest request);

    /** Translates identifiers into the client's target namespace. */
    default TranslateResponse translate(List<Identifier> identifiers) {
        return translate(TranslateRequest.of(identifiers));
    }

    /**
     * {@link #translate(TranslateRequest)} without blocking the caller. The future fails with the
     * same exceptions the blocking form throws.
     */
    CompletableFuture<TranslateResponse> translateAsync(TranslateRequest request);

    /**
     * Translates an input larger than memory: identifiers are pulled from {@code identifiers} as
     * batches are sent, and results are delivered to {@code consumer} in input order on the
     * calling thread, with at most {@code maxConcurrency + 1} batches in memory. Equal
     * identifiers are sent once per batch; the deadline applies to each batch.
     *
     * <pre>{@code
     * try (Stream<String> lines = Files.lines(input)) {
     *     InvocationSummary summary = client.translateStream(lines.map(Identifier::email).iterator(),
     *             "acme-media", result -> writer.write(result));
     * }
     * }</pre>
     *
     * @param targetNamespace the namespace, or {@code null} for the client's default
     * @return what the call did
     */
    InvocationSummary translateStream(Iterator<Identifier> identifiers, String targetNamespace,
                                      Consumer<TranslateResult> consumer);

    /** {@link #translateStream(Iterator, String, Consumer)} from a {@link Stream}, into the default namespace. */
    default InvocationSummary translateStream(Stream<Identifier> identifiers, Consumer<TranslateResult> consumer) {
        return translateStream(identifiers.iterator(), null, consumer);
    }

    /**
     * Calls a generic operation on each input, batched like {@link #translate}. Equal inputs
     * (equal JSON) are sent once.
     *
     * @return one result per input, in input order
     */
    <I, O> BatchResult<O> invoke(Operation<I, O> operation, List<I> inputs);

    /** {@link #invoke(Operation, List)} without blocking the caller. */
    <I, O> CompletableFuture<BatchResult<O>> invokeAsync(Operation<I, O> operation, List<I> inputs);

    /** The streaming form of {@link #invoke(Operation, List)}; see {@link #translateStream(Iterator, String, Consumer)}. */
    <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                          Consumer<RecordResult<O>> consumer);

    /**
     * Stops the client: worker threads, the token provider it built and the SageMaker client it
     * built are closed. A token provider or SageMaker client given to the builder is not closed.
     * Calls made after this fail. Idempotent.
     */
    @Override
    void close();

    /**
     * Configures an {@link EmbeddedServiceClient}. Settings not given come from environment
     * variables, then from the activation response's {@code config}, then from defaults:
     *
     * <table>
     *   <caption>Settings</caption>
     *   <tr><th>setting</th><th>environment variable</th><th>from activation config</th><th>default</th></tr>
     *   <tr><td>activationConfig</td><td>EMBEDDED_SERVICE_ACTIVATION_URL, _PRODUCT_CODE, _LICENSE_KEY</td><td></td><td>required unless tokenProvider</td></tr>
     *   <tr><td>endpointName</td><td>EMBEDDED_SERVICE_ENDPOINT_NAME</td><td>endpointName</td><td>required</td></tr>
     *   <tr><td>region</td><td>AWS_REGION</td><td>region</td><td>the AWS SDK's region chain</td></tr>
     *   <tr><td>endpointOverride</td><td>EMBEDDED_SERVICE_ENDPOINT_URL</td><td></td><td>SageMaker's regional endpoint</td></tr>
     *   <tr><td>maxConcurrency</td><td>EMBEDDED_SERVICE_MAX_CONCURRENCY</td><td>maxConcurrency</td><td>8</td></tr>
     *   <tr><td>maxRecordsPerInvocation</td><td></td><td>maxRecordsPerInvocation</td><td>1000</td></tr>
     *   <tr><td>maxPayloadBytes</td><td></td><td>maxPayloadBytes</td><td>6,291,456</td></tr>
     *   <tr><td>targetNamespace</td><td>EMBEDDED_SERVICE_TARGET_NAMESPACE</td><td></td><td>{@code default}</td></tr>
     *   <tr><td>defaultPhoneRegion</td><td>EMBEDDED_SERVICE_PHONE_REGION</td><td></td><td>{@code US}</td></tr>
     *   <tr><td>deadline</td><td></td><td></td><td>15 minutes per call</td></tr>
     *   <tr><td>attemptTimeout</td><td></td><td></td><td>70 seconds per InvokeEndpoint attempt</td></tr>
     * </table>
     *
     * <p>Every setting is validated by {@link #build()}, whose message names the setting.
     */
    final class Builder {
        private ActivationConfig activationConfig;
        private TokenProvider tokenProvider;
        private Region region;
        private String endpointName;
        private URI endpointOverride;
        private AwsCredentialsProvider credentialsProvider;
        private SageMakerRuntimeClient sageMakerClient;
        private Integer maxConcurrency;
        private Integer maxRecordsPerInvocation;
        private Integer maxPayloadBytes;
        private RetrySettings retry = RetrySettings.defaults();
        private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
        private Duration deadline = ClientSettings.DEFAULT_DEADLINE;
        private Duration attemptTimeout = ClientSettings.DEFAULT_ATTEMPT_TIMEOUT;
        private String targetNamespace;
        private String defaultPhoneRegion;
        private EmbeddedServiceListener listener;
        private Clock clock = Clock.systemUTC();
        private long maxResponseBytes = ClientSettings.DEFAULT_MAX_RESPONSE_BYTES;
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        /** Activates with this configuration; the client builds, owns and closes the token provider. */
        public Builder activationConfig(ActivationConfig activationConfig) {
            this.activationConfig = activationConfig;
            return this;
        }

        /**
         * Takes tokens from this provider instead of activating (an OAuth2 provider, or one shared by
         * several clients). The client does not close it.
         */
        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = tokenProvider;
            return this;
        }

        /** The AWS region of the SageMaker endpoint. */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        public Builder region(String region) {
            this.region = region == null ? null : Region.of(region);
            return this;
        }

        /** The SageMaker endpoint's name. */
        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        /** Calls SageMaker Runtime at this URL instead of its regional endpoint (a VPC endpoint, an emulator). */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        /** AWS credentials for SageMaker; the AWS SDK's default chain when not given. */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = credentialsProvider;
            return this;
        }

        /**
         * Uses this SageMaker client instead of building one. It is borrowed: the client never closes
         * it, and its own retry and timeout settings stay as they are (turn its retries off, so that
         * only the client's retry layer retries).
         */
        public Builder sageMakerClient(SageMakerRuntimeClient sageMakerClient) {
            this.sageMakerClient = sageMakerClient;
            return this;
        }

        /** Batches in flight at once, for all calls of this client together. */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** Records per InvokeEndpoint call; overrides the activation config's limit. */
        public Builder maxRecordsPerInvocation(int maxRecordsPerInvocation) {
            this.maxRecordsPerInvocation = maxRecordsPerInvocation;
            return this;
        }

        /** Bytes of request body per InvokeEndpoint call; overrides the activation config's limit. */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder retry(RetrySettings retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerSettings circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        /** The longest one call may take, retries and backoff included (per batch for the streaming form). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** The longest one InvokeEndpoint attempt may take (SageMaker itself times a container out at 60 s). */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /** The namespace identifiers are translated into when a request names none. */
        public Builder targetNamespace(String targetNamespace) {
            this.targetNamespace = targetNamespace;
            return this;
        }

        /** The region (ISO 3166 code such as {@code US} or {@code GB}) phone numbers in local format belong to. */
        public Builder defaultPhoneRegion(String defaultPhoneRegion) {
            this.defaultPhoneRegion = defaultPhoneRegion;
            return this;
        }

        /** Hears invocations, retries, re-activations and circuit-breaker transitions (metrics). */
        public Builder listener(EmbeddedServiceListener listener) {
            this.listener = listener;
            return this;
        }

        /** The clock of deadlines and of the circuit breaker's wait; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The largest response body read from SageMaker; a larger one fails its batch. */
        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * Where settings not given explicitly are looked up; {@link System#getenv(String)} by default.
         */
        public Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Validates the settings and builds the client. No network call is made: activation happens
         * on the first call.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or invalid
         */
        public EmbeddedServiceClient build() {
            ClientSettings settings = ClientSettings.resolve(new ClientSettings.Explicit(activationConfig,
                    tokenProvider, region, endpointName, endpointOverride, credentialsProvider, sageMakerClient,
                    maxConcurrency, maxRecordsPerInvocation, maxPayloadBytes, retry, circuitBreaker, deadline,
                    attemptTimeout, targetNamespace, defaultPhoneRegion, listener, clock, maxResponseBytes),
                    environment);
            return new DefaultEmbeddedServiceClient(settings);
        }
    }
}
