package dev.embeddedservice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The byte forms the plan keeps and shuffles: row answers, their bundles, keys. */
class ResultCodecTest {

    /** A row answer as the plan lays it out: position, fingerprint (big-endian), then the answer. */
    static byte[] rowAnswer(long position, long fingerprint, byte[] answer) {
        return java.nio.ByteBuffer.allocate(16 + answer.length).putLong(position).putLong(fingerprint).put(answer).array();
    }

    @Test
    void aBundleGivesBackItsRowAnswersInOrder() {
        long[] positions = {7L << 32 | 3, 0, Long.MAX_VALUE};
        long[] fingerprints = {-1L, Long.MIN_VALUE, 42};
        byte[][] answers = {{1, 2}, {}, {9}};
        List<byte[]> rowAnswers = List.of(
                rowAnswer(positions[0], fingerprints[0], answers[0]),
                rowAnswer(positions[1], fingerprints[1], answers[1]),
                rowAnswer(positions[2], fingerprints[2], answers[2]));
        byte[] bundle = ResultCodec.bundle(positions, fingerprints, answers);
        assertThat(bundle).hasSize(3 * (4 + 16) + 3);
        List<byte[]> back = new ArrayList<>();
        Iterator<byte[]> it = ResultCodec.rowAnswers(bundle);
        it.forEachRemaining(back::add);
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i)).isEqualTo(rowAnswers.get(i));
        }
        assertThat(ResultCodec.position(back.get(0))).isEqualTo(7L << 32 | 3);
        assertThat(ResultCodec.fingerprint(back.get(0))).isEqualTo(-1L);
        assertThat(ResultCodec.position(back.get(2))).isEqualTo(Long.MAX_VALUE);
        assertThat(ResultCodec.fingerprint(back.get(1))).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(ResultCodec.rowAnswers(ResultCodec.bundle(new long[0], new long[0], new byte[0][])).hasNext()).isFalse();
    }

    @Test
    void aKeyCarriesPositionFingerprintTypeAndValue() {
        byte[] key = KeyExtractor.key(5L << 32 | 17, 0x0102030405060708L, (byte) 2, "é-value");
        assertThat(KeyExtractor.position(key)).isEqualTo(5L << 32 | 17);
        assertThat(KeyExtractor.fingerprint(key)).isEqualTo(0x0102030405060708L);
        assertThat(KeyExtractor.type(key)).isEqualTo((byte) 2);
        assertThat(KeyExtractor.value(key)).isEqualTo("é-value");
        assertThat(key).hasSize(8 + 8 + 1 + "é-value".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        // big-endian, as ByteBuffer writes the row answers
        assertThat(key[7]).isEqualTo((byte) 17);
        assertThat(key[3]).isEqualTo((byte) 5);
    }

    @Test
    void equalWireFormsHashAlikeWhateverTheRowAndOtherFormsSpread() {
        byte[] a = KeyExtractor.key(1, 11, (byte) 0, "abc");
        byte[] b = KeyExtractor.key(99L << 32, 22, (byte) 0, "abc");
        byte[] otherType = KeyExtractor.key(1, 11, (byte) 1, "abc");
        assertThat(KeyExtractor.wireHash(a)).isEqualTo(KeyExtractor.wireHash(b));
        assertThat(KeyExtractor.wireHash(otherType)).isNotEqualTo(KeyExtractor.wireHash(a));
        KeyPartitioner partitioner = new KeyPartitioner(8);
        int[] counts = new int[8];
        for (int i = 0; i < 8_000; i++) {
            int p = partitioner.getPartition(KeyExtractor.key(i, i, (byte) 0, String.format("%064x", i)));
            counts[p]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);   // 1,000 each on average
        }
    }
}
