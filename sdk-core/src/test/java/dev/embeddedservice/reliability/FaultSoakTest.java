package dev.embeddedservice.reliability;

import dev.embeddedservice.Reference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.EmbeddedServiceClient;
import dev.embeddedservice.EmulatorFixture;
import dev.embeddedservice.Identifier;
import dev.embeddedservice.InvocationSummary;
import dev.embeddedservice.RecordStatus;
import dev.embeddedservice.RetrySettings;
import dev.embeddedservice.TranslateRequest;
import dev.embeddedservice.TranslateResponse;
import dev.embeddedservice.TranslateResult;
import dev.embeddedservice.testkit.ActivationFailure;
import dev.embeddedservice.testkit.ActivationRecord;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.EmulatorJournal;
import dev.embeddedservice.testkit.Fault;
import dev.embeddedservice.testkit.InvocationRecord;
import dev.embeddedservice.testkit.MutableClock;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The promise under load and faults: nothing is lost or misattributed. One million identifiers
 * from eight application threads (blocking, async and streaming calls) go through one client to
 * the emulator while 10% of invocations carry a seeded fault of every kind, the token is revoked
 * twice by hand (and by every TOKEN_REVOKED fault), and the activation service is down for 30
 * simulated seconds while the token is valid but due for refresh. Emulator and client share one
 * {@link MutableClock}, so "simulated" time moves only when the test moves it.
 */
class FaultSoakTest {

    private static final int TOTAL = 1_000_000;
    private static final int THREADS = 8;
    private static final int MAX_ATTEMPTS = 6;
    private static final Duration TOKEN_TTL = Duration.ofMinutes(15);
    private static final List<String> NAMESPACES = List.of("acme-media", "acme-retail", "default");
    private static final EnumSet<Fault> PROTOCOL_FAULTS = EnumSet.of(Fault.TRUNCATED_BODY, Fault.NON_JSON_BODY,
            Fault.MISSING_RESULT, Fault.DUPLICATE_RESULT, Fault.UNKNOWN_RESULT_ID);
    private static final EnumSet<Fault> RETRYABLE_FAULTS = EnumSet.of(Fault.THROTTLING, Fault.MODEL_NOT_READY,
            Fault.SERVICE_UNAVAILABLE, Fault.INTERNAL_FAILURE, Fault.INTERNAL_DEPENDENCY, Fault.CONTAINER_500,
            Fault.CONNECTION_RESET);

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a guard: a hang fails the build instead of stalling it
    void aMillionIdentifiersUnderFaultsRevocationsAndAnOutageAreEachAnsweredOnceAndCorrectly() throws Exception {
        // The emulator checks the SigV4 date of every call against this clock, and the AWS SDK signs with
        // the system clock: so simulated time starts now, and it never runs more than 13.5 minutes ahead
        // (the outage below), within the 15 minutes AWS allows.
        MutableClock clock = MutableClock.startingAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Checker checker = new Checker();
        Progress progress = new Progress();
        CountDownLatch firstRevocation = progress.at(TOTAL / 10);
        CountDownLatch outageBegins = progress.at(TOTAL * 3 / 10);
        CountDownLatch outageEnds = progress.at(TOTAL / 2);
        CountDownLatch secondRevocation = progress.at(TOTAL * 7 / 10);

        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .clock(clock)
                .tokenTtl(TOKEN_TTL)
                .seed(20_260_302L)
                .faultRate(0.10)
                .faultDelay(Duration.ofMillis(3))
                .maxRecordsPerInvocation(250)
                .start()) {

            // A first client loads the classes and static caches every client shares (the AWS SDK's,
            // libphonenumber's metadata), so that the baseline holds them too; then the journal restarts.
            try (EmbeddedServiceClient warmUp = client(emulator, clock).build()) {
                warmUp.translate(SoakInputs.list(1, 5_000));
            }
            emulator.reset();
            Map<String, Long> threadsBefore = ResourceCensus.settledThreadFamilies(Duration.ofSeconds(10));
            long heapBefore = ResourceCensus.usedHeapAfterGc();

            // Held only here and by the application threads, so that once closed it can be collected.
            AtomicReference<EmbeddedServiceClient> clientHolder =
                    new AtomicReference<>(client(emulator, clock).build());
            WeakReference<EmbeddedServiceClient> clientRef = new WeakReference<>(clientHolder.get());

            long started = System.nanoTime();
            List<Thread> app = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> crashed = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < THREADS; t++) {
                int index = t;
                Thread thread = new Thread(() -> {
                    try {
                        runApplicationThread(clientHolder.get(), index, TOTAL / THREADS, checker, progress);
                    } catch (Throwable e) {
                        crashed.add(e);
                        progress.abort();
                    }
                }, "soak-app-" + t);
                app.add(thread);
                thread.start();
            }

