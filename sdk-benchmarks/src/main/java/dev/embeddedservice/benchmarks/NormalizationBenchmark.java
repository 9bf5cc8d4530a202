package dev.embeddedservice.benchmarks;

import dev.embeddedservice.Identifier;
import dev.embeddedservice.internal.DefaultIdentifierNormalizer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Normalizing, hashing and encoding one identifier as the client does: an email (trim, lowercase,
 * SHA-256) and a phone number (libphonenumber parse and validation, E.164, SHA-256).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NormalizationBenchmark {

    private static final int N = 1024;
    private final DefaultIdentifierNormalizer normalizer = DefaultIdentifierNormalizer.create("US");
    private final Identifier[] emails = new Identifier[N];
    private final Identifier[] phones = new Identifier[N];
    private int i;

    @Setup
    public void setUp() {
        for (int k = 0; k < N; k++) {
            emails[k] = Identifier.email("  Customer.Number" + k + "@Example.COM ");
            phones[k] = Identifier.phone(String.format("(202) 555-%04d", k));
        }
    }

    /** What the client does per email: normalize, hash, and encode the record's data. */
    @Benchmark
    public byte[] email() {
        return normalizer.recordData(emails[i++ & (N - 1)]);
    }

    /** What the client does per phone number: parse with libphonenumber, validate, hash, encode. */
    @Benchmark
    public byte[] phone() {
        return normalizer.recordData(phones[i++ & (N - 1)]);
    }
}
