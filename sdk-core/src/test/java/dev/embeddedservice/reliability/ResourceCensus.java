package dev.embeddedservice.reliability;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Counts what a client leaves behind: live threads grouped by name family (a trailing number
 * and the per-client suffixes removed), and the heap in use after full collections.
 */
final class ResourceCensus {

    /**
     * Threads that are not a client's to stop: the emulator's Jetty pool (which grows and shrinks
     * with load), and OkHttp's two process-wide daemons, shared by every OkHttp client of the JVM
     * and ended by OkHttp itself after 60 s idle (its task runner and Okio's timeout watchdog).
     */
    static final List<String> NOT_THE_CLIENTS = List.of("qtp", "Connector-Scheduler", "OkHttp TaskRunner",
            "Okio Watchdog");

    private ResourceCensus() {
    }

    /** Live threads per family, such as {@code esvc-worker-} → 8. */
    static Map<String, Long> threadFamilies() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.groupingBy(t -> family(t.getName()), TreeMap::new, Collectors.counting()));
    }

    /** The thread families of a client: its pools, its token refresh, and the AWS SDK's and Apache's helpers. */
    static final List<String> CLIENT_FAMILIES = List.of("esvc-", "embedded-service-token-refresh",
            "sdk-ScheduledExecutor", "idle-connection-reaper");

    /**
     * The live threads per family once the threads of closed clients have ended: each thread of a
     * {@link #CLIENT_FAMILIES client family} still alive is joined (for {@code grace} in all), since
     * a pool that was told to stop may still be finishing its last instructions.
     */
    static Map<String, Long> settledThreadFamilies(Duration grace) throws InterruptedException {
        long until = System.nanoTime() + grace.toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (CLIENT_FAMILIES.stream().anyMatch(family(t.getName())::startsWith) && left > 0) {
                t.join(left);
            }
        }
        return threadFamilies();
    }

    /**
     * What a closed client left running, compared with {@code before}: first each thread of a
     * family that has grown is joined (for {@code grace} in all), since a pool that was told to
     * stop may still be finishing its last instructions; then {@link #leftBehind} of what lives.
     */
    static Map<String, Long> leftRunning(Map<String, Long> before, Duration grace) throws InterruptedException {
        long until = System.nanoTime() + grace.toNanos();
        Map<String, Long> grown = leftBehind(before, threadFamilies());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (grown.containsKey(family(t.getName())) && left > 0) {
                t.join(left);
            }
        }
        return leftBehind(before, threadFamilies());
    }

    /**
     * The families with more live threads {@code after} than {@code before}, and how many more,
     * leaving out {@link #NOT_THE_CLIENTS}.
     */
    static Map<String, Long> leftBehind(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((family, n) -> {
            long extra = n - before.getOrDefault(family, 0L);
            if (extra > 0 && NOT_THE_CLIENTS.stream().noneMatch(family::startsWith)) {
                out.put(family, extra);
            }
        });
        return out;
    }

    static String family(String threadName) {
        return threadName.replaceAll("[-_ ]?\\d+$", "").replaceAll("\\d+", "#");
    }

    /** Heap in use after asking for full collections until it stops shrinking (at most 5). */
    static long usedHeapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }

    /** Whether the object behind {@code ref} is collected after up to 10 full collections. */
    static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }
}
