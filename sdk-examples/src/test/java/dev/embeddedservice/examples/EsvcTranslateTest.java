package dev.embeddedservice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code esvc translate} end to end on the embedded emulator, and its answers to bad input. */
class EsvcTranslateTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int esvc(String... args) {
        return Esvc.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static String sha256(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%064x", new BigInteger(1, d));
    }

    /** Protocol §2 and §4 for an email, computed here: status and translated id. */
    static String[] expectedForEmail(String namespace, String email) throws Exception {
        String wire = sha256(email.trim().toLowerCase(Locale.ROOT));
        String h = sha256(namespace + "|EMAIL_SHA256|" + wire);
        return h.startsWith("f") ? new String[] {"NOT_FOUND", ""} : new String[] {"OK", "tk_" + h.substring(0, 32)};
    }

    @Test
    void translatesAPlainFileOfEmailsInInputOrder() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            emails.add((i % 3 == 0 ? " " : "") + "Person" + i + "@Example.org" + (i % 5 == 0 ? "  " : ""));
        }
        List<String> lines = new ArrayList<>(emails);
        lines.add(1, "");
        lines.add(7, "   ");
        lines.add(10, "not an email");
        Path input = Files.write(dir.resolve("emails.txt"), lines);
        Path output = dir.resolve("out.csv");

        int code = esvc("translate", "--input", input.toString(), "--output", output.toString(),
                "--target-namespace", "acme-media");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("embedded emulator").contains("3,001 records");
        Path probe = Files.createFile(dir.resolve("probe"));
        assertThat(Files.getPosixFilePermissions(output)).as("created like any new file (the umask decides)")
                .isEqualTo(Files.getPosixFilePermissions(probe));
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
        List<String> rows = Files.readAllLines(output);
        assertThat(rows.get(0)).isEqualTo("row,type,status,translated_id");
        assertThat(rows).hasSize(1 + 3_001);
        int e = 0;
        for (int row = 1; row <= 3_001; row++) {
            String[] cols = rows.get(row).split(",", -1);
            assertThat(cols[0]).isEqualTo(Integer.toString(row));
            assertThat(cols[1]).isEqualTo("EMAIL_SHA256");
            if (row == 9) { // the "not an email" line: blank lines are not rows
                assertThat(cols[2]).isEqualTo("INVALID");
                assertThat(cols[3]).isEmpty();
                continue;
            }
            String[] expected = expectedForEmail("acme-media", emails.get(e++));
            assertThat(cols[2]).as("row %d", row).isEqualTo(expected[0]);
            assertThat(cols[3]).as("row %d", row).isEqualTo(expected[1]);
        }
    }

    @Test
    void translatesACsvWithATypeColumnPerRow() throws Exception {
        Path input = Files.write(dir.resolve("ids.csv"), List.of(
                "value,type,note",
                "\"Alice@Example.com\",email,first",
                "(202) 555-0143,PHONE,",
                "6D92078A-8246-4BA4-AE5B-76104861E7DC,maid,",
                "not-a-uuid,maid,",
                "\"partner,id,with,commas\",custom,x"));
        Path output = dir.resolve("out.csv");

        assertThat(esvc("translate", "--input", input.toString(), "--output", output.toString())).as(err.toString())
                .isZero();

        List<String> rows = Files.readAllLines(output);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(2)).startsWith("2,PHONE_SHA256,");
        assertThat(rows.get(3)).startsWith("3,MAID,");
        assertThat(rows.get(4)).isEqualTo("4,MAID,INVALID,");
        assertThat(rows.get(5)).startsWith("5,CUSTOM,");
        String[] email = expectedForEmail("default", "alice@example.com");
        assertThat(rows.get(1)).isEqualTo("1,EMAIL_SHA256," + email[0] + "," + email[1]);
    }

    @Test
    void aMissingInputFileIsAOneLineErrorAndExitTwo() {
        int code = esvc("translate", "--input", dir.resolve("nope.txt").toString(), "--output",
                dir.resolve("o.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("esvc: cannot read input file " + dir.resolve("nope.txt")
                + ": no such file");
    }

    @Test
    void anUnreadableInputFileIsAOneLineError() throws IOException {
        Path input = Files.writeString(dir.resolve("secret.txt"), "a@example.com\n");
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(input); // root reads everything: then a directory stands in
        Path unreadable = root ? dir : input;
        int code = esvc("translate", "--input", unreadable.toString(), "--output", dir.resolve("o.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("esvc: cannot read input file").doesNotContain("\n");
    }

    @Test
    void anOutputThatCannotBeWrittenIsAOneLineError() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "a@example.com\n");
        int code = esvc("translate", "--input", input.toString(), "--output",
                dir.resolve("no/such/dir/out.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("esvc: cannot write output file").doesNotContain("\n");
    }

    @Test
    void aCsvWithoutTypeAndValueColumnsIsRefused() throws IOException {
        Path input = Files.write(dir.resolve("bad.csv"), List.of("email,name", "a@example.com,Alice"));
        Path output = dir.resolve("out.csv");
        int code = esvc("translate", "--input", input.toString(), "--output", output.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("type,value").doesNotContain("Exception");
        assertThat(output).doesNotExist();
    }

    @Test
    void anUnknownTypeIsRefusedWithItsLineAndNoPartialOutput() throws IOException {
        Path input = Files.write(dir.resolve("bad.csv"), List.of("type,value", "email,a@example.com",
                "fax,+1 202 555 0143"));
        Path output = dir.resolve("out.csv");
        int code = esvc("translate", "--input", input.toString(), "--output", output.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("line 3: unknown type 'fax'");
        assertThat(output).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
    }

    @Test
    void anUnknownTypeOptionIsRefused() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "a@example.com\n");
        int code = esvc("translate", "--input", input.toString(), "--output", dir.resolve("o.csv").toString(),
                "--type", "fax");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--type must be one of");
    }

    @Test
    void missingRequiredOptionsAreAUsageError() {
        assertThat(esvc("translate")).isEqualTo(2);
        assertThat(err.toString()).contains("--input").contains("--output");
    }
}
