package dev.embeddedservice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** The shuffles' serializer, driven as Spark's shuffle writer and reader drive it. */
class RawBytesSerializerTest {

    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);
    private final SerializerInstance serializer = new RawBytesSerializer().newInstance();

    private byte[] write(List<byte[]> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationStream out = serializer.serializeStream(bytes);
        for (byte[] r : records) {
            out.writeKey(r, ANY);
            out.writeValue(null, ANY);
        }
        out.close();
        return bytes.toByteArray();
    }

    private List<byte[]> read(byte[] stream) {
        DeserializationStream in = serializer.deserializeStream(new ByteArrayInputStream(stream));
        List<byte[]> keys = new ArrayList<>();
        scala.collection.Iterator<Tuple2<Object, Object>> pairs = in.asKeyValueIterator();
        while (pairs.hasNext()) {
            Tuple2<Object, Object> pair = pairs.next();
            assertThat(pair._2()).isNull();
            keys.add((byte[]) pair._1());
        }
        return keys;
    }

    @Test
    void recordsComeBackInOrderExactlyAndTheStreamEndsCleanly() {
        List<byte[]> records = List.of(new byte[0], new byte[] {1, 2, 3}, new byte[300], "€ and more".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        records.get(2)[299] = 7;
        byte[] stream = write(records);
        // length (4 bytes, big-endian) then the bytes, nothing for the value
        assertThat(stream).hasSize(4 * 4 + 0 + 3 + 300 + records.get(3).length);
        assertThat(Arrays.copyOfRange(stream, 4, 8)).containsExactly(0, 0, 0, 3);
        List<byte[]> back = read(stream);
        assertThat(back).hasSize(4);
        for (int i = 0; i < records.size(); i++) {
            assertThat(back.get(i)).as("record %d", i).isEqualTo(records.get(i));
        }
        assertThat(read(new byte[0])).isEmpty();
    }

    @Test
    void recordsWrittenApartReadBackAsOneStreamWhenTheirBytesAreConcatenated() {
        // what Spark's serialized shuffle does with relocatable records: it cuts and joins their bytes
        assertThat(new RawBytesSerializer().supportsRelocationOfSerializedObjects()).isTrue();
        byte[] first = write(List.of(new byte[] {1}, new byte[] {2, 2}));
        byte[] second = write(List.of(new byte[] {3, 3, 3}));
        byte[] joined = new byte[second.length + first.length];
        System.arraycopy(second, 0, joined, 0, second.length);
        System.arraycopy(first, 0, joined, second.length, first.length);
        List<byte[]> back = read(joined);
        assertThat(back).hasSize(3);
        assertThat(back.get(0)).containsExactly(3, 3, 3);
        assertThat(back.get(1)).containsExactly(1);
        assertThat(back.get(2)).containsExactly(2, 2);
    }

    @Test
    void aRecordCutShortIsAnErrorNotAQuietEnd() {
        byte[] stream = write(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6}));
        assertThatThrownBy(() -> read(Arrays.copyOf(stream, stream.length - 1)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("a shuffled record is cut short");
        assertThatThrownBy(() -> read(Arrays.copyOf(stream, 9)))   // within the second record's length
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("a shuffled record is cut short");
    }

    @Test
    void onlyByteArraysWithNoValueAreWritten() {
        SerializationStream out = serializer.serializeStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> out.writeKey("text", ANY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this serializer writes byte arrays only, not java.lang.String");
        assertThatThrownBy(() -> out.writeValue(new byte[] {1}, ANY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the records of this shuffle have no value");
    }

    @Test
    void aSingleRecordRoundTripsThroughABuffer() {
        ByteBuffer buffer = serializer.serialize(new byte[] {9, 8}, ANY);
        assertThat((byte[]) serializer.deserialize(buffer, ANY)).containsExactly(9, 8);
        assertThat((byte[]) serializer.deserialize(ByteBuffer.wrap(new byte[] {5}), getClass().getClassLoader(), ANY))
                .containsExactly(5);
    }
}
