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
        try (SpillTable table = new SpillTable(parent)) {
            // Enough entries to grow the table several times and to flush the log's write buffer.
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
