package dev.embeddedservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.exception.InvalidConfigurationException;
import dev.embeddedservice.exception.StreamAbortedException;
import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, point 5: equal identifiers anywhere in a stream are billed once, with a de-duplication
 * index that spills to a temporary directory past its memory budget and removes it however the
 * call ends; a resumed stream sends nothing the earlier run delivered.
 */
class StreamDeduplicationTest {

    static final String NAMESPACE = "whole-stream";

    @TempDir
    Path spill;

    /** 200,000 identifiers, a tenth of them repeats of any earlier one (near or far), some invalid. */
    static List<Identifier> input(int n, long seed) {
        Random random = new Random(seed);
        List<Identifier> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(100);
            if (kind < 10 && !ids.isEmpty()) {
                ids.add(ids.get(random.nextInt(ids.size())));
            } else if (kind < 12) {
                ids.add(Identifier.email("not-an-email-" + i));
            } else if (kind < 20) {
                // The same address written another way: the same record after normalization.
                ids.add(Identifier.email("  User" + random.nextInt(i + 1) + "@Example.COM "));
            } else {
                ids.add(Identifier.email("user" + i + "@example.com"));
            }
        }
        return ids;
    }

    static EmbeddedServiceClient.Builder client(EmbeddedServiceEmulator emulator, long memory, Path spill) {
        return EmulatorFixture.client(emulator).targetNamespace(NAMESPACE).maxConcurrency(4)
                .overrideConfiguration(o -> o.streamIndexMemory(memory).spillDirectory(spill));
    }

    static Set<String> distinctValid(List<Identifier> ids) {
        Set<String> keys = new HashSet<>();
        for (Identifier id : ids) {
            Reference.Expected e = Reference.expected(NAMESPACE, id, "US");
            if (e.wire() != null) {
                keys.add(e.recordKey());
            }
        }
        return keys;
    }

    @Test
    void theSpillDirectoryIsRemovedWhenTheStreamFails() throws Exception {
        List<Identifier> ids = input(60_000, 2);
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = client(emulator, 64 * 1024, spill).build()) {
            int[] seen = {0};
            assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, r -> {
                if (++seen[0] == 40_000) {
                    assertThat(hasChild(spill)).as("spilled by now").isTrue();
                    throw new IllegalStateException("stop");
                }
            })).isInstanceOf(StreamAbortedException.class);
            assertThat(Files.list(spill)).isEmpty();
        }
    }

    @Test
    void aResumedStreamSendsNothingTheFirstRunDeliveredAndEndsLikeAnUninterruptedOne() {
        List<Identifier> ids = input(50_000, 3);
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(500).start();
             EmbeddedServiceClient client = client(emulator, 128 * 1024, spill).build()) {
            // First run: the input fails after 31,337 identifiers (everything read is delivered).
            List<TranslateResult> first = new ArrayList<>();
            Iterator<Identifier> failing = failingAt(ids, 31_337, "killed");
            assertThatThrownBy(() -> client.translateStream(failing, null, first::add))
                    .isInstanceOf(StreamAbortedException.class);
            assertThat(first).hasSize(31_337);
            long billedFirst = emulator.journal().billedUnits();
            assertThat(billedFirst).isEqualTo(distinctValid(ids.subList(0, 31_337)).size());

            List<TranslateResult> second = new ArrayList<>();
            InvocationSummary summary = client.translateStream(ids.iterator(), null, second::add, first.iterator());

            List<TranslateResult> all = new ArrayList<>(first);
            all.addAll(second);
            assertThat(all).hasSize(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                assertThat(Reference.matches(Reference.expected(NAMESPACE, ids.get(i), "US"), all.get(i)))
                        .as("input %d", i).isTrue();
            }
            assertThat(summary.records()).isEqualTo(ids.size() - 31_337);
            long[] byStatus = new long[RecordStatus.values().length];
            for (Identifier id : ids.subList(31_337, ids.size())) {
                byStatus[Reference.expected(NAMESPACE, id, "US").status().ordinal()]++;
            }
            assertThat(List.of(summary.ok(), summary.notFound(), summary.invalid(), summary.failed()))
                    .as("the second run's inputs by status").containsExactly(byStatus[RecordStatus.OK.ordinal()],
                            byStatus[RecordStatus.NOT_FOUND.ordinal()], byStatus[RecordStatus.INVALID.ordinal()], 0L);
            assertThat(emulator.journal().billedUnits()).as("no record billed twice across the two runs")
                    .isEqualTo(distinctValid(ids).size());

            // A resumed run whose input fails too: the inputs it counts include the resumed ones.
            Iterator<Identifier> failsAt20000 = failingAt(ids, 20_000, "killed again");
            assertThatThrownBy(() -> client.translateStream(failsAt20000, null, r -> { }, first.subList(0, 10_000).iterator()))
                    .isInstanceOfSatisfying(StreamAbortedException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("reading the input failed (IllegalStateException) after "
                                + "20000 inputs; their 10000 results were delivered");
                        assertThat(e.resultsDelivered()).isEqualTo(10_000);
                    });
        }
    }

    /** {@code ids} in order, until the input at {@code failAt} throws {@code IllegalStateException(message)}. */
    private static Iterator<Identifier> failingAt(List<Identifier> ids, int failAt, String message) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Identifier next() {
                if (next == failAt) {
                    throw new IllegalStateException(message);
                }
                return ids.get(next++);
            }
        };
    }

    @Test
    void resultsThatDoNotBelongToTheInputAreRefusedBeforeAnythingIsSent() {
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.start();
             EmbeddedServiceClient client = client(emulator, 0, spill).build()) {
            List<Identifier> ids = List.of(Identifier.email("a@example.com"), Identifier.maid("not-a-maid"));
            Iterator<TranslateResult> wrongType = List.of(TranslateResult.ok(IdentifierType.MAID, "tk_x")).iterator();
            assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, r -> { }, wrongType))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("does not belong");
            Iterator<TranslateResult> okForInvalid = List.of(TranslateResult.notFound(IdentifierType.EMAIL_SHA256),
                    TranslateResult.ok(IdentifierType.MAID, "tk_y")).iterator();
            assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, r -> { }, okForInvalid))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("result 2");
            Iterator<TranslateResult> tooMany = List.of(TranslateResult.notFound(IdentifierType.EMAIL_SHA256),
                    TranslateResult.invalid(IdentifierType.MAID, "x"), TranslateResult.invalid(IdentifierType.MAID, "y"))
                    .iterator();
            assertThatThrownBy(() -> client.translateStream(ids.iterator(), null, r -> { }, tooMany))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("more results");
            assertThat(emulator.journal().invocationCount()).isZero();
        }
    }

    @Test
    void aGenericStreamIsDeduplicatedThroughTheSpilledIndexToo() {
        record Item(String type, String value) {
        }
        Operation<Item, Map> translate = Operation.of("translate", Item.class, Map.class)
                .withParam("targetNamespace", NAMESPACE);
        List<Item> items = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            items.add(new Item("CUSTOM", "partner-" + random.nextInt(12_000)));
        }
        try (EmbeddedServiceEmulator emulator = EmbeddedServiceEmulator.builder().maxRecordsPerInvocation(300).start();
             EmbeddedServiceClient client = client(emulator, 32 * 1024, spill).build()) {
            List<RecordResult<Map>> results = new ArrayList<>();
            client.invokeStream(translate, items.iterator(), results::add);

            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                distinct.add(items.get(i).value());
                Reference.Expected e = Reference.translate(NAMESPACE, IdentifierType.CUSTOM, items.get(i).value());
                assertThat(results.get(i).status()).isEqualTo(e.status());
                if (e.status() == RecordStatus.OK) {
                    assertThat(results.get(i).value().orElseThrow()).isEqualTo(Map.of("translatedId", e.translatedId()));
                }
            }
            assertThat(emulator.journal().billedUnits()).isEqualTo(distinct.size());
        }
    }

    static boolean hasChild(Path dir) {
        try (var files = Files.list(dir)) {
            return files.findAny().isPresent();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
