package dev.embeddedservice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.embeddedservice.IdentifierType;
import dev.embeddedservice.TranslateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last stage without Spark: rows of one partition (id, email) beside answers arriving in any
 * order. Each row gets its own answer; an input that changed since its keys were taken fails the
 * task instead of pairing an answer with the wrong row.
 */
class ResultAttacherTest {

    private static final int PARTITION = 3;
    private final RowIdentifiers identifiers = new RowIdentifiers(1, -1, IdentifierType.EMAIL, "US");
    private final ResultAttacher attacher = new ResultAttacher(identifiers);

    @TempDir
    Path dir;

    private static List<Row> rows(String... emails) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < emails.length; i++) {
            rows.add(RowFactory.create((long) i, emails[i]));
        }
        return rows;
    }

    private byte[] answer(int index, Row row, TranslateResult result) {
        return ResultCodecTest.rowAnswer(Positions.of(PARTITION, index), identifiers.fingerprint(row),
                ResultCodec.answer(result));
    }

    private List<Row> attach(List<Row> rows, List<byte[]> answers) {
        RowAnswers placed = new RowAnswers(RowAnswers.PAGE, dir);
        for (byte[] a : answers) {
            placed.put(Positions.index(ResultCodec.position(a)), a);
        }
        List<Row> out = new ArrayList<>();
        Iterator<Row> it = attacher.attach(rows.iterator(), placed);
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyRowGetsItsOwnAnswerWhateverOrderTheAnswersCameIn() {
        List<Row> rows = rows("a@example.com", "not an email", "b@example.com", "c@example.com");
        List<byte[]> answers = List.of(
                answer(3, rows.get(3), TranslateResult.notFound(IdentifierType.EMAIL_SHA256)),
                answer(0, rows.get(0), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_a")),
                answer(2, rows.get(2), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_b")));

        List<Row> out = attach(rows, answers);

        assertThat(out).hasSize(4);
        assertThat(out.get(0).length()).isEqualTo(5);
        assertThat(out.get(0).getLong(0)).isEqualTo(0L);
        assertThat(out.get(0).getString(1)).isEqualTo("a@example.com");
        assertThat(out.get(0).getString(2)).isEqualTo("OK");
        assertThat(out.get(0).getString(3)).isEqualTo("tk_a");
        assertThat(out.get(0).isNullAt(4)).isTrue();
        assertThat(out.get(1).getLong(0)).isEqualTo(1L);
        assertThat(out.get(1).getString(2)).isEqualTo("INVALID");
        assertThat(out.get(1).isNullAt(3)).isTrue();
        assertThat(out.get(1).getString(4)).isNotBlank();
        assertThat(out.get(2).getString(2)).isEqualTo("OK");
        assertThat(out.get(2).getString(3)).isEqualTo("tk_b");
        assertThat(out.get(3).getString(2)).isEqualTo("NOT_FOUND");
        assertThat(out.get(3).isNullAt(3)).isTrue();
        assertThat(out.get(3).isNullAt(4)).isTrue();
    }

    @Test
    void anAnswerWhoseRowChangedFailsTheTask() {
        List<Row> taken = rows("a@example.com", "b@example.com");
        List<Row> recomputed = rows("b@example.com", "a@example.com");   // same rows, another order
        List<byte[]> answers = List.of(
                answer(0, taken.get(0), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_a")),
                answer(1, taken.get(1), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_b")));

        assertThatThrownBy(() -> attach(recomputed, answers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(ResultAttacher.CHANGED_INPUT);
    }

    @Test
    void aValidRowWithoutAnAnswerFailsTheTask() {
        List<Row> rows = rows("a@example.com", "b@example.com");
        List<byte[]> answers = List.of(answer(0, rows.get(0), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_a")));

        assertThatThrownBy(() -> attach(rows, answers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(ResultAttacher.CHANGED_INPUT);
    }

    @Test
    void anAnswerBeyondThePartitionsLastRowFailsTheTaskAtTheEnd() {
        List<Row> rows = rows("a@example.com");
        List<Row> longer = rows("a@example.com", "b@example.com");
        List<byte[]> answers = List.of(
                answer(0, rows.get(0), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_a")),
                answer(1, longer.get(1), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_b")));

        assertThatThrownBy(() -> attach(rows, answers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(ResultAttacher.CHANGED_INPUT);
    }

    @Test
    void theSameAnswersTwiceAreRefusedWhenPlaced() {
        List<Row> rows = rows("a@example.com");
        byte[] a = answer(0, rows.get(0), TranslateResult.ok(IdentifierType.EMAIL_SHA256, "tk_a"));
        assertThatThrownBy(() -> attach(rows, List.of(a, a)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two answers arrived for row 0 of one partition");
    }
}
