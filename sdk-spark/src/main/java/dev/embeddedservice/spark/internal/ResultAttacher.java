package dev.embeddedservice.spark.internal;

import dev.embeddedservice.NormalizedIdentifier;
import dev.embeddedservice.RecordStatus;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The last stage, in each input partition: walks the partition's rows beside its answers (sorted
 * by the row's index) and appends status, translated id and reason to every row. A row with no
 * answer was invalid when its key was extracted; its reason is computed again here. Before an
 * answer is attached, the row's fingerprint must equal the one taken when the key was extracted:
 * if Spark recomputed the input partition and it came back different (a non-deterministic input),
 * the task fails rather than attach an answer to the wrong row.
 */
final class ResultAttacher implements FlatMapFunction2<Iterator<Row>, Iterator<Tuple2<Long, byte[]>>, Row> {

    private static final long serialVersionUID = 1L;
    static final String CHANGED_INPUT = "the input partition changed when Spark computed it again (a non-deterministic "
            + "input): persist or checkpoint the input before translating it";

    private final RowIdentifiers identifiers;

    ResultAttacher(RowIdentifiers identifiers) {
        this.identifiers = identifiers;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows, Iterator<Tuple2<Long, byte[]>> answers) {
        return new Iterator<>() {
            private long index = -1;
            private Tuple2<Long, byte[]> answer;

            @Override
            public boolean hasNext() {
                if (!rows.hasNext() && (answer != null || answers.hasNext())) {
                    throw new IllegalStateException(CHANGED_INPUT);
                }
                return rows.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = rows.next();
                index++;
                if (answer == null && answers.hasNext()) {
                    answer = answers.next();
                }
                Object[] added;
                if (answer != null && Positions.index(answer._1()) == index) {
                    if (ResultCodec.fingerprint(answer._2()) != identifiers.fingerprint(row)) {
                        throw new IllegalStateException(CHANGED_INPUT);
                    }
                    added = ResultCodec.columns(answer._2());
                    answer = null;
                } else {
                    NormalizedIdentifier n = identifiers.normalize(row);
                    if (n.isValid()) {
                        throw new IllegalStateException(CHANGED_INPUT);
                    }
                    added = new Object[] {RecordStatus.INVALID.name(), null, n.invalidReason()};
                }
                return append(row, added);
            }
        };
    }

    private static Row append(Row row, Object[] added) {
        int n = row.length();
        Object[] values = new Object[n + added.length];
        for (int i = 0; i < n; i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(added, 0, values, n, added.length);
        return RowFactory.create(values);
    }
}
