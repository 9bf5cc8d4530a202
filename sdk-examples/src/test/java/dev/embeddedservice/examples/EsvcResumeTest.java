package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.embeddedservice.testkit.EmbeddedServiceEmulator;
import dev.embeddedservice.testkit.Fault;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11, point 8 through {@code esvc}: a run interrupted at several points (by a row hook, as the
 * SIGINT hook does it, and once by a real SIGTERM) continues with {@code --resume}; the finished output
 * equals an uninterrupted run's byte for byte (computed here from the protocol), no record is sent
 * twice, and a partial output of another input, namespace, type or column set is refused.
 */
class EsvcResumeTest {

    private static final int ROWS = 12_000;

    @TempDir
    Path dir;

    private final EsvcHarness esvc = new EsvcHarness();

    @AfterEach
    void close() {
        esvc.close();
    }

    /**
     * Line {@code i} of the input: mostly emails in mixed case, the last quarter repeating earlier ones
     * (so resumed rows have later duplicates), some not emails, some in Latin-1.
     */
    private static byte[] line(int i) {
        if (i % 997 == 500) {
            return "not an email".getBytes(StandardCharsets.UTF_8);
        }
        if (i % 1231 == 7) {
            return ("caf\u00e9" + i + "@example.com").getBytes(StandardCharsets.ISO_8859_1);
        }
        return email(i).getBytes(StandardCharsets.UTF_8);
    }

    private static String email(int i) {
        return "Person" + (i % 9_000) + "@Example.com";
    }

    private static boolean valid(int i) {
        return i % 997 != 500 && i % 1231 != 7;
    }

