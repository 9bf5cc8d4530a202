package dev.embeddedservice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DistinctRecordsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsWithTheSameHashAreStillToldApartByContent() {
        DistinctRecords records = new DistinctRecords(4);
        records.add(0, bytes("alpha"), 42);
        records.add(1, bytes("beta"), 42);

        assertThat(records.find(bytes("alpha"), 42)).isEqualTo(0);
        assertThat(records.find(bytes("beta"), 42)).isEqualTo(1);
        assertThat(records.find(bytes("gamma"), 42)).isEqualTo(-1);
        assertThat(records.find(bytes("alpha"), 43)).as("a different hash is a different record").isEqualTo(-1);
    }

    @Test
    void everyRecordIsFoundAgainAfterTheTableGrows() {
        DistinctRecords records = new DistinctRecords(1);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = bytes("record-" + i);
            assertThat(records.find(b, DistinctRecords.hash(b))).isEqualTo(-1);
            records.add(i, b, DistinctRecords.hash(b));
        }
        for (int i = 0; i < 10_000; i++) {
            byte[] b = bytes("record-" + i);
            assertThat(records.find(b, DistinctRecords.hash(b))).isEqualTo(i);
        }
    }

    @Test
    void negativeHashesAndHighIndicesRoundTrip() {
        DistinctRecords records = new DistinctRecords(2);
        records.add(0, bytes("x"), Integer.MIN_VALUE);
        records.add(1, bytes("y"), -1);
        assertThat(records.find(bytes("x"), Integer.MIN_VALUE)).isZero();
        assertThat(records.find(bytes("y"), -1)).isEqualTo(1);
    }

    @Test
    void readingAheadChangesNothingTheTableAnswers() {
        DistinctRecords records = new DistinctRecords(16);
        int[] hashes = new int[300];
        for (int i = 0; i < hashes.length; i++) {
            byte[] b = bytes("record-" + i);
            hashes[i] = DistinctRecords.hash(b);
            if (i % 2 == 0) {
                records.add(i / 2, b, hashes[i]);
            }
        }

        records.prefetch(hashes);

        for (int i = 0; i < hashes.length; i++) {
            assertThat(records.find(bytes("record-" + i), hashes[i])).as("record %d", i)
                    .isEqualTo(i % 2 == 0 ? i / 2 : -1);
        }
    }
}
