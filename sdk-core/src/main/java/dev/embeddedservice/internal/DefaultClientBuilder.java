package dev.embeddedservice.internal;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmbeddedServiceListener;
import dev.embeddedservice.OverrideConfiguration;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.TokenProvider;
import dev.embeddedservice.auth.internal.Backoff;
import dev.embeddedservice.auth.internal.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The {@link EmbeddedServiceClient.Builder}: it carries the settings as given, and
 * {@link ClientSettings#resolve} turns them into the client's settings. Not thread-safe.
 */
public final class DefaultClientBuilder implements EmbeddedServiceClient.Builder {

    ActivationConfig activationConfig;
    TokenProvider tokenProvider;
    Region region;
    String endpointName;
    URI endpointOverride;
    AwsCredentialsProvider credentialsProvider;
    SageMakerRuntimeClient sageMakerClient;
    Integer maxConcurrency;
    Integer maxRecordsPerInvocation;
    Integer maxPayloadBytes;
    String targetNamespace;
    String defaultPhoneRegion;
    EmbeddedServiceListener listener;
    Clock clock = Clock.systemUTC();
    UnaryOperator<String> environment = System::getenv;
    /** Built (and so validated) by {@link #build()}; null when {@code overrideConfiguration(null)} was given. */
    OverrideConfiguration.Builder overrides = OverrideConfiguration.builder();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier jitter = Backoff.THREAD_LOCAL_RANDOM;

    @Override
    public DefaultClientBuilder activationConfig(ActivationConfig activationConfig) {
        this.activationConfig = activationConfig;
        return this;
    }

    @Override
    public DefaultClientBuilder tokenProvider(TokenProvider tokenProvider) {
        this.tokenProvider = tokenProvider;
        return this;
    }

    @Override
    public DefaultClientBuilder region(Region region) {
        this.region = region;
        return this;
    }

    @Override
    public DefaultClientBuilder region(String region) {
        this.region = region == null ? null : Region.of(region);
        return this;
    }

    @Override
    public DefaultClientBuilder endpointName(String endpointName) {
        this.endpointName = endpointName;
        return this;
    }

    @Override
    public DefaultClientBuilder endpointOverride(URI endpointOverride) {
        this.endpointOverride = endpointOverride;
        return this;
    }

    @Override
    public DefaultClientBuilder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
        this.credentialsProvider = credentialsProvider;
        return this;
    }

    @Override
    public DefaultClientBuilder sageMakerClient(SageMakerRuntimeClient sageMakerClient) {
        this.sageMakerClient = sageMakerClient;
        return this;
    }

    @Override
    public DefaultClientBuilder maxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
        return this;
    }

    @Override
    public DefaultClientBuilder maxRecordsPerInvocation(int maxRecordsPerInvocation) {
        this.maxRecordsPerInvocation = maxRecordsPerInvocation;
        return this;
    }

    @Override
    public DefaultClientBuilder maxPayloadBytes(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
        return this;
    }

    @Override
    public DefaultClientBuilder targetNamespace(String targetNamespace) {
        this.targetNamespace = targetNamespace;
        return this;
    }

    @Override
    public DefaultClientBuilder defaultPhoneRegion(String defaultPhoneRegion) {
        this.defaultPhoneRegion = defaultPhoneRegion;
        return this;
    }

    @Override
    public DefaultClientBuilder listener(EmbeddedServiceListener listener) {
        this.listener = listener;
        return this;
    }

    @Override
    public DefaultClientBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public DefaultClientBuilder environment(UnaryOperator<String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
    }

    @Override
    public DefaultClientBuilder overrideConfiguration(OverrideConfiguration overrideConfiguration) {
        this.overrides = overrideConfiguration == null ? null : overrideConfiguration.toBuilder();
        return this;
    }

    @Override
    public DefaultClientBuilder overrideConfiguration(Consumer<OverrideConfiguration.Builder> change) {
        Objects.requireNonNull(change, "overrides");
        if (overrides == null) {
            overrides = OverrideConfiguration.builder();
        }
        change.accept(overrides);
        return this;
    }

    /**
     * How the client waits between attempts; {@link Sleeper#SYSTEM} by default. Not API: tests pass
     * one that advances their clock, so backoff runs in simulated time.
     */
    public DefaultClientBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /** The random source of backoff jitter, uniform in [0, 1). Not API: tests pin it. */
    public DefaultClientBuilder jitter(DoubleSupplier jitter) {
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        return this;
    }

    @Override
    public EmbeddedServiceClient build() {
        return new DefaultEmbeddedServiceClient(ClientSettings.resolve(this), sleeper, jitter);
    }
}
