package dev.embeddedservice.benchmarks;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SDK's own cost per record of {@code translateStream} over 100,000 emails, with none or 10%
 * repeated anywhere in the stream (the whole-stream de-duplication index at work), the network and
 * the AWS SDK taken out as in {@link BlockingTranslateBenchmark}.
 *
 * <pre>java -jar sdk-benchmarks/target/benchmarks.jar StreamTranslateBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StreamTranslateBenchmark {

    private static final int RECORDS = 100_000;

    @Param({"0", "10"})
    public int duplicatePercent;

    private List<Identifier> ids;
    private EmbeddedServiceClient client;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> emails = EndToEnd.emails(RECORDS);
        Random random = new Random(7);
        ids = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            boolean repeat = i > 0 && random.nextInt(100) < duplicatePercent;
            ids.add(Identifier.email(repeat ? emails.get(random.nextInt(i)) : emails.get(i)));
        }
        client = EmbeddedServiceClient.builder()
                .tokenProvider(new BlockingTranslateBenchmark.FixedToken())
                .sageMakerClient(new BlockingTranslateBenchmark.PreparedAnswers())
                .endpointName("bench")
                .maxConcurrency(4)
                .maxRecordsPerInvocation(1000)
                .environment(name -> null)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public InvocationSummary translateStream(Blackhole sink) {
        return client.translateStream(ids.iterator(), null, sink::consume);
    }
}