            // Phase 1: a revocation by hand while every thread is busy.
            progress.await(firstRevocation, crashed);
            emulator.revokeTokens();

            // Phase 2: the activation service goes down while the token is valid but due for refresh.
            // A token revoked now could not be replaced until it is back, so revocations are paused.
            Fault[] allButRevocation = EnumSet.complementOf(EnumSet.of(Fault.TOKEN_REVOKED, Fault.ALL_TOKENS_REVOKED))
                    .toArray(Fault[]::new);
            emulator.faults().rate(0.10, allButRevocation);
            progress.await(outageBegins, crashed);
            emulator.activationFailure(ActivationFailure.OUTAGE);
            ActivationRecord lastIssued = lastSuccessfulActivation(emulator.journal());
            Instant expiry = lastIssued.receivedAt().plus(TOKEN_TTL);
            // Past the prefetch point (at least 5 minutes before expiry), before the expiry margin (10 s).
            Instant outageStart = expiry.minus(Duration.ofMinutes(2));
            clock.set(outageStart);
            progress.await(outageEnds, crashed);
            clock.advance(Duration.ofSeconds(30));
            Instant outageEnd = clock.instant();
            emulator.clearActivationFailure();
            emulator.faults().rate(0.10);

            // Phase 3: a second revocation by hand.
            progress.await(secondRevocation, crashed);
            emulator.revokeTokens();

