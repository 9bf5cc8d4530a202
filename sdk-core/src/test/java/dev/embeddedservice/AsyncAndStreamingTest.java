package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AsyncAndStreamingTest {

    private static EmbeddedServiceEmulator emulator;
    private static EmbeddedServiceClient client;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(100).start();
        client = EmulatorFixture.client(emulator).maxConcurrency(3).targetNamespace("ns-a").build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void asyncAndStreamingFormsGiveTheBlockingFormsResults() throws Exception {
        List<Identifier> ids = EmulatorFixture.mixedIdentifiers(5_000, 3);

        TranslateResponse blocking = client.translate(ids);
        CompletableFuture<TranslateResponse> async = client.translateAsync(TranslateRequest.of(ids));
        List<TranslateResult> streamed = new ArrayList<>();
        InvocationSummary summary = client.translateStream(ids.iterator(), null, streamed::add);

        assertThat(async.get().results()).isEqualTo(blocking.results());
        assertThat(streamed).isEqualTo(blocking.results());
        assertThat(summary.records()).isEqualTo(ids.size());
        assertThat(summary.ok()).isEqualTo(blocking.summary().ok());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(Reference.matches(Reference.expected("ns-a", ids.get(i), "US"), blocking.results().get(i)))
                    .as("input %d", i).isTrue();
        }
    }

    @Test
    void aRequestNamespaceOverridesTheClientsDefault() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(20, "ns");
        TranslateResponse r = client.translate(TranslateRequest.builder().identifiers(ids).targetNamespace("ns-b").build());
        List<TranslateResult> streamed = new ArrayList<>();
        client.translateStream(ids.iterator(), "ns-b", streamed::add);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(Reference.matches(Reference.expected("ns-b", ids.get(i), "US"), r.results().get(i))).isTrue();
        }
        assertThat(streamed).isEqualTo(r.results());
    }

    @Test
    void theStreamingFormHoldsAtMostMaxConcurrencyPlusOneBatchesAndTheSegmentsEncodedAhead() {
        int maxConcurrency = 3;
        int batchSize = 100;
        int total = 20_000;
        AtomicLong pulled = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong mostHeld = new AtomicLong();
        Iterator<Identifier> source = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < total;
            }

            @Override
            public Identifier next() {
                long n = pulled.incrementAndGet();
                mostHeld.accumulateAndGet(n - delivered.get(), Math::max);
                return Identifier.email("stream" + n + "@example.com");
            }
        };

        InvocationSummary summary = client.translateStream(source, null, r -> delivered.incrementAndGet());

        assertThat(delivered.get()).isEqualTo(total);
        assertThat(summary.invocations()).isEqualTo(total / batchSize);
        // Read ahead for the encoder threads: a segment (of at most a batch) per thread.
        long encodedAhead = (long) Math.max(2, Runtime.getRuntime().availableProcessors()) * batchSize;
        assertThat(mostHeld.get()).as("inputs pulled but not yet delivered")
                .isLessThanOrEqualTo((long) (maxConcurrency + 1) * batchSize + encodedAhead);
        assertThat(emulator.journal().largestInvocationRecords()).isEqualTo(batchSize);
    }

    @Test
    void streamingResultsArriveInInputOrderWithDuplicatesAndInvalidOnes() {
        List<Identifier> ids = List.of(Identifier.email("a@example.com"), Identifier.email("bad"),
                Identifier.email(" A@example.com"), Identifier.maid("00000000-0000-0000-0000-000000000000"),
                Identifier.phone("(202) 555-0143"));
        List<TranslateResult> streamed = new ArrayList<>();
        client.translateStream(ids.iterator(), null, streamed::add);
        assertThat(streamed).extracting(TranslateResult::status).containsExactly(
                Reference.expected("ns-a", ids.get(0), "US").status(), RecordStatus.INVALID,
                Reference.expected("ns-a", ids.get(0), "US").status(), RecordStatus.INVALID,
                Reference.expected("ns-a", ids.get(4), "US").status());
        assertThat(streamed.get(0)).isEqualTo(streamed.get(2));
    }
}
