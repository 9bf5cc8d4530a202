package dev.embeddedservice.spark.internal;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.ShuffledRDD;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The plan's two shuffles, of byte arrays that carry their own routing: the keys to their
 * translating partition ({@link KeyPartitioner}) and the row answers back to the partition of their
 * row ({@link PositionPartitioner}). Each record is the key of a pair with no value. Nothing is
 * sorted or combined: the receiving side streams keys into the client, whose whole-stream
 * de-duplication sends each distinct one once, and places answers by row index ({@link RowAnswers}).
 * The shuffle writes the bytes as they are ({@link RawBytesSerializer}), whatever the application's
 * {@code spark.serializer} is.
 */
final class ByteShuffle {

    private ByteShuffle() {
    }

    static JavaRDD<byte[]> shuffle(JavaRDD<byte[]> records, Partitioner partitioner) {
        ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
        JavaPairRDD<byte[], byte[]> keyed = records.mapToPair(a -> new Tuple2<>(a, null));
        ShuffledRDD<byte[], byte[], byte[]> shuffled = new ShuffledRDD<>(keyed.rdd(), partitioner, bytes, bytes, bytes);
        shuffled.setSerializer(new RawBytesSerializer());
        return new JavaPairRDD<>(shuffled, bytes, bytes).keys();
    }
}
