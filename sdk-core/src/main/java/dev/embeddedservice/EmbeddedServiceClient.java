package dev.embeddedservice;

import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.internal.DefaultClientBuilder;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
        return new DefaultClientBuilder();
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
     * calling thread, with at most {@code maxConcurrency + 1} batches in memory (and the inputs
     * being normalized ahead on the encoder threads: at most 256 per thread). Equal identifiers
     * anywhere in the stream are sent (and billed) once: a de-duplication index keeps the records
     * sent so far, in memory up to {@link OverrideConfiguration#streamIndexMemory()} and past that in
     * a temporary directory ({@link OverrideConfiguration#spillDirectory()}) removed when the call
     * ends. The deadline applies to each batch.
     *
     * <p>If {@code identifiers} throws (or hands out {@code null}) or {@code consumer} throws, the
     * stream stops with a {@link dev.embeddedservice.exception.StreamAbortedException}: what was
     * already sent is delivered first (unless the consumer failed), nothing more is sent.
     *
     * <pre>{@code
     * try (Stream<String> lines = Files.lines(input)) {
     *     InvocationSummary summary = client.translateStream(lines.map(Identifier::email).iterator(),
     *             "acme-media", result -> writer.write(result));
     * }
     * }</pre>
     *
     * @param targetNamespace the namespace, or {@code null} for the client's default
     * @return what the call did; {@code records} counts the inputs it delivered results for
     */
    default InvocationSummary translateStream(Iterator<Identifier> identifiers, String targetNamespace,
                                              Consumer<TranslateResult> consumer) {
        return translateStream(identifiers, targetNamespace, consumer, Collections.emptyIterator());
    }

    /**
     * {@link #translateStream(Iterator, String, Consumer)} continuing an interrupted run:
     * {@code resumeFrom} holds, in order, the results the earlier run delivered for the first
     * inputs of {@code identifiers}. Those inputs are read and normalized again (so that their
     * later duplicates get their results, and are not billed again) but neither sent nor
     * delivered; delivery starts with the first input after them.
     *
     * <pre>{@code
     * List<TranslateResult> written = readBack(partialOutput);   // e.g. from a CSV, with TranslateResult.ok(..)
     * client.translateStream(identifiers, "acme-media", writer::write, written.iterator());
     * }</pre>
     *
     * @throws dev.embeddedservice.exception.InvalidConfigurationException before anything is sent
     *         when a result of {@code resumeFrom} cannot be its input's (another wire type; a
     *         non-INVALID result for an input that is invalid) or there are more results than inputs
     */
    InvocationSummary translateStream(Iterator<Identifier> identifiers, String targetNamespace,
                                      Consumer<TranslateResult> consumer, Iterator<TranslateResult> resumeFrom);

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
    default <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                                  Consumer<RecordResult<O>> consumer) {
        return invokeStream(operation, inputs, consumer, Collections.emptyIterator());
    }

    /** {@link #invokeStream(Operation, Iterator, Consumer)} continuing an interrupted run; see the translate form. */
    <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                          Consumer<RecordResult<O>> consumer, Iterator<RecordResult<O>> resumeFrom);

    /**
     * Stops the client: worker threads, the token provider it built and the SageMaker client it
     * built are closed. A token provider or SageMaker client given to the builder is not closed.
     * Calls made after this fail. Idempotent.
     */
    @Override
    void close();

    /** Batches in flight at once, for all calls of a client together, when neither the builder nor the service says. */
    int DEFAULT_MAX_CONCURRENCY = 8;
    /** Records per InvokeEndpoint call when neither the builder nor the service says otherwise (protocol §4). */
    int DEFAULT_MAX_RECORDS_PER_INVOCATION = 1000;
    /** Bytes of request body per InvokeEndpoint call: SageMaker's own limit, 6 MiB. */
    int DEFAULT_MAX_PAYLOAD_BYTES = 6_291_456;
    /** The namespace identifiers are translated into when neither a request nor the builder names one. */
    String DEFAULT_TARGET_NAMESPACE = "default";
    /** The region phone numbers in local format belong to when the builder names none. */
    String DEFAULT_PHONE_REGION = "US";

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
     *   <tr><td>maxConcurrency</td><td>EMBEDDED_SERVICE_MAX_CONCURRENCY</td><td>maxConcurrency</td><td>{@value #DEFAULT_MAX_CONCURRENCY}</td></tr>
     *   <tr><td>maxRecordsPerInvocation</td><td></td><td>maxRecordsPerInvocation</td><td>{@value #DEFAULT_MAX_RECORDS_PER_INVOCATION}</td></tr>
     *   <tr><td>maxPayloadBytes</td><td></td><td>maxPayloadBytes</td><td>{@value #DEFAULT_MAX_PAYLOAD_BYTES}</td></tr>
     *   <tr><td>targetNamespace</td><td>EMBEDDED_SERVICE_TARGET_NAMESPACE</td><td></td><td>{@value #DEFAULT_TARGET_NAMESPACE}</td></tr>
     *   <tr><td>defaultPhoneRegion</td><td>EMBEDDED_SERVICE_PHONE_REGION</td><td></td><td>{@value #DEFAULT_PHONE_REGION}</td></tr>
     *   <tr><td>overrideConfiguration</td><td></td><td></td><td>{@link OverrideConfiguration#defaults()}: retries, circuit breaker, deadline, time-outs</td></tr>
     * </table>
     *
     * <p>Every setting is validated by {@link #build()}, whose message names the setting.
     *
     * <pre>{@code
     * EmbeddedServiceClient client = EmbeddedServiceClient.builder()
     *         .activationConfig(activation)
     *         .maxConcurrency(4)
     *         .overrideConfiguration(o -> o.deadline(Duration.ofMinutes(2))
     *                 .retry(RetrySettings.builder().maxAttempts(3).build()))
     *         .build();
     * }</pre>
     */
    interface Builder {

        /** Activates with this configuration; the client builds, owns and closes the token provider. */
        Builder activationConfig(ActivationConfig activationConfig);

        /**
         * Takes tokens from this provider instead of activating (an OAuth2 provider, or one shared by
         * several clients). The client does not close it.
         */
        Builder tokenProvider(TokenProvider tokenProvider);

        /** The AWS region of the SageMaker endpoint. */
        Builder region(Region region);

        /** The AWS region of the SageMaker endpoint, such as {@code us-east-1}. */
        Builder region(String region);

        /** The SageMaker endpoint's name. */
        Builder endpointName(String endpointName);

        /**
         * Calls SageMaker Runtime at this URL instead of its regional endpoint (a VPC endpoint, an
         * emulator). It must be {@code https}, except on a loopback address: the token travels in
         * a request header.
         */
        Builder endpointOverride(URI endpointOverride);

        /** AWS credentials for SageMaker; the AWS SDK's default chain when not given. */
        Builder credentialsProvider(AwsCredentialsProvider credentialsProvider);

        /**
         * Uses this SageMaker client instead of building one. It is borrowed: the client never closes
         * it, and its own retry and timeout settings stay as they are (turn its retries off, so that
         * only the client's retry layer retries).
         */
        Builder sageMakerClient(SageMakerRuntimeClient sageMakerClient);

        /** Batches in flight at once, for all calls of this client together. */
        Builder maxConcurrency(int maxConcurrency);

        /** Records per InvokeEndpoint call; overrides the activation config's limit. */
        Builder maxRecordsPerInvocation(int maxRecordsPerInvocation);

        /** Bytes of request body per InvokeEndpoint call; overrides the activation config's limit. */
        Builder maxPayloadBytes(int maxPayloadBytes);

        /** The namespace identifiers are translated into when a request names none. */
        Builder targetNamespace(String targetNamespace);

        /** The region (ISO 3166 code such as {@code US} or {@code GB}) phone numbers in local format belong to. */
        Builder defaultPhoneRegion(String defaultPhoneRegion);

        /** Hears invocations, retries, re-activations and circuit-breaker transitions (metrics). */
        Builder listener(EmbeddedServiceListener listener);

        /** The clock of deadlines, backoff and the circuit breaker's wait; the system clock by default. */
        Builder clock(Clock clock);

        /** Where settings not given explicitly are looked up; {@link System#getenv(String)} by default. */
        Builder environment(UnaryOperator<String> environment);

        /** The advanced settings: retries, circuit breaker, deadline, attempt time-out, response bound. */
        Builder overrideConfiguration(OverrideConfiguration overrideConfiguration);

        /**
         * Changes the advanced settings, starting from the ones set so far (the defaults at first):
         * {@code overrideConfiguration(o -> o.deadline(Duration.ofMinutes(2)))}.
         */
        Builder overrideConfiguration(Consumer<OverrideConfiguration.Builder> overrides);

        /**
         * Validates the settings and builds the client. No network call is made: activation happens
         * on the first call.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or invalid
         */
        EmbeddedServiceClient build();
    }
}
