package dev.embeddedservice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TranslateJob} on the embedded emulator: its files are checked row by row against the input. */
class TranslateJobTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    @Test
    void writesOneRowPerIdentifierInInputOrderWithTheEsvcHeader() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add(i % 97 == 0 ? "" : i % 89 == 0 ? "not-an-email" : " User" + (i % 2500) + "@Example.com");
        }
        Path input = Files.write(dir.resolve("emails.txt"), lines);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TranslateJob.run(new PrintStream(err, true, StandardCharsets.UTF_8), "--input", input.toString(),
                "--output", dir.resolve("out").toString(), "--type", "email", "--target-namespace", "acme-media");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("running on the embedded emulator");
        List<String[]> rows = readParts(dir.resolve("out"));
        List<String> identifiers = lines.stream().filter(l -> !l.isBlank()).toList();
        assertThat(rows).hasSize(identifiers.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            ProtocolReference.Expected expected = ProtocolReference.expected("acme-media", "email", identifiers.get(i));
            assertThat(row[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(row[1]).isEqualTo("EMAIL_SHA256");
            assertThat(row[2]).as("row %s", i + 1).isEqualTo(expected.status());
            assertThat(row.length > 3 ? row[3] : "").isEqualTo(expected.translatedId() == null ? "" : expected.translatedId());
        }
    }

    @Test
    void readsACsvWithATypeColumnAndWritesReasonsOnRequest() throws IOException {
        Path input = Files.writeString(dir.resolve("ids.csv"), String.join("\n", "type,value",
                "email,alice.smith@example.com", "phone,(202) 555-0143", "maid,6D92078A-8246-4BA4-AE5B-76104861E7DC",
                "fax,12345", "email,not-an-email", ""));

        int code = TranslateJob.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                "--input", input.toString(), "--format", "csv", "--output", dir.resolve("out").toString(), "--reasons");

        assertThat(code).isZero();
        List<String[]> rows = readParts(dir.resolve("out"));
        assertThat(rows).extracting(r -> r[0] + "," + r[1] + "," + r[2]).containsExactly(
                "1,EMAIL_SHA256," + ProtocolReference.expected("default", "email", "alice.smith@example.com").status(),
                "2,PHONE_SHA256," + ProtocolReference.expected("default", "phone", "(202) 555-0143").status(),
                "3,MAID," + ProtocolReference.expected("default", "maid", "6D92078A-8246-4BA4-AE5B-76104861E7DC").status(),
                "4,,INVALID", "5,EMAIL_SHA256,INVALID");
        assertThat(rows.get(3)[4]).isEqualTo("unknown identifier type");
    }

    @Test
    void refusesALicenseKeyOnTheCommandLineAndUnknownFlagsWithExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(TranslateJob.run(stream, "--input", "x", "--output", "y", "--license-key", "k")).isEqualTo(2);
        assertThat(TranslateJob.run(stream, "--input", "x", "--output", "y", "--bogus")).isEqualTo(2);
        assertThat(TranslateJob.run(stream, "--output", "y")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--license-key-file", "unknown option --bogus",
                "--input is required");
    }

    /** The data rows of every part file, in part order, each file's header checked and dropped. */
    static List<String[]> readParts(Path out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part);
                if (lines.isEmpty()) {
                    continue;
                }
                assertThat(lines.get(0)).startsWith("row,type,status,translated_id");
                lines.stream().skip(1).map(l -> l.split(",", -1)).forEach(rows::add);
            }
        }
        return rows;
    }
}
