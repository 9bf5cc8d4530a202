package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, point 7 through {@code esvc}: output equal to input is refused; {@code -} is standard input
 * and output; devices and FIFOs are written through, symbolic links followed; a regular output goes
 * through {@code <output>.partial}, kept with complete rows only when a run stops, and never left
 * behind by a finished run.
 */
class EsvcOutputTest {

    @TempDir
    Path dir;

    private final EsvcHarness esvc = new EsvcHarness();

    @AfterEach
    void close() {
        esvc.close();
    }

    private Path emails(String name, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("person" + i + "@example.com");
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static List<String> expectedRows(int count) {
        List<String> rows = new ArrayList<>(List.of(ResultRows.HEADER));
        for (int i = 0; i < count; i++) {
            rows.add(ProtocolReference.emailRow(i + 1, "default", "person" + i + "@example.com"));
        }
        return rows;
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anOutputThatIsTheInputIsRefusedByNameBySymlinkAndByHardLink() throws Exception {
        Path input = emails("in.txt", 3);
        byte[] before = Files.readAllBytes(input);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.csv"), input);
        Path hardLink = Files.createLink(dir.resolve("hard.csv"), input);

        for (Path output : List.of(input, symlink, hardLink)) {
            assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString()))
                    .as(output.toString()).isEqualTo(2);
            assertThat(esvc.err.toString()).contains("is the input file itself");
        }

        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        assertThat(files()).containsExactly("hard.csv", "in.txt", "link.csv");
    }

    @Test
    void dashReadsStandardInputAndWritesStandardOutput() throws Exception {
        InputStream stdin = System.in;
        List<String> spoolsBefore = spools();
        System.setIn(new ByteArrayInputStream(Files.readAllBytes(emails("in.txt", 2_500))));
        try {
            assertThat(esvc.run("translate", "--input", "-", "--output", "-")).as(esvc.err.toString()).isZero();
        } finally {
            System.setIn(stdin);
        }
        assertThat(esvc.out.toString().lines().toList()).isEqualTo(expectedRows(2_500));
        assertThat(spools()).as("the copy of standard input is deleted").isEqualTo(spoolsBefore);
        assertThat(files()).containsExactly("in.txt");
    }

