package dev.embeddedservice.spark.internal;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.serializer.KryoSerializer;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The trip back: each row answer goes to the partition of its row, as the key of a pair with no
 * value (the answer carries its position). Nothing is sorted here: the receiving task places the
 * answers by row index ({@link RowAnswers}), which costs less than Spark's sort of boxed keys. Keys
 * are byte arrays, so the shuffle uses Kryo whatever the application's {@code spark.serializer} is
 * (Java serialization would cost more than the rest of the trip).
 */
final class AnswerShuffle {

    private AnswerShuffle() {
    }

    static JavaRDD<byte[]> toRows(JavaRDD<byte[]> rowAnswers, int inputPartitions) {
        ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
        JavaPairRDD<byte[], byte[]> keyed = rowAnswers.mapToPair(a -> new Tuple2<>(a, null));
        ShuffledRDD<byte[], byte[], byte[]> shuffled = new ShuffledRDD<>(keyed.rdd(),
                new PositionPartitioner(inputPartitions), bytes, bytes, bytes);
        // No reference tracking: every key is a new byte array, so Kryo's table of seen objects, cleared
        // after each record, would be pure cost.
        shuffled.setSerializer(new KryoSerializer(rowAnswers.context().getConf().clone()
                .set("spark.kryo.referenceTracking", "false")));
        return new JavaPairRDD<>(shuffled, bytes, bytes).keys();
    }
}
