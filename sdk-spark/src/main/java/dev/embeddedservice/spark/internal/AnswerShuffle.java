package dev.embeddedservice.spark.internal;

import java.io.Serializable;
import java.util.Comparator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.serializer.KryoSerializer;
import scala.math.Ordering;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The trip back: each answer goes to the partition of its row and arrives sorted by the row's
 * index. Keys are longs and values byte arrays, so the shuffle uses Kryo whatever the application's
 * {@code spark.serializer} is (Java serialization would cost more than the rest of the trip).
 */
final class AnswerShuffle {

    private AnswerShuffle() {
    }

    static JavaPairRDD<Long, byte[]> toRows(JavaPairRDD<Long, byte[]> answers, int inputPartitions) {
        ClassTag<Long> longs = ClassTag$.MODULE$.apply(Long.class);
        ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
        ShuffledRDD<Long, byte[], byte[]> shuffled = new ShuffledRDD<>(answers.rdd(),
                new PositionPartitioner(inputPartitions), longs, bytes, bytes);
        shuffled.setSerializer(new KryoSerializer(answers.context().getConf()));
        shuffled.setKeyOrdering(Ordering.comparatorToOrdering(new ByPosition()));
        return new JavaPairRDD<>(shuffled, longs, bytes);
    }

    /** Positions in ascending order: the row's index within its partition. */
    private static final class ByPosition implements Comparator<Long>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Long a, Long b) {
            return Long.compare(a, b);
        }
    }
}
