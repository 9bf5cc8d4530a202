package dev.embeddedservice.benchmarks;

import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.auth.ActivationTokenProvider;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The token provider's hot path: {@code token()} while the cached token is fresh, from one and
 * from two threads. Target: at most 25 ns and 0 bytes allocated per call ({@code -prof gc}).
 *
 * <pre>java -jar sdk-benchmarks/target/benchmarks.jar TokenProviderBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenProviderBenchmark {

    private final Clock clock = Clock.systemUTC();
    private EmbeddedServiceEmulator emulator;
    private ActivationTokenProvider provider;

    @Setup
    public void setUp() {
        emulator = EmbeddedServiceEmulator.start();
        provider = ActivationTokenProvider.create(ActivationConfig.builder()
                .activationUrl(emulator.activationUrl())
                .productCode(emulator.productCode())
                .licenseKey(emulator.licenseKey())
                .build());
        provider.token(); // activate once: from here on the token is fresh for an hour
    }

    @TearDown
    public void tearDown() {
        provider.close();
        emulator.close();
    }

    /** The floor of the hot path: reading the clock it compares the refresh time against. */
    @Benchmark
    @Threads(1)
    public long clockReadOneThread() {
        return clock.millis();
    }

    @Benchmark
    @Threads(1)
    public AuthToken freshTokenOneThread() {
        return provider.token();
    }

    @Benchmark
    @Threads(2)
    public AuthToken freshTokenTwoThreads() {
        return provider.token();
    }
}
