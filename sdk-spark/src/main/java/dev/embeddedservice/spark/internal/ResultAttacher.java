package dev.embeddedservice.spark.internal;

import dev.embeddedservice.NormalizedIdentifier;
import dev.embeddedservice.RecordStatus;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The last stage, in each input partition: places the partition's answers by row index
 * ({@link RowAnswers}), then walks its rows and appends status, translated id and reason to every
 * row. A row with no answer was invalid when its key was extracted; its reason is computed again
 * here. Before an answer is attached, the row's fingerprint must equal the one taken when the key
 * was extracted: if Spark recomputed the input partition and it came back different (a
 * non-deterministic input), the task fails rather than attach an answer to the wrong row.
 */
final class ResultAttacher implements FlatMapFunction2<Iterator<Row>, Iterator<byte[]>, Row> {

    private static final long serialVersionUID = 1L;
    static final String CHANGED_INPUT = "the input partition changed when Spark computed it again (a non-deterministic "
            + "input): persist or checkpoint the input before translating it";
    /** The heap a task's placed answers may take before later ones go to a file on local disk. */
    static final long ANSWER_MEMORY_BYTES = 64L << 20;

    private final RowIdentifiers identifiers;

    ResultAttacher(RowIdentifiers identifiers) {
        this.identifiers = identifiers;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows, Iterator<byte[]> answers) {
        RowAnswers placed = new RowAnswers(ANSWER_MEMORY_BYTES, Path.of(System.getProperty("java.io.tmpdir")));
        TaskContext task = TaskContext.get();
        if (task != null) {
            TaskCompletionListener close = context -> placed.close();
            task.addTaskCompletionListener(close);
        }
        try {
            while (answers.hasNext()) {
                byte[] answer = answers.next();
                placed.put(Positions.index(ResultCodec.position(answer)), answer);
            }
        } catch (RuntimeException e) {
            placed.close();
            throw e;
        }
        return attach(rows, placed);
    }

    /** The rows with their columns appended, the answers already placed; closes {@code placed} at the end. */
    Iterator<Row> attach(Iterator<Row> rows, RowAnswers placed) {
        return new Iterator<>() {
            private long index = -1;
            private long attached;

            @Override
            public boolean hasNext() {
                if (rows.hasNext()) {
                    return true;
                }
                long unattached = placed.count() - attached;
                placed.close();
                if (unattached != 0) {
                    throw new IllegalStateException(CHANGED_INPUT);
                }
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = rows.next();
                index++;
                byte[] answer = placed.get(index);
                Object[] added;
                if (answer != null) {
                    if (ResultCodec.fingerprint(answer) != identifiers.fingerprint(row)) {
                        throw new IllegalStateException(CHANGED_INPUT);
                    }
                    added = ResultCodec.columns(answer);
                    attached++;
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
