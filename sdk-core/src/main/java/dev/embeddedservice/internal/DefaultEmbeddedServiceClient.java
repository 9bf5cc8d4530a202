package dev.embeddedservice.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.BatchResult;
import dev.embeddedservice.exception.CircuitBreakerOpenException;
import dev.embeddedservice.exception.DeadlineExceededException;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.Operation;
import dev.embeddedservice.RecordResult;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.exception.TokenUnavailableException;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;

/**
 * The {@link EmbeddedServiceClient}: normalizes and plans on the calling thread, runs batches on
 * a pool of {@code maxConcurrency} worker threads shared by every call, and merges results back
 * in input order.
 */
public final class DefaultEmbeddedServiceClient implements EmbeddedServiceClient {

    private static final Logger log = LoggerFactory.getLogger(DefaultEmbeddedServiceClient.class);
    private static final String TRANSLATE = "translate";
    @SuppressWarnings("unchecked")
    private static final BiFunction<Object, RecordResult<String>, Object> TRANSLATE_RESULT =
            (type, result) -> translateResult((IdentifierType) type, result);
    /** A chunk of a stream holds at most this many inputs per record of its batch (duplicates, invalid ones). */
    private static final int STREAM_INPUTS_PER_RECORD = 4;
    /** Inputs of a blocking call are encoded in segments of this many, in parallel when there are several. */
    private static final int ENCODE_SEGMENT = 2048;

    private final ClientSettings settings;
    private final TokenProvider tokens;
    private final ObjectMapper mapper;
    private final ResponseDecoder decoder;
    private final DefaultIdentifierNormalizer normalizer;
    private final Limits limits;
    private final CircuitBreaker circuitBreaker;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor asyncCalls;
    private final ThreadPoolExecutor encoders;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object initLock = new Object();
    private volatile Runtime runtime;

    /** What needs the first token to be known: the endpoint, the SageMaker client, the invoker. */
    private record Runtime(SageMakerRuntimeClient sageMaker, boolean ownsSageMaker, String endpointName,
                           BatchInvoker invoker) {
    }

    public DefaultEmbeddedServiceClient(ClientSettings settings) {
        this.settings = settings;
        this.tokens = settings.tokenProvider() != null ? settings.tokenProvider()
                : ActivationTokenProvider.builder()
                        .activationConfig(settings.activationConfig())
                        .clock(settings.clock())
                        .build();
        this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.decoder = new ResponseDecoder(mapper.getFactory());
        this.normalizer = new DefaultIdentifierNormalizer(settings.defaultPhoneRegion());
        this.limits = new Limits(settings.maxRecordsPerInvocation(), settings.maxPayloadBytes());
        this.circuitBreaker = settings.overrides().circuitBreaker().enabled() ? newCircuitBreaker() : null;
        int concurrency = settings.maxConcurrency() != null ? settings.maxConcurrency()
                : EmbeddedServiceClient.DEFAULT_MAX_CONCURRENCY;
        this.workers = newPool("esvc-worker-", concurrency);
        this.asyncCalls = newPool("esvc-async-", Math.max(2, concurrency));
        this.encoders = newPool("esvc-encoder-", Math.max(2, java.lang.Runtime.getRuntime().availableProcessors()));
    }

    // ---------------------------------------------------------------- translate

    @Override
    public TranslateResponse translate(TranslateRequest request) {
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        String namespace = request.targetNamespace().orElse(settings.targetNamespace());
        Envelope envelope = Envelope.of(mapper, TRANSLATE, Map.of("targetNamespace", namespace));
        // Each batch's results become TranslateResults on the worker that ran it, while they are at hand.
        Blocking<String> run = runBlocking(envelope, TranslatedIdDecoder.INSTANCE, request.identifiers(),
                this::encodeIdentifier, TRANSLATE_RESULT);
        int inputs = run.chunk.inputs();
        TranslateResult[] out = new TranslateResult[inputs];
        long[] counts = new long[RecordStatus.values().length];
        for (int i = 0; i < inputs; i++) {
            TranslateResult r = (TranslateResult) run.chunk.mapped(i);
            if (r == null) {
                r = translateResult((IdentifierType) run.chunk.tag(i), run.chunk.result(i));
            }
            out[i] = r;
            counts[r.status().ordinal()]++;
        }
        List<TranslateResult> results = Arrays.asList(out);
        return new TranslateResponse(results, summary(inputs, run.stats, counts, start));
    }

