package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, point 1: every token issued so far is revoked every dozen or so invocations (a
 * revocation sweep), among throttles, 503s, dropped connections and answers that break the
 * protocol, while 8 threads and 16 async chains share one client. A 401 for an older token repeats
 * with the newest, a 401 for the newest re-activates once; no batch meets a refusal that persists,
 * so not one record may come back FAILED, and every answer is protocol §4's, in every run.
 */
class TokenRevocationSweepTest {

    private static final String NAMESPACE = "sweeps";
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 10;
    private static final int CHAINS = 16;
    private static final int CALLS_PER_CHAIN = 3;
    private static final int IDS_PER_CALL = 2_500;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void noRecordFailsUnderRevocationSweepsAndOtherRecoverableFaults(long seed) {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder()
                .maxRecordsPerInvocation(100)
                .seed(seed)
                .faultDelay(Duration.ofMillis(2))
                .start();
             EmbeddedServiceClient client = EmulatorFixture.client(emulator)
                     .maxConcurrency(8)
                     .targetNamespace(NAMESPACE)
                     .build()) {
            emulator.faults().rate(0.06, Fault.THROTTLING, Fault.SERVICE_UNAVAILABLE, Fault.CONNECTION_RESET,
                    Fault.TRUNCATED_BODY, Fault.NON_JSON_BODY, Fault.MISSING_RESULT, Fault.DUPLICATE_RESULT,
                    Fault.UNKNOWN_RESULT_ID);
            emulator.faults().revocationSweeps(12);

            AtomicLong records = new AtomicLong();
            Map<String, Long> failedByReason = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long base = seed * 1_000_000 + t * 1_000;
                work.add(CompletableFuture.runAsync(() -> {
                    for (int c = 0; c < CALLS_PER_THREAD; c++) {
                        List<Identifier> ids = EmulatorFixture.mixedIdentifiers(IDS_PER_CALL, base + c);
                        check(ids, client.translate(ids), records, failedByReason);
                    }
                }, runnable -> new Thread(runnable, "app-thread").start()));
            }
            for (int chain = 0; chain < CHAINS; chain++) {
                long base = seed * 1_000_000 + 500_000 + chain * 1_000;
                CompletableFuture<?> next = CompletableFuture.completedFuture(null);
                for (int c = 0; c < CALLS_PER_CHAIN; c++) {
                    List<Identifier> ids = EmulatorFixture.mixedIdentifiers(IDS_PER_CALL, base + c);
                    next = next.thenCompose(ignored -> client.translateAsync(TranslateRequest.of(ids)))
                            .thenAccept(response -> check(ids, response, records, failedByReason));
                }
                work.add(next);
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();

            assertThat(records.get()).isGreaterThanOrEqualTo(300_000);
            assertThat(failedByReason).as("FAILED records by reason").isEmpty();
            long swept = emulator.journal().faultsInjected().getOrDefault(Fault.ALL_TOKENS_REVOKED, 0L);
            long successful = emulator.journal().invocations().stream().filter(r -> r.httpStatus() == 200).count();
            assertThat(swept).as("revocation sweeps: one every 9 to 15 successful calls")
                    .isBetween(successful / 15, successful / 9 + 1);
            assertThat(emulator.journal().activationCount()).as("one activation per sweep at most, and the first")
                    .isLessThanOrEqualTo(1 + swept);
        }
    }

    /** Every result against protocol §4, recomputed independently; FAILED ones counted by reason. */
    private static void check(List<Identifier> ids, TranslateResponse response, AtomicLong records,
                              Map<String, Long> failedByReason) {
        assertThat(response.results()).hasSameSizeAs(ids);
        for (int i = 0; i < ids.size(); i++) {
            TranslateResult actual = response.results().get(i);
            if (actual.status() == RecordStatus.FAILED) {
                failedByReason.merge(actual.reason().orElse("?").replaceAll("request id [A-Za-z0-9-]+", "request id"),
                        1L, Long::sum);
                continue;
            }
            Reference.Expected expected = Reference.expected(NAMESPACE, ids.get(i), "US");
            assertThat(Reference.matches(expected, actual)).as("input %d: expected %s, got %s", i, expected, actual)
                    .isTrue();
        }
        records.addAndGet(ids.size());
    }
}
