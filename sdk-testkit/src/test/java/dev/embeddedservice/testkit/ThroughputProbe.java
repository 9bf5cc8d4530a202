package dev.embeddedservice.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * A manual throughput check of the emulator through the real {@link SageMakerRuntimeClient}; not a test (timings
 * belong in sdk-benchmarks). Usage, with the test classpath:
 * {@code java -cp ... dev.embeddedservice.testkit.ThroughputProbe [invocations=1000] [records=1000] [callers=8] [verifySigV4=false]}.
 */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    /** CPU time of the emulator's Jetty threads ("qtp..."), so the emulator's own cost shows on a busy machine. */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("qtp")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        int invocations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        boolean verify = args.length > 3 && Boolean.parseBoolean(args[3]);
        EmbeddedServiceEmulator.Builder builder = EmbeddedServiceEmulator.builder();
        if (verify) {
            builder.awsCredentials(AwsSdkFidelityTest.FAKE);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(TestRecords.batch(TestRecords.valid(records, i)).getBytes(StandardCharsets.UTF_8));
        }
        try (EmbeddedServiceEmulator emulator = builder.start();
             SageMakerRuntimeClient client = AwsSdkFidelityTest.client(emulator, AwsSdkFidelityTest.FAKE, false)) {
            String token = emulator.issueToken();
            for (int i = 0; i < 50; i++) {
                AwsSdkFidelityTest.invoke(client, emulator, token, bodies.get(i % 16));
            }
            emulator.reset();
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long heapBefore = runtime.totalMemory() - runtime.freeMemory();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            AtomicInteger next = new AtomicInteger();
            long serverCpuBefore = serverCpuNanos();
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < invocations; i = next.getAndIncrement()) {
                        AwsSdkFidelityTest.invoke(client, emulator, token, bodies.get(i % 16));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverCpuSeconds = (serverCpuNanos() - serverCpuBefore) / 1e9;
            pool.shutdown();
            System.gc();
            long heapAfter = runtime.totalMemory() - runtime.freeMemory();
            System.out.printf("invocations=%d records/invocation=%d callers=%d sigv4Verified=%s: %.2f s, %.0f invocations/s, "
                            + "%.0f records/s, emulator CPU %.2f s (%.0f records per CPU-second), billed=%d, "
                            + "heap after GC %d MiB -> %d MiB%n",
                    invocations, records, callers, verify, seconds, invocations / seconds,
                    (double) invocations * records / seconds, serverCpuSeconds,
                    (double) invocations * records / serverCpuSeconds, emulator.journal().billedUnits(),
                    heapBefore >> 20, heapAfter >> 20);
        }
    }
}
