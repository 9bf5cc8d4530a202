package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillTableTest {

    @TempDir
    Path parent;

    @Test
    void everyValuePutIsFoundExactlyAndAbsentKeysAreNot() throws Exception {
        Map<String, String> expected = new HashMap<>();
        Random random = new Random(3);
        try (SpillTable table = new SpillTable(parent, 16, 10)) {
            // Enough entries to grow the table many times, over many segments, and to flush the log's write buffer.
            for (int i = 0; i < 300_000; i++) {
                String key = "{\"type\":\"CUSTOM\",\"value\":\"k" + i + "\"}";
                String value = "v" + random.nextInt() + "-".repeat(i % 7);
                table.put(bytes(key), bytes(value));
                expected.put(key, value);
                if (i % 50_000 == 0) {
                    // Read back while some entries are still in the write buffer.
                    assertThat(table.get(bytes(key))).isEqualTo(bytes(value));
                }
            }
            assertThat(table.size()).isEqualTo(300_000);
            assertThat(table.capacity()).as("the power of two above twice the entries").isEqualTo(1 << 20);
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertThat(table.get(bytes(e.getKey()))).as(e.getKey()).isEqualTo(bytes(e.getValue()));
            }
            assertThat(table.get(bytes("{\"type\":\"CUSTOM\",\"value\":\"k300000\"}"))).isNull();
            assertThat(table.get(bytes("k1"))).isNull();
            assertThat(table.get(new byte[0])).isNull();
            assertThat(Files.list(parent)).hasSize(1);
        }
        assertThat(Files.list(parent)).as("close removes the spill directory").isEmpty();
    }

    @Test
    void anEntryLargerThanTheWriteBufferIsKept() throws Exception {
        try (SpillTable table = new SpillTable(parent)) {
            byte[] big = new byte[3 << 20];
            new Random(1).nextBytes(big);
            table.put(bytes("small"), bytes("a"));
            table.put(bytes("big"), big);
            table.put(bytes("after"), bytes("b"));
            assertThat(table.get(bytes("big"))).isEqualTo(big);
            assertThat(table.get(bytes("small"))).isEqualTo(bytes("a"));
            assertThat(table.get(bytes("after"))).isEqualTo(bytes("b"));
        }
    }

    @Test
    void keysThatDifferOnlyInTheirLastByteOrLengthAreDistinct() {
        try (SpillTable table = new SpillTable(parent)) {
            table.put(bytes("abcdefgh1"), bytes("1"));
            table.put(bytes("abcdefgh2"), bytes("2"));
            table.put(bytes("abcdefgh"), bytes("0"));
            table.put(bytes("abcdefgh12"), bytes("12"));
            assertThat(table.get(bytes("abcdefgh1"))).isEqualTo(bytes("1"));
            assertThat(table.get(bytes("abcdefgh2"))).isEqualTo(bytes("2"));
            assertThat(table.get(bytes("abcdefgh"))).isEqualTo(bytes("0"));
            assertThat(table.get(bytes("abcdefgh12"))).isEqualTo(bytes("12"));
            assertThat(table.get(bytes("abcdefgh3"))).isNull();
        }
    }

    @Test
    void theTableDoublesWhenAnEntryWouldMakeItMoreThanHalfFull() {
        try (SpillTable table = new SpillTable(parent, 16, 3)) {
            for (int i = 0; i < 8; i++) {
                table.put(bytes("k" + i), bytes("v" + i));
            }
            assertThat(table.capacity()).as("8 entries in 16 slots: half full").isEqualTo(16);
            table.put(bytes("k8"), bytes("v8"));
            assertThat(table.capacity()).isEqualTo(32);
            for (int i = 9; i < 16; i++) {
                table.put(bytes("k" + i), bytes("v" + i));
            }
            assertThat(table.capacity()).as("16 entries in 32 slots").isEqualTo(32);
            table.put(bytes("k16"), bytes("v16"));
            assertThat(table.capacity()).isEqualTo(64);
            assertThat(table.size()).isEqualTo(17);
            for (int i = 0; i < 17; i++) {
                assertThat(table.get(bytes("k" + i))).as("k%d after growing", i).isEqualTo(bytes("v" + i));
            }
            for (int i = 17; i < 100; i++) {
                assertThat(table.get(bytes("k" + i))).isNull();
            }
        }
    }

    @Test
    void itsDirectoryIsItsOwnUnderTheParentAndHoldsOnlyTheLogByName() throws Exception {
        try (SpillTable table = new SpillTable(parent, 16, 3)) {
            for (int i = 0; i < 40; i++) {
                table.put(bytes("k" + i), bytes("v" + i));   // grown twice: each slot file is unnamed at once
            }
            assertThat(table.directory().getParent()).isEqualTo(parent);
            assertThat(table.directory().getFileName().toString()).startsWith("esvc-dedup-");
            try (var files = Files.list(table.directory())) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("entries.log");
            }
        }
    }

    @Test
    void everyEntryIsFoundRightAfterItIsPutWhereverTheLogsWriteBufferWasFlushed() {
        try (SpillTable table = new SpillTable(parent, 16, 4)) {
            // 40,000 entries of about 60 bytes: the 1 MiB write buffer is flushed twice on the way.
            for (int i = 0; i < 40_000; i++) {
                byte[] key = bytes("{\"type\":\"CUSTOM\",\"value\":\"key-" + i + "\"}");
                byte[] value = bytes("value-" + i);
                table.put(key, value);
                assertThat(table.get(key)).as("entry %d", i).isEqualTo(value);
            }
            assertThat(table.get(bytes("{\"type\":\"CUSTOM\",\"value\":\"key-0\"}"))).isEqualTo(bytes("value-0"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
