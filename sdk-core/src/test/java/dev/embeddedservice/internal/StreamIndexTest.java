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
    private static final int OVERHEAD = 160;

    @TempDir
    Path spill;

    private final TranslateCodec codec = TranslateCodec.create("ns", "US");

    private static byte[] data(String value) {
        return ("{\"type\":\"CUSTOM\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
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
            assertThat(index.find(data("a"))).isNull();
            SharedResult<TranslateResult> promise = () -> ok("tk_a");

            index.addPending(data("a"), promise);

            assertThat(index.find(data("a"))).isSameAs(promise);
            assertThat(index.find(data("b"))).isNull();
            assertThat(index.knownRecords()).as("pending is not known yet").isZero();
        }
    }

    @Test
    void aCompletedRecordIsKnownWithItsResult() {
        try (StreamIndex<TranslateResult> index = index(1 << 20)) {
            index.addPending(data("a"), () -> ok("tk_a"));

            index.complete(data("a"), ok("tk_a"));

            assertThat(index.find(data("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(index.knownRecords()).isEqualTo(1);
            assertThat(index.spilled()).isFalse();
        }
    }

    @Test
    void theMemoryTierHoldsExactlyItsBudgetAndOneByteMoreGoesToDisk() throws IOException {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> within = index(2L * one)) {
            within.complete(data("a"), ok("tk_a"));
            within.complete(data("b"), ok("tk_b"));
            assertThat(within.spilled()).isFalse();
        }
        try (StreamIndex<TranslateResult> over = index(2L * one - 1)) {
            over.complete(data("a"), ok("tk_a"));
            assertThat(over.spilled()).isFalse();
            over.complete(data("b"), ok("tk_b"));
            assertThat(over.spilled()).isTrue();
            assertThat(spillDirectories()).isEqualTo(1);

            assertThat(over.find(data("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(over.find(data("b")).result()).isEqualTo(ok("tk_b"));
            assertThat(over.find(data("c"))).isNull();
            assertThat(over.knownRecords()).isEqualTo(2);
        }
    }

    @Test
    void afterASpillTheMemoryTierStartsAfreshAndSpillsAgainIntoTheSameTable() throws IOException {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> index = index(one)) {
            index.complete(data("a"), ok("tk_a"));
            assertThat(index.spilled()).isFalse();
            index.complete(data("b"), ok("tk_b"));   // over: both to disk
            assertThat(index.spilled()).isTrue();
            index.complete(data("c"), ok("tk_c"));   // memory again, within the budget
            assertThat(index.knownRecords()).isEqualTo(3);
            index.complete(data("d"), ok("tk_d"));   // over again
            assertThat(index.knownRecords()).isEqualTo(4);
            assertThat(spillDirectories()).as("one spill table").isEqualTo(1);
            for (String v : new String[] {"a", "b", "c", "d"}) {
                assertThat(index.find(data(v)).result()).isEqualTo(ok("tk_" + v));
            }
        }
    }

    @Test
    void aSeededResultIsKnownUnlessTheRecordAlreadyIs() {
        int one = data("a").length + OVERHEAD;
        try (StreamIndex<TranslateResult> index = index(one)) {
            index.seed(data("a"), ok("tk_a"));
            index.seed(data("a"), ok("other"));
            assertThat(index.find(data("a")).result()).isEqualTo(ok("tk_a"));
            assertThat(index.knownRecords()).isEqualTo(1);

            index.seed(data("b"), ok("tk_b"));        // over the budget: both on disk
            assertThat(index.spilled()).isTrue();
            index.seed(data("b"), ok("other"));
            assertThat(index.find(data("b")).result()).isEqualTo(ok("tk_b"));
            assertThat(index.knownRecords()).isEqualTo(2);

            SharedResult<TranslateResult> promise = () -> ok("tk_p");
            index.addPending(data("p"), promise);
            index.seed(data("p"), ok("other"));
            assertThat(index.find(data("p"))).isSameAs(promise);
            assertThat(index.knownRecords()).isEqualTo(2);
        }
    }

    @Test
    void closingRemovesTheSpillDirectoryAndForgetsEverythingTwiceOver() throws IOException {
        StreamIndex<TranslateResult> index = index(1);
        index.complete(data("a"), ok("tk_a"));
        index.addPending(data("p"), () -> ok("tk_p"));
        assertThat(spillDirectories()).isEqualTo(1);

        index.close();

        assertThat(spillDirectories()).isZero();
        assertThat(index.spilled()).isFalse();
        assertThat(index.knownRecords()).isZero();
        assertThat(index.find(data("p"))).isNull();
        assertThat(index.find(data("a"))).isNull();
        index.close();
    }

    @Test
    void keysAreComparedByContent() {
        try (StreamIndex<TranslateResult> index = index(1 << 20)) {
            index.complete(data("a"), ok("tk_a"));
            assertThat(index.find(data("a").clone()).result()).isEqualTo(ok("tk_a"));
            assertThat(index.find(data("A"))).isNull();
        }
    }
}
