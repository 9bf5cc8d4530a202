package dev.embeddedservice.spark.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Joins one partition of the grouped keys with the same partition of the translated distinct
 * identifiers, without a shuffle: both list the partition's wire forms in the same order (the
 * translated ones once each), so one pass pairs every key with its answer. Each pairing is checked
 * (wire type and value equal), never assumed. Emits (position, answer) for the trip back.
 */
final class AnswerMerger implements FlatMapFunction2<Iterator<Row>, Iterator<byte[]>, Tuple2<Long, byte[]>> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Tuple2<Long, byte[]>> call(Iterator<Row> keys, Iterator<byte[]> translated) {
        return new Iterator<>() {
            private byte[] answer;

            @Override
            public boolean hasNext() {
                return keys.hasNext();
            }

            @Override
            public Tuple2<Long, byte[]> next() {
                if (!keys.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row key = keys.next();
                byte type = key.getByte(0);
                String value = key.getString(1);
                if (answer == null || !ResultCodec.isOf(answer, type, value)) {
                    if (!translated.hasNext()) {
                        throw new IllegalStateException("a grouped identifier has no translation: the grouped keys "
                                + "changed after they were translated");
                    }
                    answer = translated.next();
                    if (!ResultCodec.isOf(answer, type, value)) {
                        throw new IllegalStateException("the grouped keys and their translations are out of step");
                    }
                }
                return new Tuple2<>(key.getLong(2), ResultCodec.answer(answer, key.getLong(3)));
            }
        };
    }
}
