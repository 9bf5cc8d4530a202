package dev.embeddedservice.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The placement of a partition's answers by row index, on the heap and spilled to a file. */
class RowAnswersTest {

    @TempDir
    Path dir;

    /** Answer bytes that name their row and have a length of their own, from 1 to {@code maxLength}. */
    private static byte[] answerOf(long index, int maxLength) {
        byte[] name = ("row-" + index + ";").getBytes(StandardCharsets.US_ASCII);
        int length = 1 + (int) ((index * 7_919) % maxLength);
        byte[] a = new byte[length];
        for (int i = 0; i < length; i++) {
            a[i] = name[i % name.length];
        }
        return a;
    }

    /** Indices 0 .. rows-1 but every third, in a seeded random order: a shuffle's arrival. */
    private static List<Long> arrivalOrder(int rows) {
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            if (i % 3 != 1) {
                order.add(i);
            }
        }
        Collections.shuffle(order, new Random(42));
        return order;
    }

    @Test
    void answersArrivingInAnyOrderAreReadBackByRowIndexOnTheHeap() throws IOException {
        int rows = 10_000;
        try (RowAnswers answers = new RowAnswers(64L << 20, dir)) {
            for (long i : arrivalOrder(rows)) {
                answers.put(i, answerOf(i, 100));
            }
            assertThat(answers.count()).isEqualTo(rows - rows / 3);
            assertThat(answers.spilled()).isFalse();
            for (long i = 0; i < rows; i++) {
                if (i % 3 == 1) {
                    assertThat(answers.get(i)).as("row %d has no answer", i).isNull();
                } else {
                    assertThat(answers.get(i)).as("row %d", i).isEqualTo(answerOf(i, 100));
                }
            }
            assertThat(answers.get(rows)).isNull();
            assertThat(answers.get(-1)).isNull();
            assertThat(files()).isEmpty();
        }
    }

    @Test
    void pagesBeyondTheMemoryBudgetGoToAFileAndComeBackExactly() throws IOException {
        // One page on the heap; about 60,000 answers of up to 600 bytes fill some 70 pages. Answers over
        // 252 bytes take a second read from the file.
        int rows = 90_000;
        RowAnswers answers = new RowAnswers(RowAnswers.PAGE, dir);
        for (long i : arrivalOrder(rows)) {
            answers.put(i, answerOf(i, 600));
        }
        assertThat(answers.spilled()).isTrue();
        // The file is opened delete-on-close: on Linux its name goes at once, so a killed executor leaves nothing.
        assertThat(files()).isEmpty();
        for (long i = 0; i < rows; i++) {
            byte[] expected = i % 3 == 1 ? null : answerOf(i, 600);
            assertThat(answers.get(i)).as("row %d", i).isEqualTo(expected);
        }
        answers.close();
        assertThat(files()).isEmpty();
        answers.close();   // a second close does nothing
    }

    @Test
    void anAnswerFillingAWholePageFitsAndOneByteMoreIsRefused() {
        try (RowAnswers answers = new RowAnswers(RowAnswers.PAGE, dir)) {
            byte[] largest = new byte[RowAnswers.PAGE - 4];
            largest[0] = 1;
            largest[largest.length - 1] = 2;
            answers.put(0, new byte[] {9});
            answers.put(1, largest);
            answers.put(2, largest);   // a page of its own, in the file
            assertThat(answers.get(0)).containsExactly(9);
            assertThat(answers.get(1)).isEqualTo(largest);
            assertThat(answers.get(2)).isEqualTo(largest);
            assertThat(answers.spilled()).isTrue();
            assertThatThrownBy(() -> answers.put(3, new byte[RowAnswers.PAGE - 3]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("an answer of 262141 bytes is longer than 262140 bytes");
            assertThat(answers.count()).isEqualTo(3);
        }
    }

    @Test
    void aSecondAnswerForOneRowOrAnIndexOutOfRangeIsAnError() {
        try (RowAnswers answers = new RowAnswers(RowAnswers.PAGE, dir)) {
            answers.put(5, new byte[] {1});
            assertThatThrownBy(() -> answers.put(5, new byte[] {2}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("two answers arrived for row 5 of one partition");
            assertThatThrownBy(() -> answers.put(-1, new byte[] {2}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("row index -1 is outside");
            assertThatThrownBy(() -> answers.put(Integer.MAX_VALUE, new byte[] {2}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("row index 2147483647 is outside");
            assertThat(answers.get(5)).containsExactly(1);
            assertThat(answers.count()).isEqualTo(1);
        }
    }

    @Test
    void anEmptyPartitionHasNoAnswers() {
        try (RowAnswers answers = new RowAnswers(RowAnswers.PAGE, dir)) {
            assertThat(answers.count()).isZero();
            assertThat(answers.get(0)).isNull();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