    private Path input(int rows) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int i = 0; i < rows; i++) {
            in.writeBytes(line(i));
            in.write('\n');
        }
        return Files.write(dir.resolve("in.txt"), in.toByteArray());
    }

    /** The uninterrupted run's output, from the protocol. */
    private static byte[] expected(int rows, String namespace, boolean reasons) {
        StringBuilder s = new StringBuilder(reasons ? ResultRows.HEADER_WITH_REASONS : ResultRows.HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            int row = i + 1;
            if (i % 997 == 500) {
                s.append(row).append(",EMAIL_SHA256,INVALID,").append(reasons ? ",not an email address" : "");
            } else if (i % 1231 == 7) {
                s.append(row).append(",EMAIL_SHA256,INVALID,").append(reasons ? ",not valid UTF-8" : "");
            } else {
                s.append(ProtocolReference.emailRow(row, namespace, email(i))).append(reasons ? "," : "");
            }
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct valid emails among the first {@code rows} lines: what must be sent for them, once each. */
    private static long distinctValid(long rows) {
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            if (valid(i)) {
                distinct.add(email(i).toLowerCase());
            }
        }
        return distinct.size();
    }

    private void interruptAfter(long newRows) {
        TranslateCommand.rowHook = (row, run) -> {
            if (row == newRows) {
                run.interruption().request();
            }
        };
    }

    private long partialRows() throws Exception {
        return Files.readAllLines(dir.resolve("out.csv.partial"), StandardCharsets.UTF_8).size() - 1;
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "interrupted after row {0}, --reasons {1}")
    @CsvSource({"1, false", "1000, true", "2500, false", "4321, true"})
    void aResumedRunEqualsAnUninterruptedOneAndSendsNothingTwice(long interruptAt, boolean reasons) throws Exception {
        esvc.startService(dir);
        Path input = input(ROWS);
        List<String> args = new ArrayList<>(List.of("translate", "--input", input.toString(), "--output",
                dir.resolve("out.csv").toString(), "--concurrency", "2"));
        if (reasons) {
            args.add("--reasons");
        }
        interruptAfter(interruptAt);

        assertThat(esvc.runOnService(args.toArray(String[]::new))).as(esvc.err.toString()).isEqualTo(1);
        long kept = partialRows();
        assertThat(kept).isBetween(interruptAt, ROWS - 1L);
        assertThat(esvc.recordsSent()).as("sent for the kept rows, once each").isEqualTo(distinctValid(kept));
        assertThat(Files.readAllBytes(dir.resolve("out.csv.partial")))
                .isEqualTo(java.util.Arrays.copyOf(expected(ROWS, "default", reasons),
                        (int) Files.size(dir.resolve("out.csv.partial"))));

        TranslateCommand.rowHook = (row, run) -> { };
        args.add("--resume");
        assertThat(esvc.runOnService(args.toArray(String[]::new))).as(esvc.err.toString()).isZero();

        assertThat(esvc.err.toString()).contains(String.format("its %,d of 12,000 rows are not sent again", kept));
        assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(expected(ROWS, "default", reasons));
        assertThat(esvc.recordsSent()).as("every distinct email sent once over both runs").isEqualTo(distinctValid(ROWS));
        assertThat(files()).containsExactly("in.txt", "license.key", "out.csv");
    }

    @Test
    void aRunInterruptedTwiceFinishesOnTheThirdAsIfNeverInterrupted() throws Exception {
        esvc.startService(dir);
        Path input = input(ROWS);
        String[] args = {"translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(),
                "--target-namespace", "acme", "--concurrency", "1", "--resume"};

        interruptAfter(1_500);
        assertThat(esvc.runOnService(args)).isEqualTo(1);
        long first = partialRows();
        interruptAfter(2_500);
        assertThat(esvc.runOnService(args)).isEqualTo(1);
        assertThat(partialRows()).isBetween(first + 2_500, ROWS - 1L);
        TranslateCommand.rowHook = (row, run) -> { };
        assertThat(esvc.runOnService(args)).as(esvc.err.toString()).isZero();

        assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(expected(ROWS, "acme", false));
        assertThat(esvc.recordsSent()).isEqualTo(distinctValid(ROWS));
    }

    @Test
    void aPartialOfAnotherInputNamespaceTypeOrColumnSetIsRefusedAndNothingIsSent() throws Exception {
        esvc.startService(dir);
        Path input = input(ROWS);
        String out = dir.resolve("out.csv").toString();
        interruptAfter(1_000);
        assertThat(esvc.runOnService("translate", "--input", input.toString(), "--output", out, "--concurrency", "1"))
                .isEqualTo(1);
        TranslateCommand.rowHook = (row, run) -> { };
        byte[] partial = Files.readAllBytes(dir.resolve("out.csv.partial"));
        long sent = esvc.recordsSent();
        Path other = Files.write(dir.resolve("other.txt"), List.of("someone@example.com"));

        String[][] cases = {
                {"--input", other.toString()},
                {"--input", input.toString(), "--target-namespace", "acme"},
                {"--input", input.toString(), "--type", "custom"},
                {"--input", input.toString(), "--reasons"}};
        String[] why = {"it was written for another input (12,000 identifiers in",
                "it was written for --target-namespace 'default', not 'acme'",
                "it was written for --type email, not custom",
                "it was written without --reasons; resume without it, or start over"};
        for (int c = 0; c < cases.length; c++) {
            List<String> args = new ArrayList<>(List.of("translate", "--output", out, "--resume"));
            args.addAll(List.of(cases[c]));
            assertThat(esvc.runOnService(args.toArray(String[]::new))).as(String.join(" ", cases[c])).isEqualTo(2);
            assertThat(esvc.err.toString()).contains("esvc: cannot resume from " + dir.toRealPath()
                    .resolve("out.csv.partial") + ": " + why[c]);
        }

        assertThat(Files.readAllBytes(dir.resolve("out.csv.partial"))).isEqualTo(partial);
        assertThat(esvc.recordsSent()).isEqualTo(sent);
    }

    @Test
    void aRowCutShortByAHardStopIsCutOffAndTranslatedAgain() throws Exception {
        Path input = input(3_000);
        String[] args = {"translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(),
                "--concurrency", "1", "--resume"};
        interruptAfter(1_000);
        assertThat(esvc.run(args)).isEqualTo(1);
        long kept = partialRows();
        Files.writeString(dir.resolve("out.csv.partial"), (kept + 1) + ",EMAIL_SHA256,O", StandardOpenOption.APPEND);
        TranslateCommand.rowHook = (row, run) -> { };

        assertThat(esvc.run(args)).as(esvc.err.toString()).isZero();

        assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(expected(3_000, "default", false));
    }

    @Test
    void resumeWithoutAPartialOutputStartsFromTheFirstRow() throws Exception {
        Path input = input(50);
        assertThat(esvc.run("translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(),
                "--resume")).isZero();
        assertThat(esvc.err.toString()).contains("to resume: starting from the first row");
        assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(expected(50, "default", false));
    }

    @Test
    void aPartialOutputWithoutItsResumeFileIsRefused() throws Exception {
        Path input = input(50);
        Files.writeString(dir.resolve("out.csv.partial"), ResultRows.HEADER + "\n");
        assertThat(esvc.run("translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(),
                "--resume")).isEqualTo(2);
        assertThat(esvc.err.toString()).contains("out.csv.partial.resume is missing");
    }

    @Test
    void aRealSigtermKeepsThePartialWithTheBatchesInFlightAndResumeFinishesIt() throws Exception {
        EmbeddedServiceEmulator emulator = esvc.startService(dir);
        emulator.faults().delay(Duration.ofMillis(150)).rate(1.0, Fault.DELAY);
        int rows = 40_000;
        Path input = input(rows);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Esvc.class.getName(),
                "translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString(),
                "--concurrency", "2", "--verbose"));
        command.addAll(esvc.serviceArgs());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AWS_ACCESS_KEY_ID", emulator.awsAccessKeyId());
        pb.environment().put("AWS_SECRET_ACCESS_KEY", emulator.awsSecretAccessKey());
        Process process = pb.start();
        List<String> stderr = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.contains(" rows written")) {
                stderr.add(line);
            }
            assertThat(line).as("the progress line, before the end: " + stderr).isNotNull();
            process.toHandle().destroy(); // SIGTERM, once rows are being written
            while ((line = err.readLine()) != null) {
                stderr.add(line);
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(String.join("\n", stderr)).isEqualTo(143);
        long kept = partialRows();
        assertThat(kept).isBetween(1L, rows - 1L);
        assertThat(stderr).contains(String.format("esvc: interrupted: %,d of 40,000 rows are kept in %s (complete rows "
                + "only); run the same command with --resume to continue without sending them again", kept,
                dir.toRealPath().resolve("out.csv.partial")));
        assertThat(esvc.recordsSent()).as("the batches in flight were answered and written: none billed for nothing")
                .isEqualTo(distinctValid(kept));

        emulator.faults().clear();
        List<String> resume = new ArrayList<>(command.subList(4, command.size()));
        resume.add("--resume");
        assertThat(esvc.run(resume.toArray(String[]::new))).as(esvc.err.toString()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("out.csv"))).isEqualTo(expected(rows, "default", false));
        assertThat(esvc.recordsSent()).isEqualTo(distinctValid(rows));
        assertThat(files()).containsExactly("in.txt", "license.key", "out.csv");
    }
}