    private static List<String> spools() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("esvc-stdin-")).sorted().toList();
        }
    }

    @Test
    void aFifoIsWrittenThroughAndStaysAFifo() throws Exception {
        Path input = emails("in.txt", 1_200);
        Path fifo = dir.resolve("results.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", fifo.toString()))
                .as(esvc.err.toString()).isZero();

        String written = new String(reader.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(written.lines().toList()).isEqualTo(expectedRows(1_200));
        assertThat(Files.readAttributes(fifo, PosixFileAttributes.class).isOther()).as("still a FIFO").isTrue();
        assertThat(files()).containsExactly("in.txt", "results.fifo");
    }

    @Test
    void aSymlinkedOutputIsWrittenThroughToItsTarget() throws Exception {
        Path input = emails("in.txt", 10);
        Path realDir = Files.createDirectory(dir.resolve("real"));
        Path target = Files.writeString(realDir.resolve("target.csv"), "an older output\n");
        Path link = Files.createSymbolicLink(dir.resolve("out.csv"), Path.of("real", "target.csv"));

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", link.toString()))
                .as(esvc.err.toString()).isZero();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real", "target.csv"));
        assertThat(Files.readAllLines(target)).isEqualTo(expectedRows(10));
        assertThat(files()).containsExactly("in.txt", "out.csv", "real");
        try (Stream<Path> files = Files.list(realDir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFinishedRunReplacesTheOutputAndLeavesNoTemporaryFile() throws Exception {
        Path input = emails("in.txt", 3_000);
        Path output = Files.writeString(dir.resolve("out.csv"), "an older output\n");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString()))
                .as(esvc.err.toString()).isZero();

        assertThat(Files.readAllLines(output)).isEqualTo(expectedRows(3_000));
        assertThat(files()).containsExactly("in.txt", "out.csv");
    }

    @Test
    void anInterruptedRunKeepsAVisiblePartialOfCompleteRowsHavingBilledOnlyThoseAndSaysSo() throws Exception {
        esvc.startService(dir);
        Path input = emails("in.txt", 20_000);
        Path output = Files.writeString(dir.resolve("out.csv"), "an older output\n");
        TranslateCommand.rowHook = (row, run) -> {
            if (row == 2_500) {
                run.interruption().request(); // as SIGINT's shutdown hook does
            }
        };

        int code = esvc.runOnService("translate", "--input", input.toString(), "--output", output.toString(),
                "--concurrency", "2");

        assertThat(code).isEqualTo(1);
        Path partial = dir.resolve("out.csv.partial");
        List<String> kept = Files.readAllLines(partial);
        int rows = kept.size() - 1;
        assertThat(rows).isBetween(2_500, 19_999);
        assertThat(kept).isEqualTo(expectedRows(rows));
        assertThat(Files.readString(partial)).endsWith("\n");
        assertThat(esvc.recordsSent()).as("every record sent has its row: nothing billed was thrown away")
                .isEqualTo(rows);
        assertThat(esvc.err.toString().strip()).isEqualTo(String.format("esvc: interrupted: %,d of 20,000 rows are "
                + "kept in %s (complete rows only); run the same command with --resume to continue without sending "
                + "them again",
                rows, partial.toRealPath()));
        assertThat(Files.readString(output)).as("the output is untouched").isEqualTo("an older output\n");
        assertThat(files()).containsExactly("in.txt", "license.key", "out.csv", "out.csv.partial",
                "out.csv.partial.resume");
    }

    @Test
    void aRunThatFailsMidwayKeepsItsPartialAndSaysWhy() throws Exception {
        Path input = emails("in.txt", 6_000);
        Path output = dir.resolve("out.csv");
        TranslateCommand.rowHook = (row, run) -> {
            if (row == 1_000) {
                throw new IllegalStateException("the disk is on fire");
            }
        };

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", output.toString(),
                "--concurrency", "1")).isEqualTo(1);

        assertThat(Files.readAllLines(dir.resolve("out.csv.partial"))).as("the rows written before the failure")
                .isEqualTo(expectedRows(1_000));
        assertThat(esvc.err.toString()).contains("esvc: the disk is on fire: 1,000 of 6,000 rows are kept in "
                        + dir.toRealPath().resolve("out.csv.partial") + " (complete rows only); run the same command with "
                        + "--resume to continue")
                .doesNotContain("\tat ");
        assertThat(output).doesNotExist();
    }

    @Test
    void aPartialOutputOfAnEarlierRunIsNeverOverwritten() throws Exception {
        Path input = emails("in.txt", 3);
        Path partial = Files.writeString(dir.resolve("out.csv.partial"), ResultRows.HEADER + "\n1,EMAIL_SHA256,OK,tk_x\n");

        assertThat(esvc.run("translate", "--input", input.toString(), "--output", dir.resolve("out.csv").toString()))
                .isEqualTo(2);

        assertThat(esvc.err.toString()).contains(partial.toRealPath() + " holds the rows of an interrupted run: add "
                + "--resume to continue it");
        assertThat(Files.readString(partial)).isEqualTo(ResultRows.HEADER + "\n1,EMAIL_SHA256,OK,tk_x\n");
    }

    @Test
    void devStdoutIsWrittenThroughTheProcessStandardOutputNeverReplaced() throws Exception {
        Path input = emails("in.txt", 1_500);
        Path redirected = Files.writeString(dir.resolve("stdout.csv"), "");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Esvc.class.getName(), "translate", "--input", input.toString(), "--output", "/dev/stdout")
                .redirectOutput(redirected.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(Files.readAllLines(redirected)).isEqualTo(expectedRows(1_500));
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
        assertThat(files()).containsExactly("in.txt", "stdout.csv");
    }
}
