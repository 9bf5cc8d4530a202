package dev.embeddedservice.benchmarks;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.auth.AuthToken;
import dev.embeddedservice.auth.ServiceConfig;
import dev.embeddedservice.auth.TokenProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The SDK's own cost per record of a blocking {@code translate} of 100,000 emails: normalization,
 * hashing, de-duplication, planning, body encoding, answer decoding, matching and results — with
 * the network and the AWS SDK taken out by a SageMaker client that answers every batch at once
 * with a prepared body. Run with {@code -prof gc} for the bytes allocated per record.
 *
 * <pre>java -jar sdk-benchmarks/target/benchmarks.jar BlockingTranslateBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BlockingTranslateBenchmark {

    static final int RECORDS = 100_000;
    private static final int BATCH = 1000;

    private List<Identifier> ids;
    private EmbeddedServiceClient client;

    @Setup(Level.Trial)
    public void setUp() {
        ids = EndToEnd.emails(RECORDS).stream().map(Identifier::email).toList();
        client = EmbeddedServiceClient.builder()
                .tokenProvider(new FixedToken())
                .sageMakerClient(new PreparedAnswers())
                .endpointName("bench")
                .maxConcurrency(4)
                .maxRecordsPerInvocation(BATCH)
                .environment(name -> null)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public TranslateResponse translate() {
        return client.translate(ids);
    }

    /** A token that never expires. */
    static final class FixedToken implements TokenProvider {
        private final AuthToken token = AuthToken.of("bench-token", Instant.now().plusSeconds(86_400),
                ServiceConfig.empty());

        @Override
        public AuthToken token() {
            return token;
        }

        @Override
        public void invalidate(AuthToken refused) {
        }

        @Override
        public void close() {
        }
    }

    /**
     * Answers a batch of {@code n} records with the prepared body for {@code n}: every record OK with a
     * translated id of the protocol's shape. The answer's cost is not the SDK's, so it is prepared once.
     */
    static final class PreparedAnswers implements SageMakerRuntimeClient {
        private final SdkBytes[] bodies = new SdkBytes[BATCH + 1];

        PreparedAnswers() {
            for (int n = 1; n <= BATCH; n++) {
                StringBuilder b = new StringBuilder("{\"results\":[");
                for (int i = n - 1; i >= 0; i--) {
                    b.append(i == n - 1 ? "" : ",").append("{\"id\":\"").append(i)
                            .append("\",\"status\":\"OK\",\"data\":{\"translatedId\":\"tk_")
                            .append(String.format("%032x", i * 2654435761L)).append("\"}}");
                }
                bodies[n] = SdkBytes.fromByteArrayUnsafe(b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public InvokeEndpointResponse invokeEndpoint(InvokeEndpointRequest request) {
            int records = countRecords(request.body().asByteArrayUnsafe());
            return InvokeEndpointResponse.builder().contentType("application/json").body(bodies[records]).build();
        }

        /** Records in a body: the {@code "id":} keys, counted without parsing. */
        private static int countRecords(byte[] body) {
            int n = 0;
            for (int i = 0; i + 4 < body.length; i++) {
                if (body[i] == '"' && body[i + 1] == 'i' && body[i + 2] == 'd' && body[i + 3] == '"' && body[i + 4] == ':') {
                    n++;
                }
            }
            return n;
        }

        @Override
        public String serviceName() {
            return "sagemaker";
        }

        @Override
        public void close() {
        }
    }
}
