package dev.embeddedservice.benchmarks;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.auth.ActivationConfig;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The end-to-end benchmark: one emulator in a separate process ({@link EmulatorProcess}) on
 * loopback; the same batch limit (1,000), concurrency (4) and deterministic generated emails for
 * every contender, measured side by side in one run:
 * <ul>
 *   <li><b>sdk</b>: {@link EmbeddedServiceClient#translate} (blocking);</li>
 *   <li><b>stream</b>: the streaming form, on the same distinct emails and on emails a tenth of
 *       which repeat earlier ones (<b>stream_dup</b>: the whole-stream de-duplication at work);</li>
 *   <li><b>baseline</b>: hand-written code with the raw SageMakerRuntimeClient, Jackson, the same
 *       pool size and a token fetched once;</li>
 *   <li><b>naive</b>: one InvokeEndpoint per identifier, on a 10,000-identifier sample, scaled.</li>
 * </ul>
 * After two warm-up passes of each, every contender runs seven rounds, interleaved and taking
 * turns to go first; the median round counts, in records per second and in this process's CPU
 * time per record. Then the blocking SDK and the baseline each translate the emails with repeats
 * once more, and the emulator's ledger says what each was billed. The last line printed is the
 * {@code RESULT} line.
 *
 * <pre>java -Xmx1g -cp sdk-benchmarks/target/benchmarks.jar dev.embeddedservice.benchmarks.EndToEnd 1000000</pre>
 */
public final class EndToEnd {

    private static final int BATCH = 1000;
    private static final int CONCURRENCY = 4;
    private static final int ROUNDS = 7;
    private static final String NAMESPACE = "bench";

    private EndToEnd() {
    }

    /** One contender: what it runs, and its rounds' throughput and CPU per record. */
    private static final class Contender {
        final String name;
        final Run run;
        final double[] rps = new double[ROUNDS];
        final double[] cpu = new double[ROUNDS];

        Contender(String name, Run run) {
            this.name = name;
            this.run = run;
        }

        /** Runs once; returns the OK results it got. */
        long measure(int round, int records) throws Exception {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            long ok = run.run();
            if (round >= 0) {
                rps[round] = rps(records, t0);
                cpu[round] = (cpuNanos() - c0) / 1e3 / records;
            }
            return ok;
        }
    }

    @FunctionalInterface
    private interface Run {
        long run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int naiveSample = Math.min(10_000, records);
        List<String> emails = emails(records);
        List<String> withRepeats = withRepeats(emails, 10);
        List<Identifier> ids = emails.stream().map(Identifier::email).toList();
        List<Identifier> idsWithRepeats = withRepeats.stream().map(Identifier::email).toList();
        PeakHeap peak = PeakHeap.start();

        try (EmulatorProcess emulator = EmulatorProcess.start(BATCH);
             SageMakerRuntimeClient sageMaker = SageMakerRuntimeClient.builder()
                     .endpointOverride(URI.create(emulator.endpointUrl()))
                     .region(Region.of(emulator.region()))
                     .credentialsProvider(credentials())
                     .httpClientBuilder(ApacheHttpClient.builder().maxConnections(2 * CONCURRENCY))
                     .build();
             HandWrittenBaseline baseline = new HandWrittenBaseline(sageMaker, "esvc-identity-test",
                     HandWrittenBaseline.activate(emulator.activationUrl(), emulator.productCode(),
                             emulator.licenseKey()), CONCURRENCY);
             EmbeddedServiceClient client = EmbeddedServiceClient.builder()
                     .activationConfig(ActivationConfig.builder()
                             .activationUrl(emulator.activationUrl())
                             .productCode(emulator.productCode())
                             .licenseKey(emulator.licenseKey())
                             .build())
                     .endpointOverride(URI.create(emulator.endpointUrl()))
                     .region(emulator.region())
                     .credentialsProvider(credentials())
                     .maxConcurrency(CONCURRENCY)
                     .targetNamespace(NAMESPACE)
                     .build()) {

            System.out.printf(Locale.ROOT, "End-to-end: %,d emails, batches of %,d, concurrency %d, %d cores, "
                    + "max heap %,d MiB%n", records, BATCH, CONCURRENCY, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            Contender base = new Contender("baseline", () -> Arrays.stream(baseline.translate(emails, NAMESPACE, BATCH))
                    .filter(r -> r.startsWith("tk_")).count());
            Contender sdk = new Contender("sdk", () -> {
                TranslateResponse response = client.translate(ids);
                check(response.summary().failed() == 0, "the SDK failed records");
                return response.summary().ok();
            });
            Contender stream = new Contender("stream", () -> stream(client, ids, records));
            Contender streamDup = new Contender("stream_dup", () -> stream(client, idsWithRepeats, records));
            List<Contender> contenders = List.of(base, sdk, stream, streamDup);
            // Warm-up, not counted: two full passes of every contender, so that both JVMs (this one and
            // the emulator's) have compiled their hot paths before anything is measured.
            for (int pass = 0; pass < 2; pass++) {
                for (Contender c : contenders) {
                    c.measure(-1, records);
                }
                baseline.translateOneByOne(emails.subList(0, Math.min(1_000, records)), NAMESPACE);
            }
            for (int round = 0; round < ROUNDS; round++) {
                // The contenders take turns going first, so none always runs on a just-collected heap.
                long[] ok = new long[contenders.size()];
                for (int turn = 0; turn < contenders.size(); turn++) {
                    int k = (round + turn) % contenders.size();
                    ok[k] = contenders.get(k).measure(round, records);
                }
                check(ok[0] == ok[1] && ok[0] == ok[2], "the contenders disagree: baseline OK " + ok[0] + ", sdk OK "
                        + ok[1] + ", stream OK " + ok[2]);
                System.out.printf(Locale.ROOT, "round %d: baseline %,.0f rps, sdk %,.0f rps, stream %,.0f rps, "
                        + "stream with repeats %,.0f rps%n", round + 1, base.rps[round], sdk.rps[round],
                        stream.rps[round], streamDup.rps[round]);
            }

            long t0 = System.nanoTime();
            baseline.translateOneByOne(emails.subList(0, naiveSample), NAMESPACE);
            double naive = rps(naiveSample, t0);
            System.out.printf(Locale.ROOT, "naive (one identifier per call, %,d-identifier sample): %,.0f rps%n",
                    naiveSample, naive);

            // What the repeats cost: billed by the emulator's ledger, the blocking SDK and the baseline.
            long before = emulator.ledger().billed();
            client.translate(idsWithRepeats);
            long dupBilledSdk = emulator.ledger().billed() - before;
            before = emulator.ledger().billed();
            baseline.translate(withRepeats, NAMESPACE, BATCH);
            long dupBilledBaseline = emulator.ledger().billed() - before;
            long distinctWithRepeats = withRepeats.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).distinct().count();
            System.out.printf(Locale.ROOT, "%,d emails with repeats (%,d distinct): the SDK was billed %,d, the baseline "
                    + "%,d%n", records, distinctWithRepeats, dupBilledSdk, dupBilledBaseline);

            double sdkRps = median(sdk.rps);
            double streamRps = median(stream.rps);
            double streamDupRps = median(streamDup.rps);
            double baseRps = median(base.rps);
            System.out.printf(Locale.ROOT, "median of %d rounds: sdk %,.0f rps, stream %,.0f rps, stream with repeats "
                    + "%,.0f rps, baseline %,.0f rps%n", ROUNDS, sdkRps, streamRps, streamDupRps, baseRps);
            System.out.printf(Locale.ROOT, "client CPU per record (median): sdk %.2f us, stream %.2f us, stream with "
                    + "repeats %.2f us, baseline %.2f us%n", median(sdk.cpu), median(stream.cpu), median(streamDup.cpu),
                    median(base.cpu));
            System.out.printf(Locale.ROOT, "RESULT records=%d sdk_rps=%.0f stream_rps=%.0f stream_dup_rps=%.0f "
                            + "baseline_rps=%.0f naive_rps=%.0f sdk_vs_baseline=%.3f sdk_vs_naive=%.1f "
                            + "sdk_cpu_us=%.2f stream_cpu_us=%.2f baseline_cpu_us=%.2f dup_billed_sdk=%d "
                            + "dup_billed_baseline=%d peak_heap_mb=%d%n",
                    records, sdkRps, streamRps, streamDupRps, baseRps, naive, sdkRps / baseRps, sdkRps / naive,
                    median(sdk.cpu), median(stream.cpu), median(base.cpu), dupBilledSdk, dupBilledBaseline,
                    peak.stopMb());
        }
    }

    private static long stream(EmbeddedServiceClient client, List<Identifier> ids, int records) {
        AtomicLong ok = new AtomicLong();
        InvocationSummary streamed = client.translateStream(ids.iterator(), null, r -> {
            if (r.status() == RecordStatus.OK) {
                ok.incrementAndGet();
            }
        });
        check(streamed.records() == records && streamed.failed() == 0, "the streaming form lost or failed records");
        return ok.get();
    }

    /** {@code emails} with {@code percent} of them replaced by a repeat of an earlier one, written another way. */
    static List<String> withRepeats(List<String> emails, int percent) {
        java.util.Random random = new java.util.Random(7);
        List<String> out = new ArrayList<>(emails.size());
        for (int i = 0; i < emails.size(); i++) {
            boolean repeat = i > 0 && random.nextInt(100) < percent;
            out.add(repeat ? " " + emails.get(random.nextInt(i)).trim().toUpperCase(Locale.ROOT) : emails.get(i));
        }
        return out;
    }

    private static StaticCredentialsProvider credentials() {
        // The emulator's default credentials: it verifies their signatures, as SageMaker would.
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                EmbeddedServiceEmulator.Builder.DEFAULT_AWS_ACCESS_KEY_ID,
                EmbeddedServiceEmulator.Builder.DEFAULT_AWS_SECRET_ACCESS_KEY));
    }

    /** Deterministic emails, with the case and spacing real files have. */
    static List<String> emails(int count) {
        List<String> emails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            emails.add((i % 7 == 0 ? " " : "") + "Customer" + i + "@Example" + (i % 97) + ".com");
        }
        return emails;
    }

    /** CPU time this process has used (all its threads, the garbage collector's included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double rps(int records, long startNanos) {
        return records * 1e9 / (System.nanoTime() - startNanos);
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

    /** Samples the used heap every 10 ms and keeps the largest value. */
    private static final class PeakHeap {
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private PeakHeap() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(Duration.ofMillis(10).toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-heap-sampler");
            sampler.setDaemon(true);
        }

        static PeakHeap start() {
            PeakHeap p = new PeakHeap();
            p.sampler.start();
            return p;
        }

        long stopMb() {
            running = false;
            sampler.interrupt();
            return peak.get() / (1024 * 1024);
        }
    }
}