            for (Thread thread : app) {
                thread.join();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertThat(crashed).as("application threads that crashed").isEmpty();

            EmulatorJournal journal = emulator.journal();
            List<InvocationRecord> invocations = journal.invocations();
            List<ActivationRecord> activations = journal.activations();
            Map<Fault, Long> faults = journal.faultsInjected();

            clientHolder.getAndSet(null).close();
            app.clear();
            Map<String, Long> leftRunning = ResourceCensus.leftRunning(threadsBefore, Duration.ofSeconds(10));
            Map<String, Long> threadsAfter = ResourceCensus.threadFamilies();
            boolean clientCollected = ResourceCensus.collected(clientRef);
            long heapAfter = ResourceCensus.usedHeapAfterGc();

            report(elapsed, checker, journal, faults, threadsBefore, threadsAfter, heapBefore, heapAfter);

            // Every input has exactly one result, and every answer is the independent §4 computation.
            assertThat(checker.problems).as("lost, extra or misattributed results").isEmpty();
            assertThat(checker.inputs.sum()).isEqualTo(TOTAL);
            assertThat(checker.ok.sum() + checker.notFound.sum() + checker.invalid.sum() + checker.failed.sum())
                    .isEqualTo(TOTAL);
            assertThat(checker.ok.sum()).as("OK results").isGreaterThan(TOTAL / 2);

            // The faults really happened, every kind of them, at about the rate asked.
            assertThat(faults.keySet()).containsExactlyInAnyOrder(Fault.values());
            long faultCount = faults.values().stream().mapToLong(Long::longValue).sum();
            assertThat(faultCount).isGreaterThan(journal.invocationCount() / 20);

            // FAILED only where the fault schedule made it unavoidable, never beyond what it allows.
            Map<String, Long> allowed = failuresTheScheduleAllows(invocations, faults);
            checker.failedRecordsByCause.forEach((cause, n) -> assertThat(n.sum())
                    .as("records FAILED because %s (the schedule allows %s)", cause, allowed.getOrDefault(cause, 0L))
                    .isLessThanOrEqualTo(allowed.getOrDefault(cause, 0L)));

            // The outage: the valid token kept being served, and the refresh was tried and failed.
            List<InvocationRecord> duringOutage = invocations.stream()
                    .filter(r -> r.receivedAt().equals(outageStart)).collect(Collectors.toList());
            assertThat(duringOutage).as("invocations during the outage").hasSizeGreaterThan(20);
            assertThat(duringOutage).filteredOn(r -> r.tokenId() != null).as("invocations that reached the container")
                    .allSatisfy(r -> {
                        assertThat(r.tokenId()).as("token of invocation %d", r.number())
                                .isEqualTo(lastIssued.tokenId());
                        assertThat(r.containerError()).as("container error of invocation %d", r.number())
                                .isNotIn("TOKEN_INVALID", "TOKEN_EXPIRED");
                    });
            assertThat(duringOutage).filteredOn(InvocationRecord::successful).hasSizeGreaterThan(20);
            List<ActivationRecord> outageActivations = activations.stream()
                    .filter(a -> !a.receivedAt().isBefore(outageStart) && a.receivedAt().isBefore(outageEnd))
                    .collect(Collectors.toList());
            System.out.printf("soak: during the outage %d invocations (%d successful), %d refresh attempts refused%n",
                    duringOutage.size(), duringOutage.stream().filter(InvocationRecord::successful).count(),
                    outageActivations.size());
            assertThat(outageActivations).as("refresh attempts during the outage").isNotEmpty()
                    .allSatisfy(a -> assertThat(a.httpStatus()).isZero());
            assertThat(activations).as("activation works again after the outage")
                    .anySatisfy(a -> {
                        assertThat(a.receivedAt()).isAfterOrEqualTo(outageEnd);
                        assertThat(a.httpStatus()).isEqualTo(200);
                    });
            assertThat(checker.failedRecordsByCause).as("no batch failed for want of a token")
                    .doesNotContainKey("no valid token");

            // Activations: the first, one per revocation (by hand or by fault), one per refresh due.
            long issued = activations.stream().filter(a -> a.httpStatus() == 200).count();
            long revocations = 2 + faults.getOrDefault(Fault.TOKEN_REVOKED, 0L)
                    + faults.getOrDefault(Fault.ALL_TOKENS_REVOKED, 0L);
            long refreshesDue = 1;
            assertThat(issued).as("successful activations").isLessThanOrEqualTo(1 + revocations + refreshesDue);
            assertThat(activations).as("every failed activation was the outage's")
                    .filteredOn(a -> a.httpStatus() != 200)
                    .allSatisfy(a -> assertThat(a.failure()).isEqualTo(ActivationFailure.OUTAGE));

            // Nothing left behind: the client's threads are gone, its heap is free.
            assertThat(leftRunning).as("threads left running after close()").isEmpty();
            assertThat(clientCollected).as("the closed client can be garbage collected").isTrue();
            assertThat(heapAfter - heapBefore).as("heap retained after close()").isLessThan(16L << 20);
        }
    }

    private static EmbeddedServiceClient.Builder client(EmbeddedServiceEmulator emulator, MutableClock clock) {
        return EmbeddedServiceClient.builder()
                .activationConfig(EmulatorFixture.activation(emulator))
                .endpointOverride(URI.create(emulator.endpointUrl()))
                .region(emulator.region())
                .credentialsProvider(EmulatorFixture.FAKE_AWS)
                .overrideConfiguration(o -> o.retry(RetrySettings.builder().maxAttempts(MAX_ATTEMPTS).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(20)).build()))
                .maxConcurrency(8)
                // The simulated clock jumps ahead by minutes; a call's deadline must not pass with it.
                .overrideConfiguration(o -> o.deadline(Duration.ofHours(6)))
                .clock(clock)
                .environment(name -> null);
    }

    // ------------------------------------------------------------------ the application threads

    /** One application thread: blocking calls, async calls or streams, by its index. */
    private static void runApplicationThread(EmbeddedServiceClient client, int index, int quota, Checker checker,
                                             Progress progress) {
        SplittableRandom random = new SplittableRandom(1000 + index);
        long seed = 1_000_000L * (index + 1);
        int remaining = quota;
        if (index >= 6) {
            // Streams: results arrive on this thread, in input order, as batches complete.
            while (remaining > 0) {
                int n = Math.min(remaining, quota / 2);
                String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
                stream(client, seed++, n, namespace, checker, progress);
                remaining -= n;
            }
            return;
        }
        ArrayDeque<Call> pending = new ArrayDeque<>();
        while (remaining > 0 || !pending.isEmpty()) {
            if (remaining > 0) {
                int n = Math.min(remaining, random.nextInt(10) == 0 ? 1 + random.nextInt(64)
                        : 2_000 + random.nextInt(18_000));
                remaining -= n;
                String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
                List<Identifier> ids = SoakInputs.list(seed++, n);
                TranslateRequest request = TranslateRequest.builder().identifiers(ids).targetNamespace(namespace)
                        .build();
                if (index >= 4) {
                    pending.add(new Call(ids, namespace, client.translateAsync(request)));
                    if (pending.size() < 2 && remaining > 0) {
                        continue;
                    }
                } else {
                    pending.add(new Call(ids, namespace, CompletableFuture.completedFuture(client.translate(request))));
                }
            }
            Call call = pending.poll();
            TranslateResponse response = call.response.join();
            checker.checkCall(call.ids, call.namespace, response);
            progress.add(call.ids.size());
        }
    }

    private record Call(List<Identifier> ids, String namespace, CompletableFuture<TranslateResponse> response) {
    }

    private static void stream(EmbeddedServiceClient client, long seed, int n, String namespace, Checker checker,
                               Progress progress) {
        ArrayDeque<Identifier> awaiting = new ArrayDeque<>();
        SoakInputs source = new SoakInputs(seed, n);
        java.util.Iterator<Identifier> inputs = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Identifier next() {
                Identifier id = source.next();
                awaiting.add(id);
                return id;
            }
        };
        Checker.Call call = checker.new Call(namespace);
        long[] delivered = {0};
        InvocationSummary summary = client.translateStream(inputs, namespace, result -> {
            Identifier id = awaiting.poll();
            if (id == null) {
                checker.problem("stream " + seed + ": a result for no input");
                return;
            }
            call.check(delivered[0], id, result);
            if (++delivered[0] % 1_000 == 0) {
                progress.add(1_000);
            }
        });
        progress.add(delivered[0] % 1_000);
        if (delivered[0] != n || !awaiting.isEmpty()) {
            checker.problem("stream " + seed + ": " + n + " inputs, " + delivered[0] + " results");
        }
        if (summary.records() != n || summary.failed() != call.failed) {
            checker.problem("stream " + seed + ": summary " + summary + " disagrees with the results");
        }
        call.finish();
    }

    // ------------------------------------------------------------------ checking

    /** Checks each result against {@link Reference}; thread-safe. */
    static final class Checker {
        final LongAdder inputs = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder notFound = new LongAdder();
        final LongAdder invalid = new LongAdder();
        final LongAdder failed = new LongAdder();
        /** Distinct records (per call) that FAILED, by the cause their reason names. */
        final Map<String, LongAdder> failedRecordsByCause = new ConcurrentHashMap<>();
        final Map<String, LongAdder> failedReasons = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

        void checkCall(List<Identifier> ids, String namespace, TranslateResponse response) {
            List<TranslateResult> results = response.results();
            if (results.size() != ids.size()) {
                problem(ids.size() + " inputs but " + results.size() + " results");
                return;
            }
            Call call = new Call(namespace);
            Map<String, TranslateResult> byRecord = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                Reference.Expected expected = call.check(i, ids.get(i), results.get(i));
                if (expected.wire() != null) {
                    TranslateResult first = byRecord.putIfAbsent(expected.recordKey(), results.get(i));
                    if (first != null && !first.equals(results.get(i))) {
                        problem("input " + i + ": equal inputs of one call got different results");
                    }
                }
            }
            InvocationSummary s = response.summary();
            if (s.records() != ids.size() || s.failed() != call.failed) {
                problem("summary " + s + " disagrees with the results");
            }
            call.finish();
        }

        void problem(String what) {
            if (problems.size() < 50) {
                problems.add(what);
            }
        }

        /** One call's results. */
        final class Call {
            private final String namespace;
            private final Set<String> failedRecords = new HashSet<>();
            private final Map<String, String> causeOf = new HashMap<>();
            long failed;

            Call(String namespace) {
                this.namespace = namespace;
            }

            Reference.Expected check(long position, Identifier id, TranslateResult r) {
                inputs.increment();
                Reference.Expected expected = Reference.expected(namespace, id, "US");
                if (r.status() == RecordStatus.FAILED) {
                    failed++;
                    Checker.this.failed.increment();
                    String reason = r.reason().orElse(null);
                    if (reason == null || reason.isBlank()) {
                        problem("input " + position + ": FAILED without a reason");
                    } else if (r.type() != expected.type() || expected.wire() == null) {
                        problem("input " + position + ": FAILED with the wrong type, or never sendable");
                    } else {
                        failedReasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
                        if (failedRecords.add(expected.recordKey())) {
                            causeOf.put(expected.recordKey(), cause(reason));
                        }
                    }
                    return expected;
                }
                if (!expected.matches(r)) {
                    problem("input " + position + " (" + id.type() + ") in " + namespace + ": expected "
                            + expected.status() + " " + expected.translatedId() + ", got " + r);
                    return expected;
                }
                switch (r.status()) {
                    case OK -> ok.increment();
                    case NOT_FOUND -> notFound.increment();
                    case INVALID -> invalid.increment();
                    default -> problem("input " + position + ": unexpected status " + r.status());
                }
                return expected;
            }

            void finish() {
                causeOf.values().forEach(c -> failedRecordsByCause.computeIfAbsent(c, k -> new LongAdder())
                        .increment());
            }
        }
    }

    /** The cause a FAILED reason names, as the schedule check groups them. */
    static String cause(String reason) {
        if (reason.startsWith("protocol error:")) {
            return "two protocol faults";
        }
        if (reason.contains("refused a freshly activated token")) {
            return "two token refusals";
        }
        if (reason.startsWith("the service could not process the record")) {
            return "two record errors";
        }
        if (reason.startsWith("no valid token")) {
            return "no valid token";
        }
        if (reason.contains("(after " + MAX_ATTEMPTS + " attempts)")) {
            return "retryable faults on every attempt";
        }
        return "other: " + reason;
    }

    /**
     * How many records the fault schedule can make FAIL, by cause, from what the emulator saw: a
     * batch fails for its protocol after two protocol faults, for its token after two refusals, a
     * record for its errors after two ERROR answers, and for retryable faults only when every
     * attempt met one. Each count is the most the journal's faulted invocations can account for.
     */
    static Map<String, Long> failuresTheScheduleAllows(List<InvocationRecord> invocations, Map<Fault, Long> faults) {
        long protocolRecords = 0;
        long refusedRecords = 0;
        long retryableRecords = 0;
        for (InvocationRecord r : invocations) {
            int records = Math.max(0, r.records());
            if (r.fault() != null && PROTOCOL_FAULTS.contains(r.fault())) {
                protocolRecords += records;
            }
            if (Integer.valueOf(401).equals(r.originalStatusCode())) {
                refusedRecords += records;
            }
            if (r.fault() != null && RETRYABLE_FAULTS.contains(r.fault())) {
                retryableRecords += records;
            }
        }
        Map<String, Long> allowed = new HashMap<>();
        allowed.put("two protocol faults", protocolRecords / 2);
        allowed.put("two token refusals", refusedRecords / 2);
        allowed.put("two record errors", faults.getOrDefault(Fault.RECORD_ERROR, 0L) / 2);
        allowed.put("retryable faults on every attempt", retryableRecords / MAX_ATTEMPTS);
        return allowed;
    }

    private static ActivationRecord lastSuccessfulActivation(EmulatorJournal journal) {
        List<ActivationRecord> all = journal.activations();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).httpStatus() == 200) {
                return all.get(i);
            }
        }
        throw new AssertionError("no successful activation yet");
    }

    private static void report(Duration elapsed, Checker checker, EmulatorJournal journal, Map<Fault, Long> faults,
                               Map<String, Long> threadsBefore, Map<String, Long> threadsAfter, long heapBefore,
                               long heapAfter) {
        System.out.printf("soak: %,d inputs in %.1f s (%,.0f records/s); OK %,d, NOT_FOUND %,d, INVALID %,d, "
                        + "FAILED %,d%n",
                checker.inputs.sum(), elapsed.toMillis() / 1000.0, checker.inputs.sum() * 1e9 / elapsed.toNanos(),
                checker.ok.sum(), checker.notFound.sum(), checker.invalid.sum(), checker.failed.sum());
        System.out.printf("soak: %,d invocations, %,d faults %s, %,d activations (%,d tokens issued)%n",
                journal.invocationCount(), faults.values().stream().mapToLong(Long::longValue).sum(), faults,
                journal.activationCount(), journal.tokensIssued());
        System.out.println("soak: FAILED records by cause " + checker.failedRecordsByCause);
        System.out.println("soak: FAILED reasons " + checker.failedReasons);
        System.out.println("soak: threads before " + threadsBefore);
        System.out.println("soak: threads after close " + threadsAfter);
        System.out.printf("soak: heap after GC before %,d KiB, after close %,d KiB%n", heapBefore >> 10,
                heapAfter >> 10);
    }

    /** Completed inputs across threads, and latches that open at given counts. */
    static final class Progress {
        private final AtomicLong done = new AtomicLong();
        private final ConcurrentSkipListMap<Long, CountDownLatch> marks = new ConcurrentSkipListMap<>();
        private volatile boolean aborted;

        CountDownLatch at(long count) {
            return marks.computeIfAbsent(count, k -> new CountDownLatch(1));
        }

        void add(long n) {
            long now = done.addAndGet(n);
            marks.headMap(now, true).values().forEach(CountDownLatch::countDown);
        }

        void abort() {
            aborted = true;
            marks.values().forEach(CountDownLatch::countDown);
        }

        /** Waits for {@code latch}; fails when an application thread crashed or nothing moves for minutes. */
        void await(CountDownLatch latch, ConcurrentLinkedQueue<Throwable> crashed) throws InterruptedException {
            if (!latch.await(3, TimeUnit.MINUTES)) {
                throw new AssertionError("no progress: " + done.get() + " inputs done");
            }
            if (aborted) {
                AssertionError e = new AssertionError("an application thread crashed");
                crashed.forEach(e::addSuppressed);
                throw e;
            }
        }
    }
}
