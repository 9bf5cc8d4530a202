package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.StreamAbortedException;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 4, for the streaming forms: when the caller's own iterator or consumer fails, the
 * stream stops; what was already sent is delivered (when the consumer can take it), nothing is sent
 * after, and the call says so with a {@link StreamAbortedException} whose cause is the failure.
 */
class StreamFailureTest {

    private static EmbeddedServiceEmulator emulator;
    private static EmbeddedServiceClient client;

    @BeforeAll
    static void start() {
        emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(50).start();
        client = EmulatorFixture.client(emulator).maxConcurrency(2).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void anIteratorThatFailsStopsTheStreamAfterDeliveringEveryInputItHandedOut() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(1_000, "iterator-fails");
        IllegalStateException boom = new IllegalStateException("disk read error");
        Iterator<Identifier> failing = failingAfter(ids, 237, boom);
        List<TranslateResult> delivered = new ArrayList<>();

        assertThatThrownBy(() -> client.translateStream(failing, null, delivered::add))
                .isInstanceOfSatisfying(StreamAbortedException.class, e -> {
                    assertThat(e.getCause()).isSameAs(boom);
                    assertThat(e.resultsDelivered()).isEqualTo(237);
                    assertThat(e.getMessage()).contains("reading the input failed");
                });
        assertThat(delivered).hasSize(237);
        for (int i = 0; i < delivered.size(); i++) {
            assertThat(Reference.matches(Reference.expected("default", ids.get(i), "US"), delivered.get(i))).isTrue();
        }
        assertThat(emulator.journal().billedUnits()).as("billed: exactly what was read").isEqualTo(237);
    }

    @Test
    void aNullIdentifierStopsTheStreamLikeAFailingIterator() {
        List<Identifier> ids = new ArrayList<>(EmulatorFixture.distinctEmails(120, "null-in-stream"));
        ids.set(100, null);
        List<TranslateResult> delivered = new ArrayList<>();

        assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, delivered::add))
                .isInstanceOfSatisfying(StreamAbortedException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(NullPointerException.class)
                            .hasMessageContaining("must not contain null");
                    assertThat(e.resultsDelivered()).isEqualTo(100);
                });
        assertThat(delivered).hasSize(100);
        assertThat(emulator.journal().billedUnits()).isEqualTo(100);
    }

    @Test
    void aConsumerThatFailsStopsTheStreamAndNothingMoreIsSent() {
        List<Identifier> ids = EmulatorFixture.distinctEmails(2_000, "consumer-fails");
        RuntimeException boom = new RuntimeException("output disk full");
        int[] seen = {0};

        assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, r -> {
            if (++seen[0] == 130) {
                throw boom;
            }
        })).isInstanceOfSatisfying(StreamAbortedException.class, e -> {
            assertThat(e.getCause()).isSameAs(boom);
            assertThat(e.resultsDelivered()).isEqualTo(129);
            assertThat(e.getMessage()).contains("consumer failed");
        });
        // Chunks of 50 records, two in flight: at most the failing chunk and the two after it were sent.
        assertThat(emulator.journal().billedUnits()).isLessThanOrEqualTo(150 + 2 * 50);
    }

    private static Iterator<Identifier> failingAfter(List<Identifier> ids, int n, RuntimeException failure) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Identifier next() {
                if (next == n) {
                    throw failure;
                }
                if (next >= ids.size()) {
                    throw new NoSuchElementException();
                }
                return ids.get(next++);
            }
        };
    }
}