    @Override
    public CompletableFuture<TranslateResponse> translateAsync(TranslateRequest request) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        return CompletableFuture.supplyAsync(() -> translate(request), asyncCalls);
    }

    @Override
    public InvocationSummary translateStream(Iterator<Identifier> identifiers, String targetNamespace,
                                             Consumer<TranslateResult> consumer) {
        Objects.requireNonNull(identifiers, "identifiers");
        Objects.requireNonNull(consumer, "consumer");
        if (targetNamespace != null && targetNamespace.isBlank()) {
            throw new InvalidConfigurationException("targetNamespace must not be blank");
        }
        String namespace = targetNamespace != null ? targetNamespace : settings.targetNamespace();
        Envelope envelope = Envelope.of(mapper, TRANSLATE, Map.of("targetNamespace", namespace));
        return runStream(envelope, TranslatedIdDecoder.INSTANCE, identifiers, this::encodeIdentifier,
                (chunk, i) -> translateResult((IdentifierType) chunk.tag(i), chunk.result(i)), consumer,
                TranslateResult::status);
    }

    private static TranslateResult translateResult(IdentifierType type, RecordResult<String> r) {
        return switch (r.status()) {
            case OK -> TranslateResult.ok(type, r.value().orElseThrow());
            case NOT_FOUND -> TranslateResult.notFound(type);
            case INVALID -> TranslateResult.invalid(type, r.reason().orElseThrow());
            case FAILED -> TranslateResult.failed(type, r.reason().orElseThrow(), r.retryable());
        };
    }

    private EncodedInput encodeIdentifier(Identifier id) {
        if (id == null) {
            throw new InvalidConfigurationException("identifiers must not contain null");
        }
        return normalizer.encode(id);
    }

    // ---------------------------------------------------------------- generic operations

    @Override
    public <I, O> BatchResult<O> invoke(Operation<I, O> operation, List<I> inputs) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        long start = System.nanoTime();
        Envelope envelope = envelope(operation);
        Blocking<O> run = runBlocking(envelope, new JacksonDataDecoder<>(mapper.reader(), operation.outputType()),
                inputs, this::encodeInput, null);
        List<RecordResult<O>> results = new ArrayList<>(run.chunk.inputs());
        for (int i = 0; i < run.chunk.inputs(); i++) {
            results.add(run.chunk.result(i));
        }
        long[] counts = new long[RecordStatus.values().length];
        results.forEach(r -> counts[r.status().ordinal()]++);
        return new BatchResult<>(results, summary(run.chunk.inputs(), run.stats, counts, start));
    }

    @Override
    public <I, O> CompletableFuture<BatchResult<O>> invokeAsync(Operation<I, O> operation, List<I> inputs) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        ensureOpen();
        return CompletableFuture.supplyAsync(() -> invoke(operation, inputs), asyncCalls);
    }

    @Override
    public <I, O> InvocationSummary invokeStream(Operation<I, O> operation, Iterator<I> inputs,
                                                 Consumer<RecordResult<O>> consumer) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(consumer, "consumer");
        return runStream(envelope(operation), new JacksonDataDecoder<>(mapper.reader(), operation.outputType()),
                inputs, this::encodeInput, Chunk::result, consumer, RecordResult::status);
    }

    private Envelope envelope(Operation<?, ?> operation) {
        try {
            return Envelope.of(mapper, operation.name(), operation.params());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("operation " + operation.name() + ": " + e.getMessage());
        }
    }

    private <I> EncodedInput encodeInput(I input) {
        if (input == null) {
            return EncodedInput.invalid(null, "input is null");
        }
        try {
            return EncodedInput.of(null, mapper.writeValueAsBytes(input));
        } catch (JsonProcessingException e) {
            return EncodedInput.invalid(null, "input cannot be encoded as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    // ---------------------------------------------------------------- engine

    /** Encodes one input: normalization, hashing, JSON; thread-safe, so it may run on any thread. */
    @FunctionalInterface
    private interface Encoder<T> {
        EncodedInput encode(T input);
    }

    /** Adds an encoded input to a chunk; {@link BatchPlanner.Offer#FULL} means it was not added. */
    private static <O> BatchPlanner.Offer add(Chunk<O> chunk, EncodedInput e) {
        if (!e.isValid()) {
            chunk.addInvalid(e.tag(), e.invalidReason());
            return BatchPlanner.Offer.ADDED;
        }
        return chunk.add(e.tag(), e.data());
    }

    @FunctionalInterface
    private interface ResultOf<O, R> {
        R result(Chunk<O> chunk, int input);
    }

    private record Blocking<O>(Chunk<O> chunk, JobStats stats) {
    }

    private <T, O> Blocking<O> runBlocking(Envelope envelope, DataDecoder<O> dataDecoder, List<T> inputs,
                                           Encoder<T> encoder, BiFunction<Object, RecordResult<O>, Object> resultMapper) {
        ensureOpen();
        Deadline deadline = Deadline.after(settings.clock(), settings.overrides().deadline());
        AuthToken token = firstToken();
        Runtime rt = runtime(token);
        JobStats stats = new JobStats();
        Job<O> job = new Job<>(envelope, dataDecoder, stats, deadline);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        // Each batch is sent as soon as it is cut, while the following ones are still being planned.
        Chunk<O> chunk = newChunk(envelope, token.config(), inputs.size(),
                batch -> running.add(submit(rt, job, batch, resultMapper)));
        if (inputs.size() <= ENCODE_SEGMENT) {
            for (T input : inputs) {
                addOrCut(chunk, encoder.encode(input));
            }
        } else {
            encodeInParallel(inputs, encoder, e -> addOrCut(chunk, e));
        }
        chunk.finish();
        log.debug("{}: {} inputs, {} distinct records in {} batches", envelope.operation(), chunk.inputs(),
                chunk.distinctRecords(), running.size());
        running.forEach(DefaultEmbeddedServiceClient::await);
        if (!running.isEmpty() && stats.invocations() == 0) {
            if (stats.circuitRejections() > 0) {
                throw new CircuitBreakerOpenException(
                        "the circuit breaker is open after repeated endpoint failures; no batch was sent");
            }
            if (deadline.passed()) {
                throw new DeadlineExceededException("the deadline of " + settings.overrides().deadline()
                        + " passed before any batch was sent");
            }
        }
        return new Blocking<>(chunk, stats);
    }

    /** Adds an encoded input, cutting the batch first when it is full. */
    private static <O> void addOrCut(Chunk<O> chunk, EncodedInput e) {
        if (add(chunk, e) == BatchPlanner.Offer.FULL) {
            chunk.cutBatch();
            add(chunk, e);
        }
    }

    /**
     * Encodes a large input list on the encoder threads, a few segments ahead, and hands the
     * encoded inputs to {@code sink} in input order on this thread. Normalizing and hashing is most
     * of the per-record work; done here alone it would be the whole call's critical path.
     */
    private <T> void encodeInParallel(List<T> inputs, Encoder<T> encoder, Consumer<EncodedInput> sink) {
        int segments = (inputs.size() + ENCODE_SEGMENT - 1) / ENCODE_SEGMENT;
        int lookahead = 2 * encoders.getMaximumPoolSize();
        ArrayDeque<Future<EncodedInput[]>> ahead = new ArrayDeque<>();
        int next = 0;
        try {
            for (int done = 0; done < segments; done++) {
                while (next < segments && ahead.size() < lookahead) {
                    List<T> segment = inputs.subList(next * ENCODE_SEGMENT,
                            Math.min(inputs.size(), (next + 1) * ENCODE_SEGMENT));
                    ahead.add(encoders.submit(() -> {
                        EncodedInput[] out = new EncodedInput[segment.size()];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = encoder.encode(segment.get(i));
                        }
                        return out;
                    }));
                    next++;
                }
                for (EncodedInput e : getEncoded(ahead.poll())) {
                    sink.accept(e);
                }
            }
        } finally {
            ahead.forEach(f -> f.cancel(false));
        }
    }

    private static EncodedInput[] getEncoded(Future<EncodedInput[]> segment) {
        try {
            return segment.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while encoding the inputs", true, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EmbeddedServiceException("encoding the inputs failed", false, e.getCause());
        } catch (RejectedExecutionException | java.util.concurrent.CancellationException e) {
            throw new EmbeddedServiceException("the client is closed", false, e);
        }
    }

    private <T, O, R> InvocationSummary runStream(Envelope envelope, DataDecoder<O> dataDecoder, Iterator<T> inputs,
                                                  Encoder<T> encoder, ResultOf<O, R> resultOf, Consumer<R> consumer,
                                                  java.util.function.Function<R, RecordStatus> statusOf) {
        ensureOpen();
        long start = System.nanoTime();
        AuthToken token = firstToken();
        Runtime rt = runtime(token);
        int window = workers.getMaximumPoolSize();
        JobStats stats = new JobStats();
        long[] counts = new long[RecordStatus.values().length];
        long inputsSeen = 0;
        ArrayDeque<Pending<O>> inFlight = new ArrayDeque<>();
        Consumer<Pending<O>> deliver = p -> {
            await(p.done);
            for (int i = 0; i < p.chunk.inputs(); i++) {
                R r = resultOf.result(p.chunk, i);
                counts[statusOf.apply(r).ordinal()]++;
                consumer.accept(r);
            }
        };
        Chunk<O> chunk = newChunk(envelope, tokenConfig(), 0, null);
        while (inputs.hasNext()) {
            EncodedInput encoded = encoder.encode(inputs.next());
            inputsSeen++;
            if (add(chunk, encoded) == BatchPlanner.Offer.FULL) {
                startChunk(rt, envelope, dataDecoder, chunk, stats, inFlight, window, deliver);
                chunk = newChunk(envelope, tokenConfig(), 0, null);
                add(chunk, encoded);
            }
            if (chunk.batchAtRecordLimit() || chunk.inputs() >= STREAM_INPUTS_PER_RECORD * chunk.maxRecords()) {
                startChunk(rt, envelope, dataDecoder, chunk, stats, inFlight, window, deliver);
                chunk = newChunk(envelope, tokenConfig(), 0, null);
            }
        }
        if (chunk.inputs() > 0) {
            startChunk(rt, envelope, dataDecoder, chunk, stats, inFlight, window, deliver);
        }
        while (!inFlight.isEmpty()) {
            deliver.accept(inFlight.poll());
        }
        return summary(inputsSeen, stats, counts, start);
    }

    private record Pending<O>(Chunk<O> chunk, CompletableFuture<?> done) {
    }

    /** Sends a stream's chunk once fewer than {@code window} are in flight, delivering the oldest first. */
    private <O> void startChunk(Runtime rt, Envelope envelope, DataDecoder<O> dataDecoder, Chunk<O> chunk,
                                JobStats stats, ArrayDeque<Pending<O>> inFlight, int window,
                                Consumer<Pending<O>> deliver) {
        while (inFlight.size() >= window) {
            deliver.accept(inFlight.poll());
        }
        chunk.finish();
        // The deadline of a stream applies to each chunk from when it is sent.
        Job<O> job = new Job<>(envelope, dataDecoder, stats, Deadline.after(settings.clock(), settings.overrides().deadline()));
        List<Batch<O>> batches = chunk.batches();
        CompletableFuture<?> done = batches.isEmpty() ? CompletableFuture.completedFuture(null)
                : batches.size() == 1 ? submit(rt, job, batches.get(0), null)
                : CompletableFuture.allOf(batches.stream().map(b -> submit(rt, job, b, null))
                        .toArray(CompletableFuture[]::new));
        inFlight.add(new Pending<>(chunk, done));
    }

    /** Runs a batch on a worker; {@code resultMapper}, when given, maps its results there too. */
    private <O> CompletableFuture<Void> submit(Runtime rt, Job<O> job, Batch<O> batch,
                                               BiFunction<Object, RecordResult<O>, Object> resultMapper) {
        job.stats.uniqueRecordsSent.add(batch.size());
        try {
            return CompletableFuture.runAsync(() -> {
                if (closed.get()) {
                    BatchInvoker.failAll(batch, "the client was closed before the batch was sent", true);
                } else {
                    rt.invoker().execute(job, batch);
                }
                if (resultMapper != null) {
                    batch.map(resultMapper);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            BatchInvoker.failAll(batch, "the client was closed before the batch was sent", true);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            // The batch's records stay without a result and are reported FAILED; the cause is a bug.
            log.error("A batch ended with an unexpected exception", e.getCause());
        }
    }

    /**
     * The token a call starts with. When there is none to be had, the call stops with the failure
     * itself (an {@link dev.embeddedservice.exception.InvalidCredentialsException}, say), not its wrapper, so
     * that callers can catch the refusal by type.
     */
    private AuthToken firstToken() {
        try {
            return tokens.token();
        } catch (TokenUnavailableException e) {
            if (e.getCause() instanceof EmbeddedServiceException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private <O> Chunk<O> newChunk(Envelope envelope, ServiceConfig config, int expectedInputs,
                                  Consumer<Batch<O>> onBatch) {
        int maxRecords = limits.maxRecords(config);
        return new Chunk<>(envelope, maxRecords, limits.maxPayloadBytes(config),
                expectedInputs > 0 ? expectedInputs : Math.min(maxRecords, 4096), onBatch);
    }

    private ServiceConfig tokenConfig() {
        try {
            ServiceConfig config = tokens.token().config();
            adjustConcurrency(config);
            return config;
        } catch (EmbeddedServiceException e) {
            // Planning goes on with the limits last known; the batches will report the token failure.
            return ServiceConfig.empty();
        }
    }

    private static InvocationSummary summary(long records, JobStats stats, long[] counts, long startNanos) {
        return new InvocationSummary(records, stats.uniqueRecordsSent(), stats.invocations(), stats.retries(),
                stats.reactivations(), stats.billedRecords(), counts[RecordStatus.OK.ordinal()],
                counts[RecordStatus.NOT_FOUND.ordinal()], counts[RecordStatus.INVALID.ordinal()],
                counts[RecordStatus.FAILED.ordinal()], Duration.ofNanos(System.nanoTime() - startNanos));
    }

    // ---------------------------------------------------------------- lifecycle

    private Runtime runtime(AuthToken token) {
        adjustConcurrency(token.config());
        Runtime rt = runtime;
        if (rt != null) {
            return rt;
        }
        synchronized (initLock) {
            if (runtime == null) {
                ensureOpen();
                runtime = createRuntime(token.config());
            }
            return runtime;
        }
    }

    private Runtime createRuntime(ServiceConfig config) {
        String endpointName = settings.endpointName() != null ? settings.endpointName()
                : config.endpointName().orElseThrow(() -> new InvalidConfigurationException(
                        "endpointName is not set: give endpointName(...), set " + ClientSettings.ENV_ENDPOINT_NAME
                                + ", or have the activation config carry one"));
        SageMakerRuntimeClient sageMaker = settings.sageMakerClient();
        boolean owned = sageMaker == null;
        if (owned) {
            sageMaker = buildSageMakerClient(config);
        }
        log.debug("Calling SageMaker endpoint {} ({} client)", endpointName, owned ? "own" : "borrowed");
        BatchInvoker invoker = new BatchInvoker(sageMaker, endpointName, settings.overrides().attemptTimeout(), tokens,
                settings.overrides().retry(), circuitBreaker, limits, decoder, settings.listener());
        return new Runtime(sageMaker, owned, endpointName, invoker);
    }

    private SageMakerRuntimeClient buildSageMakerClient(ServiceConfig config) {
        Region region = settings.region() != null ? settings.region()
                : config.region().map(Region::of).orElseGet(DefaultEmbeddedServiceClient::regionFromChain);
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .region(region)
                .credentialsProvider(settings.credentialsProvider() != null ? settings.credentialsProvider()
                        : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(16, 2 * workers.getMaximumPoolSize()))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(settings.overrides().attemptTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(settings.overrides().attemptTimeout())
                        .addExecutionInterceptor(new ResponseSizeLimit(settings.overrides().maxResponseBytes()))
                        .build());
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    private static Region regionFromChain() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidConfigurationException("region is not set: give region(...), set AWS_REGION, "
                    + "or have the activation config carry one");
        }
    }

    private void adjustConcurrency(ServiceConfig config) {
        if (settings.maxConcurrency() != null) {
            return;
        }
        int wanted = config.maxConcurrency().filter(c -> c > 0).map(c -> Math.min(c, 256))
                .orElse(EmbeddedServiceClient.DEFAULT_MAX_CONCURRENCY);
        if (wanted != workers.getMaximumPoolSize()) {
            synchronized (workers) {
                if (wanted > workers.getMaximumPoolSize()) {
                    workers.setMaximumPoolSize(wanted);
                    workers.setCorePoolSize(wanted);
                } else if (wanted < workers.getMaximumPoolSize()) {
                    workers.setCorePoolSize(wanted);
                    workers.setMaximumPoolSize(wanted);
                }
            }
            log.debug("Concurrency set to {} by the activation config", wanted);
        }
    }

    private CircuitBreaker newCircuitBreaker() {
        var s = settings.overrides().circuitBreaker();
        CircuitBreaker cb = CircuitBreaker.of("esvc-endpoint", CircuitBreakerConfig.custom()
                .failureRateThreshold(s.failureRateThreshold())
                .slidingWindowSize(s.slidingWindowSize())
                .minimumNumberOfCalls(s.minimumCalls())
                .waitDurationInOpenState(s.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(s.permittedCallsInHalfOpenState())
                .recordException(t -> t instanceof AttemptFailure f && f.countsForCircuit())
                .ignoreException(t -> t instanceof AttemptFailure f && !f.countsForCircuit())
                .clock(settings.clock())
                .build());
        cb.getEventPublisher().onStateTransition(e -> {
            log.warn("Circuit breaker {}", e.getStateTransition());
            settings.listener().circuitBreakerStateChanged(
                    EmbeddedServiceListener.CircuitBreakerState.valueOf(e.getStateTransition().getFromState().name()),
                    EmbeddedServiceListener.CircuitBreakerState.valueOf(e.getStateTransition().getToState().name()));
        });
        return cb;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new EmbeddedServiceException("the client is closed", false);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        asyncCalls.shutdown();
        encoders.shutdown();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            if (!asyncCalls.awaitTermination(10, TimeUnit.SECONDS)) {
                asyncCalls.shutdownNow();
            }
            if (!encoders.awaitTermination(10, TimeUnit.SECONDS)) {
                encoders.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            asyncCalls.shutdownNow();
            encoders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Runtime rt = runtime;
        if (rt != null && rt.ownsSageMaker()) {
            rt.sageMaker().close();
        }
        if (settings.ownsTokenProvider()) {
            tokens.close();
        }
    }

    private static ThreadPoolExecutor newPool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    @Override
    public String toString() {
        return "EmbeddedServiceClient[" + settings + "]";
    }
}
