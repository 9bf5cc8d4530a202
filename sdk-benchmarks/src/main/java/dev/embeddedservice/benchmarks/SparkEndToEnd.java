package dev.embeddedservice.benchmarks;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.spark.EmbeddedServiceSpark;
import dev.embeddedservice.spark.ExecutorClientFactory;
import dev.embeddedservice.spark.SparkTranslateOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Spark benchmark: the same rows translated by {@link EmbeddedServiceSpark#translate} on
 * {@code local[2]} and by one client's {@code translateStream} in this JVM, side by side in one run,
 * against one emulator in a process of its own ({@link EmulatorProcess}), whose ledger says what
 * each run billed. Rows are emails, 10% of them repeated (in another case or spacing) elsewhere in
 * the input, one per line of a text file that both contenders read each round: Spark as a table of
 * eight file partitions ({@code spark.read().text}), the client line by line. After a warm-up of
 * each on a tenth of the rows, three interleaved rounds (or the
 * second argument's number); the medians count. Prints
 * {@code RESULT spark_rps=... client_rps=... spark_vs_client=... billed=... distinct=... activations=...}:
 * billed, what the last Spark round billed; activations, the Spark executors' over the whole run.
 *
 * <p>Run on the sdk-spark classpath (Spark included), with Spark's JVM options (see README):
 * <pre>java $SPARK_JVM_OPTIONS -cp "$(cat sdk-spark/target/runtime-classpath.txt):sdk-spark/target/classes:sdk-benchmarks/target/classes" \
 *     dev.embeddedservice.benchmarks.SparkEndToEnd 2000000</pre>
 */
public final class SparkEndToEnd {

    private static final int CONCURRENCY = 4;
    private static final int PARTITIONS = 8;
    private static final String NAMESPACE = "bench";

    private SparkEndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("esvc-spark-bench");
        Path file = dir.resolve("emails.txt");
        Set<String> distinct = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                int n = i % 10 == 9 ? (int) ((i * 2_654_435_761L) % i) : i;   // every tenth row repeats an earlier one
                String email = "Customer" + n + "@Example" + (n % 97) + ".com";
                distinct.add(email.toLowerCase(Locale.ROOT));
                out.write(n == i ? email : " " + email.toUpperCase(Locale.ROOT));
                out.write('\n');
            }
        }
        EmulatorProcess emulator = EmulatorProcess.start(1000);
        Map<String, String> settings = Map.of("activation-url", emulator.activationUrl(),
                "endpoint-url", emulator.endpointUrl(), "product-code", emulator.productCode(),
                "license-key", emulator.licenseKey(), "region", emulator.region());
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sdk-spark benchmark")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                .config("spark.sql.files.maxPartitionBytes", Files.size(file) / PARTITIONS + 1)
                .config(SparkTranslateOptions.DEFAULT_LICENSE_KEY_CONF, settings.get("license-key"))
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Dataset<Row> input = spark.read().text(file.toString()).withColumnRenamed("value", "email");
        SparkTranslateOptions options = SparkTranslateOptions.builder()
                .activationUrl(settings.get("activation-url")).productCode(settings.get("product-code"))
                .endpointUrl(settings.get("endpoint-url")).region(settings.get("region"))
                .endpointName("esvc-identity-test").targetNamespace(NAMESPACE).maxConcurrency(CONCURRENCY)
                .materialization(dev.embeddedservice.spark.Materialization.LOCAL_DISK)
                .clientFactory(new BenchmarkClients()).build();
        System.out.printf(Locale.ROOT, "Spark end-to-end: %,d emails (%,d distinct), local[2], %d partitions, "
                + "concurrency %d, %d cores%n", records, distinct.size(), PARTITIONS, CONCURRENCY,
                Runtime.getRuntime().availableProcessors());
        try (EmbeddedServiceClient client = new BenchmarkClients().create(EmbeddedServiceClient.builder()
                .activationConfig(ActivationConfig.builder().activationUrl(settings.get("activation-url"))
                        .productCode(settings.get("product-code")).licenseKey(settings.get("license-key")).build())
                .endpointOverride(URI.create(settings.get("endpoint-url"))).region(settings.get("region"))
                .endpointName("esvc-identity-test").targetNamespace(NAMESPACE).maxConcurrency(CONCURRENCY))) {
            double[] sparkRps = new double[rounds];
            double[] clientRps = new double[rounds];
            long[] sparkLedger = new long[2];
            // warm-up, not counted: both contenders on a tenth of the rows, so both JVMs have compiled their hot paths
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                client.translateStream(lines.limit(records / 10).map(Identifier::email).iterator(), NAMESPACE, r -> { });
            }
            long activationsBeforeSpark = emulator.ledger().activations();
            EmbeddedServiceSpark.translate(input.limit(records / 10), "email", IdentifierType.EMAIL, options)
                    .write().format("noop").mode("overwrite").save();
            for (int round = 0; round < rounds; round++) {
                long[] before = ledger(emulator);
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                InvocationSummary summary;
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    summary = client.translateStream(lines.map(Identifier::email).iterator(), NAMESPACE, r -> { });
                }
                double c = records / ((System.nanoTime() - t0) / 1e9);
                double cCpu = (cpuNanos() - cpu0) / 1e3 / records;
                long[] afterClient = ledger(emulator);
                cpu0 = cpuNanos();
                t0 = System.nanoTime();
                Dataset<Row> translated = EmbeddedServiceSpark.translate(input, "email", IdentifierType.EMAIL, options);
                translated.write().format("noop").mode("overwrite").save();
                double s = records / ((System.nanoTime() - t0) / 1e9);
                double sCpu = (cpuNanos() - cpu0) / 1e3 / records;
                long[] afterSpark = ledger(emulator);
                check(summary.failed() == 0 && translated.filter("status = 'FAILED'").count() == 0, "FAILED records");
                System.out.printf(Locale.ROOT, "%s: client %,.0f rows/s, %.2f us CPU/row (billed %,d); spark %,.0f "
                                + "rows/s, %.2f us CPU/row (billed %,d)%n", "round " + (round + 1),
                        c, cCpu, afterClient[0] - before[0], s, sCpu, afterSpark[0] - afterClient[0]);
                clientRps[round] = c;
                sparkRps[round] = s;
                sparkLedger[0] = afterSpark[0] - afterClient[0];
                sparkLedger[1] = afterSpark[1] - activationsBeforeSpark;
            }
            double sparkMedian = median(sparkRps);
            double clientMedian = median(clientRps);
            System.out.printf(Locale.ROOT, "RESULT spark_rps=%.0f client_rps=%.0f spark_vs_client=%.3f billed=%d "
                            + "distinct=%d activations=%d%n", sparkMedian, clientMedian, sparkMedian / clientMedian,
                    sparkLedger[0], distinct.size(), sparkLedger[1]);
        } finally {
            spark.stop();
            emulator.close();
            Files.delete(file);
            Files.delete(dir);
        }
    }

    /** CPU time this process has used, all its threads together (Spark's executor threads are here too). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The emulator's billed records and activations so far. */
    private static long[] ledger(EmulatorProcess emulator) throws IOException {
        EmulatorProcess.Ledger l = emulator.ledger();
        return new long[] {l.billed(), l.activations()};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Clients with the emulator's fake credentials, on the executors as in this JVM. */
    record BenchmarkClients() implements ExecutorClientFactory {
        @Override
        public EmbeddedServiceClient create(EmbeddedServiceClient.Builder configured) {
            return configured.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    "AKIDBENCHMARK0000001", "benchmark-secret-key-for-the-emulator"))).build();
        }
    }
}
