package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.TranslateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's de-duplication index on its own: its tiers, its byte budget, seeding, and cleaning up. */
class StreamIndexTest {

    /** What an entry of the memory tier costs beyond its key. */
    private static final int OVERHEAD = 128;

    @TempDir
    Path spill;

    private final TranslateCodec codec = TranslateCodec.create("ns", "US");

    private static byte[] data(String value) {
        return ("{\"type\":\"CUSTOM\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The hash the stream gives a record (the table's own hash of its bytes). */
    private static int hash(String value) {
        return DistinctRecords.hash(data(value));
    }

    /** A record sent (pending) and then delivered, as the stream does it. */
    private static void known(StreamIndex<TranslateResult> index, String value, TranslateResult result) {
        index.addPending(data(value), hash(value), () -> result);
        index.complete(data(value), hash(value), result);
    }

    private static TranslateResult ok(String id) {
        return TranslateResult.ok(IdentifierType.CUSTOM, id);
    }

    private StreamIndex<TranslateResult> index(long budget) {
        return new StreamIndex<>(codec, budget, spill);
    }

    private long spillDirectories() throws IOException {
        try (Stream<Path> files = Files.list(spill)) {
            return files.count();
        }
    }

    @Test
    void aNewRecordIsUnknownAndAPendingOneSharesItsPromise() {
        try (StreamIndex<TranslateResult> index = index(1 << 20)) {
            assertThat(index.find(data("a"), hash("a"))).isNull();
            SharedResult<TranslateResult> promise = () -> ok("tk_a");

            index.addPending(data("a"), hash("a"), promise);

            assertThat(index.find(data("a"), hash("a"))).isSameAs(promise);
            assertThat(index.find(data("b"), hash("b"))).isNull();
            assertThat(index.knownRecords()).as("pending is not known yet").isZero();
        }
    }

    @Test
    void aCompletedRecordIsKnownWithItsResult() {
        try (StreamIndex<TranslateResult> index = index(1 << 20)) {
            index.addPending(data("a"), hash("a"), () -> ok("tk_a"));

            index.complete(data("a"), hash("a"), ok("tk_a"));

            assertThat(index.find(data("a"), hash("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(index.knownRecords()).isEqualTo(1);
            assertThat(index.spilled()).isFalse();
        }
    }

    @Test
    void theMemoryTierHoldsExactlyItsBudgetAndOneByteMoreGoesToDisk() throws IOException {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> within = index(2L * one)) {
            known(within, "a", ok("tk_a"));
            known(within, "b", ok("tk_b"));
            assertThat(within.spilled()).isFalse();
        }
        try (StreamIndex<TranslateResult> over = index(2L * one - 1)) {
            known(over, "a", ok("tk_a"));
            assertThat(over.spilled()).isFalse();
            known(over, "b", ok("tk_b"));
            assertThat(over.spilled()).isTrue();
            assertThat(spillDirectories()).isEqualTo(1);

            assertThat(over.find(data("a"), hash("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(over.find(data("b"), hash("b")).result()).isEqualTo(ok("tk_b"));
            assertThat(over.find(data("c"), hash("c"))).isNull();
            assertThat(over.knownRecords()).isEqualTo(2);
        }
    }

    @Test
    void afterASpillTheMemoryTierStartsAfreshAndSpillsAgainIntoTheSameTable() throws IOException {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> index = index(one)) {
            known(index, "a", ok("tk_a"));
            assertThat(index.spilled()).isFalse();
            known(index, "b", ok("tk_b"));   // over: both to disk
            assertThat(index.spilled()).isTrue();
            known(index, "c", ok("tk_c"));   // memory again, within the budget
            assertThat(index.knownRecords()).isEqualTo(3);
            known(index, "d", ok("tk_d"));   // over again
            assertThat(index.knownRecords()).isEqualTo(4);
            assertThat(spillDirectories()).as("one spill table").isEqualTo(1);
            for (String v : new String[] {"a", "b", "c", "d"}) {
                assertThat(index.find(data(v), hash(v)).result()).isEqualTo(ok("tk_" + v));
            }
        }
    }

    @Test
    void aSeededResultIsKnownUnlessTheRecordAlreadyIs() {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> index = index(one)) {
            index.seed(data("a"), hash("a"), ok("tk_a"));
            index.seed(data("a"), hash("a"), ok("other"));
            assertThat(index.find(data("a"), hash("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(index.knownRecords()).isEqualTo(1);

            index.seed(data("b"), hash("b"), ok("tk_b"));        // over the budget: both on disk
            assertThat(index.spilled()).isTrue();
            index.seed(data("b"), hash("b"), ok("other"));
            assertThat(index.find(data("b"), hash("b")).result()).isEqualTo(ok("tk_b"));
            assertThat(index.knownRecords()).isEqualTo(2);

            SharedResult<TranslateResult> promise = () -> ok("tk_p");
            index.addPending(data("p"), hash("p"), promise);
            index.seed(data("p"), hash("p"), ok("other"));
            assertThat(index.find(data("p"), hash("p"))).isSameAs(promise);
            assertThat(index.knownRecords()).isEqualTo(2);
        }
    }

    @Test
    void closingRemovesTheSpillDirectoryAndForgetsEverythingTwiceOver() throws IOException {
        StreamIndex<TranslateResult> index = index(1);
        known(index, "a", ok("tk_a"));
        index.addPending(data("p"), hash("p"), () -> ok("tk_p"));
        assertThat(spillDirectories()).isEqualTo(1);

        index.close();

        assertThat(spillDirectories()).isZero();
        assertThat(index.spilled()).isFalse();
        assertThat(index.knownRecords()).isZero();
        assertThat(index.find(data("p"), hash("p"))).isNull();
        assertThat(index.find(data("a"), hash("a"))).isNull();
        index.close();
    }

    @Test
    void keysAreComparedByContent() {
        try (StreamIndex<TranslateResult> index = index(1 << 20)) {
            known(index, "a", ok("tk_a"));
            assertThat(index.find(data("a").clone(), hash("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(index.find(data("A"), hash("A"))).isNull();
        }
    }
}
