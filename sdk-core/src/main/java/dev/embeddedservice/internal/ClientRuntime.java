package dev.embeddedservice.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener.CircuitBreakerState;
import dev.embeddedservice.OverrideConfiguration;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.auth.internal.Sleeper;
import dev.embeddedservice.exception.EmbeddedServiceException;
import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.TokenUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;

/**
 * What a client runs on, and owns or borrows: the token provider, the worker pool that runs
 * batches (sized by {@code maxConcurrency}: the builder's, else the activation config's), the
 * encoder and async-call pools, the circuit breaker, and — once the first token says where the
 * endpoint is — the SageMaker client and the {@link BatchRunner}. Resizing the worker pool is an
 * explicit step ({@link #applyServiceConfig}), never a side effect of a query.
 */
final class ClientRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientRuntime.class);
    private static final int MAX_CONCURRENCY = 256;

    private final ClientSettings settings;
    private final TokenProvider tokens;
    private final TokenGenerations generations;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ResponseDecoder decoder = new ResponseDecoder(mapper.getFactory());
    private final DefaultIdentifierNormalizer normalizer;
    private final Limits limits;
    private final CircuitBreaker circuitBreaker;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor asyncCalls;
    private final ThreadPoolExecutor encoders;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object initLock = new Object();
    private volatile Endpoint endpoint;
    private volatile ServiceConfig applied;

    /** The endpoint and what calls it, known once the first token is. */
    private record Endpoint(SageMakerRuntimeClient sageMaker, boolean owned, BatchRunner runner) {
    }

    ClientRuntime(ClientSettings settings, Sleeper sleeper, DoubleSupplier jitter) {
        this.settings = settings;
        this.tokens = settings.tokenProvider() != null ? settings.tokenProvider()
                : ActivationTokenProvider.builder().activationConfig(settings.activationConfig())
                        .clock(settings.clock()).build();
        this.generations = new TokenGenerations(tokens);
        this.normalizer = new DefaultIdentifierNormalizer(settings.defaultPhoneRegion());
        this.limits = new Limits(settings.maxRecordsPerInvocation(), settings.maxPayloadBytes());
        this.circuitBreaker = settings.overrides().circuitBreaker().enabled() ? newCircuitBreaker() : null;
        this.sleeper = sleeper;
        this.jitter = jitter;
        int concurrency = settings.maxConcurrency() != null ? settings.maxConcurrency()
                : EmbeddedServiceClient.DEFAULT_MAX_CONCURRENCY;
        this.workers = newPool("esvc-worker-", concurrency);
        this.asyncCalls = newPool("esvc-async-", Math.max(2, concurrency));
        this.encoders = newPool("esvc-encoder-", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    ClientSettings settings() {
        return settings;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    DefaultIdentifierNormalizer normalizer() {
        return normalizer;
    }

    Limits limits() {
        return limits;
    }

    ThreadPoolExecutor encoders() {
        return encoders;
    }

    ThreadPoolExecutor asyncCalls() {
        return asyncCalls;
    }

    /** Batches in flight at once, for all calls together. */
    int concurrency() {
        return workers.getMaximumPoolSize();
    }

    /** The workers' core size: equal to {@link #concurrency()} once a config has been applied. */
    int coreConcurrency() {
        return workers.getCorePoolSize();
    }

    /**
     * The token a call starts with. When there is none to be had, the call stops with the failure
     * itself (an {@code InvalidCredentialsException}, say), not its wrapper, so that callers can
     * catch the refusal by type.
     */
    AuthToken firstToken() {
        ensureOpen();
        try {
            return tokens.token();
        } catch (TokenUnavailableException e) {
            if (e.getCause() instanceof EmbeddedServiceException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The current token's service config, or the empty one when there is no token now. */
    ServiceConfig currentConfig() {
        try {
            return tokens.token().config();
        } catch (EmbeddedServiceException e) {
            // Planning goes on with the limits last known; the batches will report the token failure.
            return ServiceConfig.empty();
        }
    }

    /** Follows a service config's {@code maxConcurrency} when the builder set none. */
    void applyServiceConfig(ServiceConfig config) {
        if (config == applied) {
            return;
        }
        applied = config;
        if (settings.maxConcurrency() != null) {
            return;
        }
        int wanted = config.maxConcurrency().filter(c -> c > 0).map(c -> Math.min(c, MAX_CONCURRENCY))
                .orElse(EmbeddedServiceClient.DEFAULT_MAX_CONCURRENCY);
        synchronized (workers) {
            if (wanted > workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(wanted);
                workers.setCorePoolSize(wanted);
            } else if (wanted < workers.getMaximumPoolSize()) {
                workers.setCorePoolSize(wanted);
                workers.setMaximumPoolSize(wanted);
            } else {
                return;
            }
        }
        log.debug("Concurrency set to {} by the activation config", wanted);
    }

    /** The runner of batches, creating the SageMaker client on first use from {@code token}'s config. */
    BatchRunner runner(AuthToken token) {
        Endpoint e = endpoint;
        if (e != null) {
            return e.runner();
        }
        synchronized (initLock) {
            if (endpoint == null) {
                ensureOpen();
                endpoint = createEndpoint(token.config());
            }
            return endpoint.runner();
        }
    }

    /** Runs {@code batch} on a worker; a batch the client is too closed to run fails, never vanishes. */
    <V, R> CompletableFuture<Void> submit(BatchRunner runner, CallContext<V, R> call, Batch<V, R> batch) {
        call.stats().uniqueRecordsSent.add(batch.size());
        try {
            return CompletableFuture.runAsync(() -> {
                if (closed.get()) {
                    BatchRunner.failAll(batch, "the client was closed before the batch was sent", true);
                } else {
                    runner.run(call, batch);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            BatchRunner.failAll(batch, "the client was closed before the batch was sent", true);
            return CompletableFuture.completedFuture(null);
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new EmbeddedServiceException("the client is closed", false);
        }
    }

    private Endpoint createEndpoint(ServiceConfig config) {
        String endpointName = settings.endpointName() != null ? settings.endpointName()
                : config.endpointName().orElseThrow(() -> new InvalidConfigurationException(
                        "endpointName is not set: give endpointName(...), set " + ClientSettings.ENV_ENDPOINT_NAME
                                + ", or have the activation config carry one"));
        SageMakerRuntimeClient sageMaker = settings.sageMakerClient();
        boolean owned = sageMaker == null;
        if (owned) {
            try {
                sageMaker = buildSageMakerClient(config);
            } catch (SdkException | IllegalArgumentException e) {
                throw new InvalidConfigurationException("the SageMaker client cannot be built ("
                        + e.getClass().getSimpleName() + "): check region, endpointOverride and credentials", e);
            }
        }
        log.debug("Calling SageMaker endpoint {} ({} client)", endpointName, owned ? "own" : "borrowed");
        OverrideConfiguration o = settings.overrides();
        RetrySettings retry = o.retry();
        BatchRunner runner = new BatchRunner(new BatchRunner.Parts(
                new Invoker(sageMaker, endpointName, o.attemptTimeout()), generations, retry.maxAttempts(),
                new Backoff(retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(), retry.jitter(), jitter),
                sleeper, circuitBreaker, limits, decoder, settings.listener()));
        return new Endpoint(sageMaker, owned, runner);
    }

    private SageMakerRuntimeClient buildSageMakerClient(ServiceConfig config) {
        Region region = settings.region() != null ? settings.region()
                : config.region().map(Region::of).orElseGet(ClientRuntime::regionFromChain);
        Duration attemptTimeout = settings.overrides().attemptTimeout();
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .region(region)
                .credentialsProvider(settings.credentialsProvider() != null ? settings.credentialsProvider()
                        : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(16, 2 * concurrency()))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout)
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
                    CircuitBreakerState.valueOf(e.getStateTransition().getFromState().name()),
                    CircuitBreakerState.valueOf(e.getStateTransition().getToState().name()));
        });
        return cb;
    }

    /** Stops the pools, then closes what the client built itself; never what it was given. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        asyncCalls.shutdown();
        encoders.shutdown();
        workers.shutdown();
        try {
            for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {workers, asyncCalls, encoders}) {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            asyncCalls.shutdownNow();
            encoders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        Endpoint e = endpoint;
        if (e != null && e.owned()) {
            e.sageMaker().close();
        }
        if (settings.ownsTokenProvider()) {
            tokens.close();
        }
    }

    private static ThreadPoolExecutor newPool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
